package io.evidencekit.core.custody;

import io.evidencekit.core.internal.Database;
import io.evidencekit.core.internal.EngineClock;
import io.evidencekit.core.internal.ScheduledRuns;
import io.evidencekit.spi.CheckpointSigner;
import io.evidencekit.spi.TimestampAuthority;
import io.evidencekit.verify.Checkpoint;
import io.evidencekit.verify.NoteVerifierKey;
import io.evidencekit.verify.SignedCheckpoint;
import io.evidencekit.verify.SignedNote;
import io.evidencekit.verify.TreeHead;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes, signs, optionally time-stamps and stores checkpoints of the custody log. The tree head is
 * read from committed data and signed outside any transaction (a remote signer or a time-stamp
 * authority may be slow; no lock is held meanwhile). Checkpoints from several engines at once are
 * harmless: at one size every honest checkpoint has the same root; the scheduled one is still made once
 * per interval however many engines run ({@link #makeIfDue}). Thread-safe.
 */
public final class Checkpoints {
  private static final Logger LOG = LoggerFactory.getLogger(Checkpoints.class);

  private final Database db;
  private final EngineClock clock;
  private final CustodyLog custody;
  private final String origin;
  private final CheckpointSigner signer;
  private final NoteVerifierKey key;
  private final Optional<TimestampAuthority> timestamps;
  private final ScheduledRuns runs;

  public Checkpoints(Database db, EngineClock clock, CustodyLog custody, String origin, CheckpointSigner signer,
      Optional<TimestampAuthority> timestamps) {
    this.db = Objects.requireNonNull(db);
    this.clock = Objects.requireNonNull(clock);
    this.custody = Objects.requireNonNull(custody);
    this.origin = origin;
    this.signer = Objects.requireNonNull(signer);
    this.key = NoteVerifierKey.of(signer);
    this.timestamps = Objects.requireNonNull(timestamps);
    this.runs = new ScheduledRuns(db);
    new Checkpoint(origin, 0, new byte[32]); // validates the origin line now, not at the first checkpoint
  }

  /** The key that verifies this engine's checkpoints. */
  public NoteVerifierKey verifierKey() {
    return key;
  }

  /** Makes and stores a checkpoint of the log as it is now. */
  public SignedCheckpoint make() {
    TreeHead head = db.read(custody::treeHead);
    SignedNote note = new Checkpoint(origin, head.size(), head.root()).sign(signer);
    Optional<byte[]> token = timestamps.flatMap(tsa -> stamp(tsa, note));
    SignedCheckpoint made = new SignedCheckpoint(Checkpoint.parse(note.text()), note, clock.now(), token);
    db.inTransaction(h -> {
      String vkey = key.vkey();
      boolean known = h.createQuery("SELECT COUNT(*) FROM custody_key WHERE vkey = :k").bind("k", vkey)
          .mapTo(Long.class).one() > 0;
      if (!known) {
        Database.bindTime(h.createUpdate("INSERT INTO custody_key (vkey, registered_at) VALUES (:k, :at)"), "at", made.createdAt())
            .bind("k", vkey)
            .execute(); // a racing engine with the same key makes this a unique violation, which the retry resolves
      }
      Database.bindTime(h.createUpdate("""
              INSERT INTO custody_checkpoint (tree_size, note, created_at, timestamp_token)
              VALUES (:size, :note, :at, :token)"""), "at", made.createdAt())
          .bind("size", head.size())
          .bind("note", note.encoded())
          .bind("token", token.orElse(null))
          .execute();
      return null;
    });
    return made;
  }

  /**
   * The scheduled run: makes a checkpoint if this engine wins the run for the current {@code interval}
   * window ({@link ScheduledRuns}: once per window however many engines share the database) and the log
   * grew since the latest checkpoint.
   */
  public Optional<SignedCheckpoint> makeIfDue(Duration interval) {
    if (!runs.claim(ScheduledRuns.CHECKPOINT, clock.now(), interval)) {
      return Optional.empty();
    }
    return makeIfGrown();
  }

  /** Makes a checkpoint only if the log is not empty and grew since the latest one. */
  public Optional<SignedCheckpoint> makeIfGrown() {
    long size = db.read(custody::size);
    long latest = db.read(h -> h.createQuery("SELECT COALESCE(MAX(tree_size), -1) FROM custody_checkpoint")
        .mapTo(Long.class).one());
    return size > Math.max(latest, 0) ? Optional.of(make()) : Optional.empty();
  }

  /** Every stored checkpoint, oldest first. */
  public List<SignedCheckpoint> list() {
    return db.read(Checkpoints::readAll);
  }

  /** The newest checkpoint, if any. */
  public Optional<SignedCheckpoint> latest() {
    List<SignedCheckpoint> all = list();
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
  }

  /**
   * The newest stored checkpoints of a non-empty tree smaller than {@code size}, one per tree size, at most
   * {@code limit}, newest first: the ones a recipient of a package may hold.
   */
  public List<SignedCheckpoint> newestBelow(long size, int limit) {
    List<SignedCheckpoint> newest = db.read(h -> h.createQuery("""
            SELECT note, created_at, timestamp_token FROM custody_checkpoint
            WHERE tree_size > 0 AND tree_size < :size ORDER BY tree_size DESC, id DESC LIMIT :limit""")
        .bind("size", size).bind("limit", limit * 4)
        .map((rs, ctx) -> row(rs))
        .list());
    java.util.Map<Long, SignedCheckpoint> bySize = new java.util.LinkedHashMap<>();
    newest.forEach(c -> bySize.putIfAbsent(c.size(), c));
    return bySize.values().stream().limit(limit).toList();
  }

  static List<SignedCheckpoint> readAll(Handle h) {
    return h.createQuery("SELECT note, created_at, timestamp_token FROM custody_checkpoint ORDER BY tree_size, id")
        .map((rs, ctx) -> row(rs))
        .list();
  }

  private static SignedCheckpoint row(java.sql.ResultSet rs) throws java.sql.SQLException {
    SignedNote note = SignedNote.parse(rs.getString("note"));
    return new SignedCheckpoint(Checkpoint.parse(note.text()), note,
        rs.getObject("created_at", java.time.OffsetDateTime.class).toInstant(),
        Optional.ofNullable(rs.getBytes("timestamp_token")));
  }

  private static Optional<byte[]> stamp(TimestampAuthority tsa, SignedNote note) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(note.encoded().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return Optional.of(tsa.timestamp(digest));
    } catch (NoSuchAlgorithmException | RuntimeException e) {
      // The anchor is optional: the signed checkpoint is still worth keeping, and the next one is stamped again.
      LOG.warn("the time-stamp authority failed; checkpoint kept without a time-stamp: {}", e.toString());
      return Optional.empty();
    }
  }
}
