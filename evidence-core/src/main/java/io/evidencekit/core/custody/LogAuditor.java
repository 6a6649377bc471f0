package io.evidencekit.core.custody;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.Sha256;
import io.evidencekit.core.custody.log.Checkpoint;
import io.evidencekit.core.custody.log.ConsistencyProof;
import io.evidencekit.core.custody.log.InMemoryTileStore;
import io.evidencekit.core.custody.log.MerkleLog;
import io.evidencekit.core.custody.log.NoteVerifierKey;
import io.evidencekit.core.custody.log.Rfc6962;
import io.evidencekit.core.custody.log.SignedNote;
import io.evidencekit.core.custody.log.Verification;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * Audits a custody log in a database without trusting what the engine derived: every event's body is
 * re-hashed, every leaf rebuilt from the event row ({@link CustodyLeaf}), and the whole tree rebuilt in
 * memory from those leaves, ignoring the stored tiles. The result is compared with every stored
 * checkpoint: its signature (under the key the caller trusts, or else the keys the database records),
 * its root at its size, and its consistency with the checkpoint before it. The stored leaf hashes and
 * tiles, from which the engine hands out proofs, are compared with the recomputed ones too.
 *
 * <p>What it catches, each named by the first sequence number concerned: a body changed (its hash no
 * longer matches), an event deleted (a gap, or fewer events than a checkpoint covers), events swapped
 * or their columns changed (the body's own sequence number, action or actor disagree with the row, or
 * the leaf no longer matches the stored one), a rewritten history (the roots no longer match the signed
 * checkpoints), a checkpoint signed by another key, and a checkpoint for a forked tree. Without a key
 * from outside the database, someone able to write the database could register a key of their own:
 * give the published key ({@code --key}) for the strong check.
 *
 * <p>Reads only; never changes the database. Memory grows with the log (32 bytes per event: the
 * rebuilt tree). Thread-safe: each {@link #audit} uses its own connection.
 */
public final class LogAuditor {
  private static final int MAX_FINDINGS = 1_000;
  private static final int CHUNK = 4_096;
  private static final int FETCH_SIZE = 20_000;

  private final Jdbi jdbi;

  private LogAuditor(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** An auditor on a database the caller manages (an engine's, or one opened for the audit). */
  public static LogAuditor of(DataSource dataSource) {
    return new LogAuditor(Jdbi.create(Objects.requireNonNull(dataSource, "dataSource")));
  }

  /** An auditor on the database at a JDBC URL (H2 or PostgreSQL: both drivers come with evidence-core). */
  public static LogAuditor of(String jdbcUrl, String user, String password) {
    return new LogAuditor(Jdbi.create(jdbcUrl, user, password));
  }

  /**
   * Recomputes the log and checks it. With {@code trustedKey} every checkpoint must be signed by that
   * key; without, by one of the keys recorded in the database.
   *
   * @throws EvidenceException DATABASE_FAILURE if the database cannot be read (not a finding: nothing
   *     was checked)
   */
  public AuditReport audit(Optional<NoteVerifierKey> trustedKey) {
    try {
      return jdbi.inTransaction(h -> new Run(h, trustedKey).run());
    } catch (JdbiException e) {
      throw new EvidenceException(ErrorCode.DATABASE_FAILURE, "could not read the custody log: " + rootMessage(e), e);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage().lines().findFirst().orElse(""));
  }

  /** One audit's state. */
  private static final class Run {
    private final Handle h;
    private final Optional<NoteVerifierKey> trustedKey;
    private final List<AuditFinding> findings = new ArrayList<>();
    private final MerkleLog rebuilt = MerkleLog.open(new InMemoryTileStore(), 0);
    private final List<byte[]> chunk = new ArrayList<>(CHUNK);
    private final Rfc6962 hasher = new Rfc6962();
    private final MessageDigest sha256;
    private final HexFormat hex = HexFormat.of();
    private long next; // the sequence number the next row should have
    private boolean leavesDiffer; // some stored leaf hash differs from the recomputed one

    Run(Handle h, Optional<NoteVerifierKey> trustedKey) {
      this.h = h;
      this.trustedKey = trustedKey;
      try {
        this.sha256 = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new EvidenceException(ErrorCode.INTERNAL, "the JDK provides no SHA-256", e);
      }
    }

    AuditReport run() {
      // Checkpoints first, then the head: a checkpoint made meanwhile is then never beyond the size read.
      List<StoredCheckpoint> checkpoints = h.createQuery(
              "SELECT id, tree_size, note FROM custody_checkpoint ORDER BY tree_size, id")
          .map((rs, ctx) -> new StoredCheckpoint(rs.getLong("id"), rs.getLong("tree_size"), rs.getString("note")))
          .list();
      List<NoteVerifierKey> keys = trustedKey.map(List::of).orElseGet(this::registeredKeys);
      long size = h.createQuery("SELECT size FROM custody_head WHERE id = 1").mapTo(Long.class).one();

      // Read in key ranges: one ORDER BY over the whole table makes H2 spill the result to a temporary file.
      for (long from = 0; from < size; from += FETCH_SIZE) {
        h.createQuery("SELECT " + CustodyLog.LEAF_COLUMNS
                + ", body, leaf_hash FROM custody_event WHERE seq >= :from AND seq < :to ORDER BY seq")
            .bind("from", from)
            .bind("to", Math.min(size, from + FETCH_SIZE))
            .setFetchSize(FETCH_SIZE)
            .reduceResultSet(this, (run, rs, ctx) -> {
              run.event(rs.getLong("seq"), rs.getString("body"), rs.getString("body_sha256"), rs.getBytes("leaf_hash"),
                  rs.getString("action"), rs.getString("actor_id"), rs);
              return run;
            });
      }
      flush();
      if (next < size) {
        find(next, "events " + next + " to " + (size - 1) + " are missing: the log records " + size + " events");
      }
      long rebuiltSize = rebuilt.size();
      byte[] root = rebuilt.root(rebuiltSize);
      checkStoredTiles(size, rebuiltSize, root);
      checkCheckpoints(checkpoints, keys, size, rebuiltSize);

      findings.sort(Comparator.comparingLong(AuditFinding::sequence));
      String keySource = trustedKey.map(k -> "given key " + k.name()).orElse("keys recorded in the database " + keys.stream()
          .map(NoteVerifierKey::name).distinct().toList());
      return new AuditReport(size, root, checkpoints.size(), keySource, findings);
    }

    private void event(long seq, String body, String storedBodyHash, byte[] storedLeaf, String action, String actorId,
        java.sql.ResultSet rs) throws java.sql.SQLException {
      if (seq != next) {
        find(next, (seq - next == 1 ? "event " + next + " is" : "events " + next + " to " + (seq - 1) + " are")
            + " missing (deleted from the log)");
      }
      next = seq + 1;
      Sha256 bodyHash = Sha256.of(sha256.digest(body.getBytes(StandardCharsets.UTF_8)));
      if (!bodyHash.hex().equals(storedBodyHash)) {
        find(seq, "the body of event " + seq + " was altered: it hashes to " + bodyHash.hex() + ", the log recorded "
            + storedBodyHash);
      }
      // The body names its own sequence number, action and actor (its first and last keys in canonical
      // order): a row moved to another place, or whose columns were edited, disagrees with its body.
      if (!body.endsWith(",\"seq\":" + seq + ",\"v\":" + EventBody.VERSION + "}")) {
        find(seq, "event " + seq + " is out of place: its body carries another sequence number (events swapped or moved)");
      } else if (!body.startsWith("{\"action\":" + CanonicalJson.quote(action) + ",\"actor\":{\"id\":"
          + CanonicalJson.quote(actorId) + ",")) {
        find(seq, "event " + seq + ": the action or actor stored with the event differs from its body");
      }
      byte[] leaf = CustodyLog.leafOf(rs, bodyHash).hash(hasher);
      if (storedLeaf == null) {
        find(seq, "event " + seq + " has no leaf hash");
      } else if (!Arrays.equals(storedLeaf, leaf)) {
        leavesDiffer = true;
        find(seq, "event " + seq + " does not hash to the leaf the log recorded (leaf "
            + hex.formatHex(storedLeaf) + ", recomputed " + hex.formatHex(leaf) + ")");
      }
      chunk.add(leaf);
      if (chunk.size() == CHUNK) {
        flush();
      }
    }

    private void flush() {
      rebuilt.append(chunk);
      chunk.clear();
    }

    /** The engine proves from the stored tiles: they must hold the recomputed tree. */
    private void checkStoredTiles(long size, long rebuiltSize, byte[] root) {
      if (size != rebuiltSize || leavesDiffer) {
        return; // already reported, per event
      }
      try {
        byte[] stored = MerkleLog.open(JdbcTileStore.forReading(h, TileCache.NONE), size).root(size);
        if (Arrays.equals(stored, root)) {
          return;
        }
      } catch (EvidenceException e) {
        // a missing or short tile: located below
      }
      long first = firstDifferingStoredLeaf(size);
      first = first == size ? 0 : first; // the leaves agree: an upper tile differs
      find(first, "the stored tree (tiles) disagrees with the events from leaf " + first
          + ": proofs the engine hands out would not verify");
    }

    /** The first leaf below {@code size} whose stored hash differs from the recomputed one ({@code size} if none). */
    private long firstDifferingStoredLeaf(long size) {
      int tileBytes = MerkleLog.TILE_WIDTH * Rfc6962.HASH_SIZE;
      InMemoryTileStore none = new InMemoryTileStore();
      for (long index = 0; index * MerkleLog.TILE_WIDTH < size; index++) {
        long tileIndex = index;
        byte[] stored = h.createQuery("SELECT hashes FROM custody_tile WHERE tile_level = 0 AND idx = :i")
            .bind("i", tileIndex).mapTo(byte[].class).findOne().orElse(new byte[0]);
        long leaves = Math.min(MerkleLog.TILE_WIDTH, size - index * MerkleLog.TILE_WIDTH);
        for (int j = 0; j < leaves; j++) {
          long leaf = index * MerkleLog.TILE_WIDTH + j;
          if (leaf >= rebuilt.size()) {
            return leaf;
          }
          byte[] expected = rebuilt.leafHash(leaf);
          if (stored.length < (j + 1) * Rfc6962.HASH_SIZE
              || !Arrays.equals(stored, j * Rfc6962.HASH_SIZE, (j + 1) * Rfc6962.HASH_SIZE, expected, 0, Rfc6962.HASH_SIZE)) {
            return leaf;
          }
        }
        if (stored.length > tileBytes) {
          return index * MerkleLog.TILE_WIDTH;
        }
      }
      return size;
    }

    private void checkCheckpoints(List<StoredCheckpoint> stored, List<NoteVerifierKey> keys, long size, long rebuiltSize) {
      Optional<Checkpoint> previous = Optional.empty();
      java.util.TreeSet<Long> goodSizes = new java.util.TreeSet<>(List.of(0L));
      for (StoredCheckpoint s : stored) {
        Checkpoint checkpoint;
        SignedNote note;
        try {
          note = SignedNote.parse(s.note());
          checkpoint = Checkpoint.parse(note.text());
        } catch (EvidenceException e) {
          find(s.size(), "checkpoint #" + s.id() + " (size " + s.size() + ") is malformed: " + e.getMessage());
          continue;
        }
        String name = "the checkpoint at size " + checkpoint.size() + " (#" + s.id() + ")";
        if (checkpoint.size() != s.size()) {
          find(Math.min(s.size(), checkpoint.size()), name + " is stored as being of size " + s.size());
        }
        Verification signature = verify(note, keys);
        if (!signature.valid()) {
          find(checkpoint.size(), name + " is not signed by the log's key: " + signature.reason());
        }
        if (checkpoint.size() > rebuiltSize) {
          find(rebuiltSize, name + " covers more events than the log holds (" + rebuiltSize
              + "): events were deleted from the end");
        } else if (!Arrays.equals(rebuilt.root(checkpoint.size()), checkpoint.root())) {
          long from = goodSizes.lower(checkpoint.size()) == null ? 0 : goodSizes.lower(checkpoint.size());
          if (storedTreeMatches(checkpoint, size)) {
            // The checkpoint vouches for the leaf hashes stored at append time: the first event that no
            // longer hashes to its stored leaf is the first bad one (deleted, moved or altered).
            from = Math.max(from, Math.min(firstDifferingStoredLeaf(checkpoint.size()), checkpoint.size() - 1));
          }
          find(from, name + " does not match the log: the events from " + from + " to " + (checkpoint.size() - 1)
              + " hash to another root (" + Base64.getEncoder().encodeToString(rebuilt.root(checkpoint.size()))
              + "); the log was rewritten, or the checkpoint is for a forked tree");
        } else if (signature.valid()) {
          goodSizes.add(checkpoint.size());
        }
        if (previous.isPresent() && previous.get().size() <= rebuiltSize && checkpoint.size() <= rebuiltSize) {
          Checkpoint p = previous.get();
          ConsistencyProof proof = rebuilt.consistencyProof(p.size(), checkpoint.size());
          Verification consistent = new ConsistencyProof(p.size(), checkpoint.size(), p.root(), checkpoint.root(),
              proof.proof()).verify();
          if (!consistent.valid()) {
            find(Math.min(p.size(), checkpoint.size()), "the checkpoints at sizes " + p.size() + " and " + checkpoint.size()
                + " are not consistent: " + consistent.reason());
          }
        }
        previous = Optional.of(checkpoint);
      }
    }

    private boolean storedTreeMatches(Checkpoint checkpoint, long size) {
      if (checkpoint.size() > size) {
        return false;
      }
      try {
        return Arrays.equals(MerkleLog.open(JdbcTileStore.forReading(h, TileCache.NONE), size).root(checkpoint.size()),
            checkpoint.root());
      } catch (EvidenceException e) {
        return false; // stored tiles missing or short: no help in locating the damage
      }
    }

    private static Verification verify(SignedNote note, List<NoteVerifierKey> keys) {
      if (keys.isEmpty()) {
        return Verification.failed("no verifier key is known (give one, or the database records none)");
      }
      Verification last = Verification.failed("no key");
      for (NoteVerifierKey key : keys) {
        last = note.verify(key);
        if (last.valid()) {
          return last;
        }
      }
      return last;
    }

    private List<NoteVerifierKey> registeredKeys() {
      List<NoteVerifierKey> keys = new ArrayList<>();
      for (String vkey : h.createQuery("SELECT vkey FROM custody_key ORDER BY registered_at").mapTo(String.class).list()) {
        try {
          keys.add(NoteVerifierKey.parse(vkey));
        } catch (EvidenceException e) {
          find(0, "a verifier key recorded in the database is malformed: " + e.getMessage());
        }
      }
      return keys;
    }

    private void find(long sequence, String problem) {
      if (findings.size() < MAX_FINDINGS) {
        findings.add(new AuditFinding(sequence, problem));
      }
    }
  }

  private record StoredCheckpoint(long id, long size, String note) {}
}
