package io.evidencekit.core.custody;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.core.custody.log.InMemoryTileStore;
import io.evidencekit.core.custody.log.MerkleLog;
import io.evidencekit.verify.CanonicalJson;
import io.evidencekit.verify.Checkpoint;
import io.evidencekit.verify.ConsistencyProof;
import io.evidencekit.verify.CustodyLeaf;
import io.evidencekit.verify.NoteVerifierKey;
import io.evidencekit.verify.Rfc6962;
import io.evidencekit.verify.SignedNote;
import io.evidencekit.verify.Verification;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.jspecify.annotations.Nullable;

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
 * rebuilt tree). Thread-safe: each {@link #audit} uses its own connection, and for the time of the
 * audit one reader thread of its own, which has ended when {@link #audit} returns or throws.
 */
public final class LogAuditor {
  private static final int MAX_FINDINGS = 1_000;
  private static final int CHUNK = 4_096;
  private static final int FETCH_SIZE = 20_000;
  /** Rows per batch handed from the reader thread to the checking one. */
  private static final int ROWS = 1_024;
  /** Batches in flight: enough to ride out short stalls on either side, few enough to bound memory (~4 MB). */
  private static final int BATCHES = 8;
  /** How often a waiting reader looks whether the audit gave up. */
  private static final long WAIT_MILLIS = 50;

  private static final String CERTIFIED = io.evidencekit.api.CustodyAction.DISPOSAL_CERTIFIED.name();
  private static final com.fasterxml.jackson.databind.ObjectMapper CERTIFICATE_READER =
      new com.fasterxml.jackson.databind.ObjectMapper();

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
    private final EventEncoder encoder = new EventEncoder();
    private final StringBuilder text = new StringBuilder(256);
    private final HexFormat hex = HexFormat.of();
    private long next; // the sequence number the next row should have
    /** Redacted bodies seen: sequence number to the body hash the log recorded for it. */
    private final java.util.Map<Long, String> redactedPending = new java.util.HashMap<>();
    /** What disposal certificates vouch for: sequence number to {certificate seq, body hash}. */
    private final java.util.Map<Long, String[]> certified = new java.util.HashMap<>();
    private boolean leavesDiffer; // some stored leaf hash differs from the recomputed one

    Run(Handle h, Optional<NoteVerifierKey> trustedKey) {
      this.h = h;
      this.trustedKey = trustedKey;
    }

    AuditReport run() {
      // Checkpoints first, then the head: a checkpoint made meanwhile is then never beyond the size read.
      List<StoredCheckpoint> checkpoints = h.createQuery(
              "SELECT id, tree_size, note FROM custody_checkpoint ORDER BY tree_size, id")
          .map((rs, ctx) -> new StoredCheckpoint(rs.getLong("id"), rs.getLong("tree_size"), rs.getString("note")))
          .list();
      List<NoteVerifierKey> keys = trustedKey.map(List::of).orElseGet(this::registeredKeys);
      long size = h.createQuery("SELECT size FROM custody_head WHERE id = 1").mapTo(Long.class).one();

      scan(size);
      flush();
      checkRedactions();
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
      return new AuditReport(size, root, checkpoints.size(), keySource, findings, redactedPending.size());
    }

    /**
     * Reads every event row on a reader thread while this thread checks them, so reading (H2 decodes
     * pages; PostgreSQL streams) overlaps hashing. The reader uses this transaction's connection, so it
     * sees the same snapshot as the head and checkpoints read before; this thread touches the
     * connection again only after the reader has finished.
     */
    private void scan(long size) {
      RowReader reader = new RowReader(h.getConnection(), size);
      // A short-lived thread owned by this audit and joined before it returns: the audit is a rare,
      // long, read-only job, and an engine has no executor of its own to lend it.
      Thread thread = new Thread(reader, "evidencekit-audit-reader");
      thread.setDaemon(true);
      thread.start();
      try {
        while (true) {
          Rows rows = reader.full.take();
          for (int i = 0; i < rows.count; i++) {
            event(rows, i);
          }
          if (rows.failure != null) {
            throw rethrow(rows.failure);
          }
          if (rows.last) {
            return;
          }
          rows.clear();
          reader.free.add(rows); // never full: it holds every batch
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new EvidenceException(ErrorCode.INTERNAL, "the audit was interrupted", e);
      } finally {
        reader.cancelled = true;
        joinUninterruptibly(thread);
      }
    }

    private void event(Rows rows, int i) {
      long seq = rows.seq[i];
      String body = rows.body[i];
      if (seq != next) {
        find(next, (seq - next == 1 ? "event " + next + " is" : "events " + next + " to " + (seq - 1) + " are")
            + " missing (deleted from the log)");
      }
      next = seq + 1;
      String bodyHash = encoder.bodyHashHex(body.getBytes(StandardCharsets.UTF_8));
      String storedBodyHash = rows.storedBodyHash[i];
      String leafBodyHash = bodyHash;
      if (!bodyHash.equals(storedBodyHash)) {
        if (storedBodyHash != null && BodyRedaction.isRedacted(body)) {
          // Redacted at disposal: a later certificate must vouch for the hash it had (checked at the end);
          // the stored hash is what the leaf, the tiles and the signed checkpoints committed to.
          redactedPending.put(seq, storedBodyHash);
          leafBodyHash = storedBodyHash;
        } else {
          find(seq, "the body of event " + seq + " was altered: it hashes to " + bodyHash + ", the log recorded "
              + storedBodyHash);
        }
      } else if (CERTIFIED.equals(rows.action[i])) {
        certificate(seq, body);
      }
      // The body names its own sequence number, action and actor (its first and last keys in canonical
      // order): a row moved to another place, or whose columns were edited, disagrees with its body.
      String action = rows.action[i];
      String actorId = rows.actorId[i];
      text.setLength(0);
      text.append(",\"seq\":").append(seq).append(",\"v\":").append(EventBody.VERSION).append('}');
      if (!regionEquals(body, body.length() - text.length(), text)) {
        find(seq, "event " + seq + " is out of place: its body carries another sequence number (events swapped or moved)");
      } else {
        text.setLength(0);
        text.append("{\"action\":");
        CanonicalJson.writeString(text, action);
        text.append(",\"actor\":{\"id\":");
        CanonicalJson.writeString(text, actorId);
        text.append(',');
        if (!regionEquals(body, 0, text)) {
          find(seq, "event " + seq + ": the action or actor stored with the event differs from its body");
        }
      }
      byte[] leaf = encoder.leafHash(seq, rows.epochSecond[i], rows.nano[i], action, actorId, rows.requestId[i],
          rows.itemId[i], leafBodyHash);
      byte[] storedLeaf = rows.storedLeaf[i];
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

    /** Reads what a disposal certificate (whose own body verified) vouches for. */
    private void certificate(long seq, String body) {
      String list;
      try {
        com.fasterxml.jackson.databind.JsonNode details = CERTIFICATE_READER.readTree(body).path("details");
        list = details.path(CustodyEvents.Key.REDACTED).asText("");
      } catch (java.io.IOException e) {
        find(seq, "the disposal certificate at event " + seq + " cannot be read");
        return;
      }
      for (String entry : list.split(",")) {
        int colon = entry.indexOf(':');
        if (colon > 0) {
          try {
            certified.put(Long.parseLong(entry.substring(0, colon)), new String[] {Long.toString(seq), entry.substring(colon + 1)});
          } catch (NumberFormatException e) {
            find(seq, "the disposal certificate at event " + seq + " lists a malformed entry");
          }
        }
      }
    }

    /** Every redacted body must be vouched for by a certificate after it, with the hash the log recorded. */
    private void checkRedactions() {
      redactedPending.forEach((seq, storedHash) -> {
        String[] c = certified.get(seq);
        if (c == null || Long.parseLong(c[0]) <= seq || !c[1].equals(storedHash)) {
          find(seq, "the body of event " + seq + " was altered: it is marked redacted, but no later disposal "
              + "certificate vouches for the body hash the log recorded (" + storedHash + ")");
        }
      });
    }

    /** Whether {@code s} holds {@code part} from {@code offset}. */
    private static boolean regionEquals(String s, int offset, CharSequence part) {
      if (offset < 0 || offset + part.length() > s.length()) {
        return false;
      }
      for (int j = 0; j < part.length(); j++) {
        if (s.charAt(offset + j) != part.charAt(j)) {
          return false;
        }
      }
      return true;
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

  private static RuntimeException rethrow(Throwable failure) {
    if (failure instanceof SQLException e) {
      return new UnableToExecuteStatementException(e, null); // a JdbiException: reported as DATABASE_FAILURE
    }
    if (failure instanceof RuntimeException e) {
      return e;
    }
    if (failure instanceof Error e) {
      throw e;
    }
    return new EvidenceException(ErrorCode.INTERNAL, "reading the custody log failed", failure);
  }

  private static void joinUninterruptibly(Thread thread) {
    boolean interrupted = false;
    while (true) {
      try {
        thread.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** A batch of event rows, column by column; batches go round between the reader and the checker. */
  private static final class Rows {
    final long[] seq = new long[ROWS];
    final long[] epochSecond = new long[ROWS];
    final int[] nano = new int[ROWS];
    final String[] action = new String[ROWS];
    final String[] actorId = new String[ROWS];
    final @Nullable UUID[] requestId = new UUID[ROWS];
    final @Nullable UUID[] itemId = new UUID[ROWS];
    final String[] storedBodyHash = new String[ROWS];
    final String[] body = new String[ROWS];
    final byte[] @Nullable [] storedLeaf = new byte[ROWS][];
    int count;
    /** No rows follow this batch. */
    boolean last;
    /** Reading failed after this batch's rows. */
    @Nullable Throwable failure;

    void read(ResultSet rs) throws SQLException {
      int i = count++;
      seq[i] = rs.getLong(1);
      OffsetDateTime at = rs.getObject(2, OffsetDateTime.class);
      epochSecond[i] = at.toEpochSecond();
      nano[i] = at.getNano();
      action[i] = rs.getString(3);
      actorId[i] = rs.getString(4);
      requestId[i] = rs.getObject(5, UUID.class);
      itemId[i] = rs.getObject(6, UUID.class);
      storedBodyHash[i] = rs.getString(7);
      body[i] = rs.getString(8);
      storedLeaf[i] = rs.getBytes(9);
    }

    void clear() {
      Arrays.fill(body, 0, count, null); // let the bodies go while the batch waits
      count = 0;
    }
  }

  /**
   * Reads the event rows below {@code size} in order into batches. Never interrupted: an interrupt
   * during file I/O would close H2's file channel; it stops at {@link #cancelled} instead.
   */
  private static final class RowReader implements Runnable {
    // body_sha256 is CHAR(64): read as VARCHAR, or H2 in PostgreSQL mode copies every row to pad it.
    private static final String SELECT = "SELECT seq, occurred_at, action, actor_id, request_id, item_id,"
        + " CAST(body_sha256 AS VARCHAR(64)), body, leaf_hash FROM custody_event WHERE seq >= ? AND seq < ? ORDER BY seq";

    final BlockingQueue<Rows> full = new ArrayBlockingQueue<>(BATCHES);
    final BlockingQueue<Rows> free = new ArrayBlockingQueue<>(BATCHES);
    volatile boolean cancelled;
    private final Connection connection;
    private final long size;

    RowReader(Connection connection, long size) {
      this.connection = connection;
      this.size = size;
      for (int i = 0; i < BATCHES; i++) {
        free.add(new Rows());
      }
    }

    @Override
    public void run() {
      Rows rows = nextFree();
      if (rows == null) {
        return;
      }
      try (PreparedStatement select = connection.prepareStatement(SELECT)) {
        select.setFetchSize(FETCH_SIZE);
        // Read in key ranges: one ORDER BY over the whole table makes H2 spill the result to a temporary file.
        for (long from = 0; from < size; from += FETCH_SIZE) {
          select.setLong(1, from);
          select.setLong(2, Math.min(size, from + FETCH_SIZE));
          try (ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
              rows.read(rs);
              if (rows.count == ROWS) {
                if (!handOver(rows)) {
                  return;
                }
                rows = nextFree();
                if (rows == null) {
                  return;
                }
              }
            }
          }
        }
      } catch (Throwable e) { // handed to the checking thread, which rethrows it
        rows.failure = e;
      }
      rows.last = true;
      handOver(rows);
    }

    private @Nullable Rows nextFree() {
      try {
        while (!cancelled) {
          Rows rows = free.poll(WAIT_MILLIS, TimeUnit.MILLISECONDS);
          if (rows != null) {
            return rows;
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return null;
    }

    private boolean handOver(Rows rows) {
      try {
        while (!cancelled) {
          if (full.offer(rows, WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
            return true;
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return false;
    }
  }
}
