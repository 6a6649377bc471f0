package io.evidencekit.portal;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.EvidenceItem;
import io.evidencekit.api.ItemId;
import io.evidencekit.api.Limits;
import io.evidencekit.api.Sha256;
import io.evidencekit.api.SubmissionId;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Durable state of resumable (tus) uploads in a staging directory, one sub-directory per upload:
 * {@code meta.properties} (written once), {@code data} (the bytes received so far), {@code offset}
 * (how many of them are acknowledged) and, once handed to the engine, {@code done.properties}.
 *
 * <p>An offset is acknowledged only after the bytes up to it are forced to disk and the offset file
 * itself is replaced atomically and forced, so a crash or restart loses at most the unacknowledged
 * tail, which the client then sends again. The SHA-256 state is carried in memory across requests
 * (hashing carries on from chunk to chunk); after a restart it is re-derived by re-reading the staged
 * prefix once. The finished file is handed to {@code PublicSide.addStagedFileHashedWhileStaging}, which
 * applies the limits and, when the blob store is on the same file system, adopts it by hard link, taking
 * this digest as the file's (each byte is written to disk once and hashed once); a store that must copy
 * the file hashes it again. Tokens are never written here, only their SHA-256.
 *
 * <p>Once handed over, {@code data} may be the stored blob itself (same inode): nothing here writes to
 * it again. It is deleted once {@code done.properties} is durable; an upload whose bytes were all
 * acknowledged but which was not yet recorded (a crash in between) is completed without opening
 * {@code data} for writing.
 *
 * <p>Every unfinished upload is counted in a {@link StagingQuota} from its creation (its declared
 * length and its place among the submission's files) until it completes, is terminated or expires, so
 * uploads in progress cannot together pass a submission's limits or fill the disk.
 *
 * <p>Thread-safe: one request at a time may append to an upload (others wait briefly, then get
 * {@link Busy}); across nodes sharing the directory too (a file lock, see {@code holdAgainstOtherNodes}).
 */
final class UploadStaging implements TusStaging {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{22}");
  private static final int BUFFER = 1 << 20;
  /** Acknowledge progress at least this often inside one long request, so a crash loses little. */
  private static final long CHECKPOINT_BYTES = 64L << 20;

  private final Path root;
  private final Clock clock;
  private final SecureRandom random;
  private final StagingQuota quota;
  private final ConcurrentHashMap<String, Live> live = new ConcurrentHashMap<>();

  /** Immutable description of an upload plus its acknowledged progress. */
  record Upload(String id, SubmissionId submission, long length, String fileName, String fileType,
      Instant expiresAt, long offset, Optional<Completed> completed) {
    boolean isComplete() {
      return completed.isPresent();
    }
  }

  /** What the engine recorded for a finished upload. */
  record Completed(ItemId item, Sha256 sha256) {}

  /** Outcome of looking an upload up. */
  sealed interface Lookup permits Found, Missing, Expired {}

  record Found(Upload upload) implements Lookup {}

  record Missing() implements Lookup {}

  record Expired() implements Lookup {}

  /**
   * Hands the staged file, durable and no longer written to, with the SHA-256 computed while staging
   * it, to the engine; returns what it recorded.
   */
  @FunctionalInterface
  interface Completer {
    Completed complete(Upload upload, Path staged, Sha256 sha256);
  }

  /** The offset the client sent is not where the upload stands. */
  static final class OffsetMismatch extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final long actual;

    OffsetMismatch(long actual) {
      super("offset mismatch", null, false, false);
      this.actual = actual;
    }
  }

  /** A request body went past the upload's length; progress stands at {@code acknowledged}. */
  static final class TooLong extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final long acknowledged;

    TooLong(long acknowledged) {
      super("body longer than the upload", null, false, false);
      this.acknowledged = acknowledged;
    }
  }

  /** A new upload would pass a limit; nothing was created. */
  static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final StagingQuota.Refusal reason;

    Refused(StagingQuota.Refusal reason) {
      super("upload refused: " + reason, null, false, false);
      this.reason = reason;
    }
  }

  /** Another request is appending to the same upload. */
  static final class Busy extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Busy() {
      super("upload busy", null, false, false);
    }
  }

  private static final class Live {
    final ReentrantLock lock = new ReentrantLock();
    @Nullable MessageDigest digest;
    long hashed;
  }

  UploadStaging(Path root, Clock clock, SecureRandom random, StagingQuota quota) {
    this.root = root;
    this.clock = clock;
    this.random = random;
    this.quota = quota;
    try {
      Files.createDirectories(root);
    } catch (IOException e) {
      throw new EvidenceException(ErrorCode.CONFIGURATION, "cannot create the upload staging directory", e);
    }
    restoreQuota();
  }

  @Override
  public StagingQuota quota() {
    return quota;
  }

  /** As {@link #append(Upload, long, InputStream, Completer)}: a finished file is handed over as a file. */
  @Override
  public Upload append(Upload upload, long offset, InputStream body, TusStaging.Handover handover) {
    return append(upload, offset, body, (Completer) handover);
  }

  /**
   * Creates an upload of {@code length} bytes into {@code submission}, which holds {@code items} now.
   *
   * @throws Refused when the submission's limits (counting its unfinished uploads), the link's or the
   *     server's staging cap, or the disk's free margin would be passed; nothing is created
   */
  @Override
  public Upload create(String token, SubmissionId submission, long length, String fileName, String fileType,
      Instant expiresAt, Limits limits, List<EvidenceItem> items) {
    byte[] idBytes = new byte[16];
    random.nextBytes(idBytes);
    String id = Base64.getUrlEncoder().withoutPadding().encodeToString(idBytes);
    forgetFinishedElsewhere();
    StagingQuota.Refusal refusal = quota.reserve(id, tokenHash(token), submission, length, limits, items);
    if (refusal != null) {
      throw new Refused(refusal);
    }
    try {
      return createReserved(id, token, submission, length, fileName, fileType, expiresAt);
    } catch (RuntimeException e) {
      quota.release(id);
      throw e;
    }
  }

  private Upload createReserved(String id, String token, SubmissionId submission, long length, String fileName,
      String fileType, Instant expiresAt) {
    Path dir = root.resolve(id);
    Properties meta = new Properties();
    meta.setProperty("tokenSha256", tokenHash(token));
    meta.setProperty("submission", submission.toString());
    meta.setProperty("length", Long.toString(length));
    meta.setProperty("fileName", fileName);
    meta.setProperty("fileType", fileType);
    meta.setProperty("expiresAt", expiresAt.toString());
    // Built under a temporary name, then renamed into place: an upload directory is always complete.
    Path building = root.resolve(".new-" + id);
    try {
      Files.createDirectory(building);
      Files.createFile(building.resolve("data"));
      writeDurably(building.resolve("offset"), "0".getBytes(StandardCharsets.US_ASCII));
      writeDurably(building.resolve("meta.properties"), properties(meta));
      Files.move(building, dir, StandardCopyOption.ATOMIC_MOVE);
      fsync(root);
    } catch (IOException e) {
      deleteTree(building);
      throw storage(e);
    }
    return new Upload(id, submission, length, fileName, fileType, expiresAt, 0, Optional.empty());
  }

  /** Finds an upload made through the same link; anything else is {@link Missing}. */
  @Override
  public Lookup find(String token, String id) {
    if (!ID.matcher(id).matches()) {
      return new Missing();
    }
    Path dir = root.resolve(id);
    Properties meta;
    try {
      meta = readProperties(dir.resolve("meta.properties"));
    } catch (NoSuchFileException e) {
      return new Missing();
    } catch (IOException e) {
      throw storage(e);
    }
    byte[] expected = meta.getProperty("tokenSha256", "").getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expected, tokenHash(token).getBytes(StandardCharsets.US_ASCII))) {
      return new Missing();
    }
    Upload upload = load(id, dir, meta);
    if (!upload.isComplete() && !clock.instant().isBefore(upload.expiresAt())) {
      return new Expired();
    }
    return new Found(upload);
  }

  /**
   * Appends the request body at {@code offset}. Bytes are acknowledged as they become durable; a body
   * that breaks off keeps what arrived (the client resumes from there). When the upload is whole it
   * is handed to {@code completer} exactly once.
   *
   * @throws OffsetMismatch when {@code offset} is not the acknowledged offset
   * @throws Busy when another request holds the upload
   * @throws EvidenceException UPLOAD_INTERRUPTED when the body broke off (progress is kept)
   */
  @SuppressWarnings("try") // otherNodes is held for the block, never read
  Upload append(Upload upload, long offset, InputStream body, Completer completer) {
    Live state = live.computeIfAbsent(upload.id(), k -> new Live());
    try {
      if (!state.lock.tryLock(5, TimeUnit.SECONDS)) {
        throw new Busy();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Busy();
    }
    Path dir = root.resolve(upload.id());
    try (FileChannel otherNodes = holdAgainstOtherNodes(dir)) {
      Upload current = load(upload.id(), dir, readMeta(dir));
      if (current.isComplete()) {
        if (offset == current.length()) {
          return current;
        }
        throw new OffsetMismatch(current.length());
      }
      if (offset != current.offset()) {
        throw new OffsetMismatch(current.offset());
      }
      MessageDigest digest = digestAt(state, dir.resolve("data"), current.offset());
      if (current.offset() == current.length()) {
        // All bytes were acknowledged earlier but not recorded (a crash or failure in between). The file
        // may already be shared with a blob, so it is not opened for writing.
        return complete(current, dir, state, completer);
      }
      long position = current.offset();
      long acknowledged = position;
      boolean interrupted = false;
      boolean tooLong = false;
      try (FileChannel data = FileChannel.open(dir.resolve("data"), StandardOpenOption.WRITE)) {
        data.truncate(position); // bytes past the acknowledged offset were never promised to anyone
        data.position(position);
        byte[] buffer = new byte[BUFFER];
        long sinceCheckpoint = 0;
        boolean ended = false;
        while (!ended && !interrupted) {
          // One byte more than is missing is asked for, so a body longer than the upload is noticed.
          int want = (int) Math.min(buffer.length, current.length() - position + 1);
          // The servlet stream hands out one network chunk (8 KiB) per read: gathering a full buffer
          // first makes each write and digest update 1 MiB (a profile found ~100k small writes per GB).
          int n = 0;
          while (n < want) {
            int r;
            try {
              r = body.read(buffer, n, want - n);
            } catch (IOException e) {
              interrupted = true; // what arrived before the break is kept below
              break;
            }
            if (r < 0) {
              ended = true;
              break;
            }
            n += r;
          }
          if (n == 0) {
            break;
          }
          if (position + n > current.length()) {
            tooLong = true;
            break;
          }
          ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
          while (chunk.hasRemaining()) {
            data.write(chunk);
          }
          digest.update(buffer, 0, n);
          position += n;
          state.hashed = position;
          sinceCheckpoint += n;
          if (sinceCheckpoint >= CHECKPOINT_BYTES && position < current.length()) {
            acknowledge(data, dir, position);
            acknowledged = position;
            quota.progress(upload.id(), acknowledged);
            sinceCheckpoint = 0;
          }
        }
        if (tooLong) {
          // Nothing of this request past the last acknowledgement counts; the hash is re-derived next time.
          state.digest = null;
          throw new TooLong(acknowledged);
        }
        if (position != acknowledged) {
          // One forced write per request (plus one per CHECKPOINT_BYTES): the last acknowledgement also
          // makes a finished file durable before the engine adopts it.
          acknowledge(data, dir, position);
          quota.progress(upload.id(), position);
        }
      } catch (IOException e) {
        state.digest = null; // the file may hold bytes the digest has not seen: re-derive next time
        throw storage(e);
      }
      Upload progressed = withOffset(current, position);
      if (interrupted) {
        throw new EvidenceException(ErrorCode.UPLOAD_INTERRUPTED, "the upload stopped at byte " + position);
      }
      if (position < current.length()) {
        return progressed;
      }
      return complete(progressed, dir, state, completer);
    } catch (IOException e) {
      throw storage(e);
    } finally {
      state.lock.unlock();
    }
  }

  /**
   * Holds the upload against other nodes sharing the staging directory (issue 16): a POSIX lock on its
   * {@code meta.properties} (written once, never replaced), released when the returned channel is closed or
   * the node dies. A client that gave up on a slow node and resumed on another cannot then have two nodes
   * writing one file. Busy if another node holds it.
   */
  private static FileChannel holdAgainstOtherNodes(Path dir) throws IOException {
    FileChannel channel = FileChannel.open(dir.resolve("meta.properties"), StandardOpenOption.WRITE);
    try {
      if (channel.tryLock() != null) {
        return channel;
      }
    } catch (java.nio.channels.OverlappingFileLockException e) {
      // Held through another channel in this JVM: busy all the same.
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    channel.close();
    throw new Busy();
  }

  /**
   * Releases reservations of uploads that another node sharing the directory finished (issue 16): they are
   * items now, and counting them again would refuse files the limits allow. (One terminated elsewhere stays
   * counted here until it expires: a missing directory may also be one still being created here.)
   */
  private void forgetFinishedElsewhere() {
    for (String id : quota.reservedIds()) {
      if (Files.exists(root.resolve(id).resolve("done.properties"))) {
        quota.release(id);
      }
    }
  }

  /** Removes an upload and its bytes (tus termination). Idempotent. */
  @Override
  public void terminate(String id) {
    if (ID.matcher(id).matches()) {
      deleteTree(root.resolve(id));
      live.remove(id);
      quota.release(id);
    }
  }

  /** Removes an upload made through {@code token}, expired or not, if there is one; others are left alone. */
  @Override
  public void terminateFor(String token, String id) {
    Lookup lookup = find(token, id);
    if (lookup instanceof Found || lookup instanceof Expired) {
      terminate(id);
    }
  }

  /** Deletes uploads whose expiry has passed; returns how many. */
  @Override
  public int sweepExpired() {
    int removed = 0;
    Instant now = clock.instant();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
      for (Path dir : dirs) {
        String id = dir.getFileName().toString();
        if (!ID.matcher(id).matches()) {
          continue;
        }
        try {
          Instant expires = Instant.parse(readMeta(dir).getProperty("expiresAt"));
          if (!now.isBefore(expires)) {
            terminate(id);
            removed++;
          }
        } catch (UncheckedIOException | EvidenceException e) {
          // Unreadable state: leave it for an operator rather than delete evidence in transit.
        }
      }
    } catch (IOException e) {
      throw storage(e);
    }
    return removed;
  }

  /** Counts the unfinished uploads a previous run left, so a restart does not forget their reservations. */
  private void restoreQuota() {
    Instant now = clock.instant();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
      for (Path dir : dirs) {
        String id = dir.getFileName().toString();
        if (!ID.matcher(id).matches()) {
          continue;
        }
        try {
          Properties meta = readMeta(dir);
          Upload upload = load(id, dir, meta);
          if (!upload.isComplete() && now.isBefore(upload.expiresAt())) {
            quota.restore(id, meta.getProperty("tokenSha256", ""), upload.submission(), upload.length(), upload.offset());
          }
        } catch (UncheckedIOException | EvidenceException e) {
          // Unreadable state: left for an operator, as the sweep does.
        }
      }
    } catch (IOException e) {
      throw new EvidenceException(ErrorCode.CONFIGURATION, "cannot read the upload staging directory", e);
    }
  }

  static String tokenHash(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new EvidenceException(ErrorCode.INTERNAL, "every JDK has SHA-256", e);
    }
  }

  // ------------------------------------------------------------------ internals

  private Upload complete(Upload upload, Path dir, Live state, Completer completer) {
    MessageDigest digest = Objects.requireNonNull(state.digest);
    // digest() resets it: should the engine fail below, a retry re-derives the hash from the file.
    state.digest = null;
    Sha256 staged = Sha256.of(digest.digest());
    Completed done = completer.complete(upload, dir.resolve("data"), staged);
    if (!done.sha256().equals(staged)) {
      // The engine hashed what it stored; a difference means the staged copy changed under us.
      throw new EvidenceException(ErrorCode.INTEGRITY_FAILURE, "the staged upload changed before it was stored");
    }
    Properties finished = new Properties();
    finished.setProperty("item", done.item().toString());
    finished.setProperty("sha256", done.sha256().hex());
    try {
      writeDurably(dir.resolve("done.properties"), properties(finished));
      Files.deleteIfExists(dir.resolve("data"));
    } catch (IOException e) {
      throw storage(e);
    }
    live.remove(upload.id());
    quota.release(upload.id()); // it is an item now, counted by the engine
    return new Upload(upload.id(), upload.submission(), upload.length(), upload.fileName(), upload.fileType(),
        upload.expiresAt(), upload.length(), Optional.of(done));
  }

  private static MessageDigest digestAt(Live state, Path data, long offset) throws UncheckedIOException {
    if (state.digest != null && state.hashed == offset) {
      return state.digest;
    }
    MessageDigest digest = newDigest();
    // After a restart (or a failed write) the hash state is rebuilt from the acknowledged prefix.
    try (InputStream in = Files.newInputStream(data)) {
      byte[] buffer = new byte[BUFFER];
      long left = offset;
      while (left > 0) {
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
        if (n < 0) {
          throw new EvidenceException(ErrorCode.STORAGE_FAILURE, "the staged upload is shorter than acknowledged");
        }
        digest.update(buffer, 0, n);
        left -= n;
      }
    } catch (IOException e) {
      throw storage(e);
    }
    state.digest = digest;
    state.hashed = offset;
    return digest;
  }

  private static void acknowledge(FileChannel data, Path dir, long position) throws IOException {
    data.force(false);
    writeDurably(dir.resolve("offset"), Long.toString(position).getBytes(StandardCharsets.US_ASCII));
  }

  private Upload load(String id, Path dir, Properties meta) {
    try {
      long length = Long.parseLong(meta.getProperty("length"));
      Optional<Completed> completed = Optional.empty();
      long offset;
      Path done = dir.resolve("done.properties");
      if (Files.exists(done)) {
        Properties p = readProperties(done);
        completed = Optional.of(new Completed(ItemId.parse(p.getProperty("item")), new Sha256(p.getProperty("sha256"))));
        offset = length;
      } else {
        offset = Long.parseLong(new String(Files.readAllBytes(dir.resolve("offset")), StandardCharsets.US_ASCII).strip());
      }
      return new Upload(id, SubmissionId.parse(meta.getProperty("submission")), length, meta.getProperty("fileName"),
          meta.getProperty("fileType"), Instant.parse(meta.getProperty("expiresAt")), offset, completed);
    } catch (IOException e) {
      throw storage(e);
    } catch (RuntimeException e) {
      throw new EvidenceException(ErrorCode.STORAGE_FAILURE, "the upload's staged state is unreadable", e);
    }
  }

  private static Upload withOffset(Upload u, long offset) {
    return new Upload(u.id(), u.submission(), u.length(), u.fileName(), u.fileType(), u.expiresAt(), offset, u.completed());
  }

  private static Properties readMeta(Path dir) {
    try {
      return readProperties(dir.resolve("meta.properties"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Properties readProperties(Path file) throws IOException {
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      p.load(in);
    }
    return p;
  }

  private static byte[] properties(Properties p) throws IOException {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    p.store(out, null);
    return out.toByteArray();
  }

  /** Replaces {@code target} with {@code content} so that a crash leaves the old or the new content, whole. */
  private static void writeDurably(Path target, byte[] content) throws IOException {
    Path temp = target.resolveSibling(target.getFileName() + ".tmp");
    try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer b = ByteBuffer.wrap(content);
      while (b.hasRemaining()) {
        ch.write(b);
      }
      ch.force(true);
    }
    try {
      // Replacing our own state file is intended here (unlike publishing evidence blobs).
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
    fsync(target.getParent());
  }

  private static void fsync(Path directory) {
    try (FileChannel ch = FileChannel.open(directory, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // Some filesystems cannot fsync a directory; the file itself was already forced.
    }
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException | UncheckedIOException e) {
      throw new EvidenceException(ErrorCode.STORAGE_FAILURE, "could not remove a staged upload", e);
    }
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new EvidenceException(ErrorCode.INTERNAL, "SHA-256 is required by every Java platform", e);
    }
  }

  private static EvidenceException storage(IOException e) {
    return new EvidenceException(ErrorCode.STORAGE_FAILURE, "the upload staging area failed", e);
  }
}
