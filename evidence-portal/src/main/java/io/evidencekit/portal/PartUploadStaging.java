package io.evidencekit.portal;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.EvidenceItem;
import io.evidencekit.api.ItemId;
import io.evidencekit.api.Limits;
import io.evidencekit.api.Sha256;
import io.evidencekit.api.SubmissionId;
import io.evidencekit.spi.PartStaging;
import io.evidencekit.spi.StagedUpload;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;

/**
 * Unfinished tus uploads kept in a {@link PartStaging} (an S3 bucket, through {@code S3PartStaging}) rather
 * than a directory, so that every node behind a balancer sees every upload with no shared file system: any
 * node tells a client's HEAD where the upload stands, takes its next PATCH, and hands it over when whole.
 *
 * <p>The upload's metadata (the token's SHA-256, never the token; the submission; the file's name and
 * type; the expiry) travels with it in the staging. An offset is acknowledged only once the staging has
 * made its bytes durable. No SHA-256 is carried between requests (it could not follow an upload to another
 * node, and S3 cannot read the parts of an unfinished multipart upload back): the whole upload is read
 * once, when complete, by the engine, which hashes it as it stores it, under the upload's id as its
 * {@link io.evidencekit.api.UploadKey}, so completing again (a crash, another node) records one item.
 *
 * <p>Quota: as {@link UploadStaging}, every unfinished upload created here is counted by its declared
 * length from creation; on start the uploads already staged are counted again. Uploads finished through
 * another node are forgotten when a reservation would otherwise be refused.
 *
 * <p>Expired uploads are aborted by {@link #sweepExpired}, which lists the whole staging and so runs at
 * most once a minute (by the injected clock) however often it is asked; a bucket lifecycle rule is the
 * backstop. Thread-safe: one request at a time appends to an upload in this process (others get
 * {@link UploadStaging.Busy}); across processes the staging itself keeps acknowledged bytes.
 */
final class PartUploadStaging implements TusStaging {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{22}");
  private static final Duration SWEEP_EVERY = Duration.ofMinutes(1);

  private final PartStaging parts;
  private final Clock clock;
  private final SecureRandom random;
  private final StagingQuota quota;
  private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();
  private final Object sweeping = new Object();
  private Instant nextSweep = Instant.MIN;

  PartUploadStaging(PartStaging parts, Clock clock, SecureRandom random, StagingQuota quota) {
    this.parts = parts;
    this.clock = clock;
    this.random = random;
    this.quota = quota;
    restoreQuota();
  }

  @Override
  public StagingQuota quota() {
    return quota;
  }

  @Override
  public UploadStaging.Upload create(String token, SubmissionId submission, long length, String fileName,
      String fileType, Instant expiresAt, Limits limits, List<EvidenceItem> items) {
    byte[] idBytes = new byte[16];
    random.nextBytes(idBytes);
    String id = Base64.getUrlEncoder().withoutPadding().encodeToString(idBytes);
    String link = UploadStaging.tokenHash(token);
    StagingQuota.Refusal refusal = quota.reserve(id, link, submission, length, limits, items);
    if (refusal != null) {
      forgetFinishedElsewhere();
      refusal = quota.reserve(id, link, submission, length, limits, items);
    }
    if (refusal != null) {
      throw new UploadStaging.Refused(refusal);
    }
    try {
      parts.begin(id, length, Map.of("tokenSha256", link, "submission", submission.toString(), "fileName", fileName,
          "fileType", fileType, "expiresAt", expiresAt.toString()));
    } catch (IOException e) {
      quota.release(id);
      throw storage(e);
    } catch (RuntimeException e) {
      quota.release(id);
      throw e;
    }
    return new UploadStaging.Upload(id, submission, length, fileName, fileType, expiresAt, 0, Optional.empty());
  }

  @Override
  public UploadStaging.Lookup find(String token, String id) {
    if (!ID.matcher(id).matches()) {
      return new UploadStaging.Missing();
    }
    Optional<StagedUpload> staged;
    try {
      staged = parts.find(id);
    } catch (IOException e) {
      throw storage(e);
    }
    if (staged.isEmpty()) {
      return new UploadStaging.Missing();
    }
    byte[] expected = staged.get().metadata().getOrDefault("tokenSha256", "").getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expected, UploadStaging.tokenHash(token).getBytes(StandardCharsets.US_ASCII))) {
      return new UploadStaging.Missing();
    }
    UploadStaging.Upload upload = upload(staged.get());
    if (!upload.isComplete() && !clock.instant().isBefore(upload.expiresAt())) {
      return new UploadStaging.Expired();
    }
    return new UploadStaging.Found(upload);
  }

  @Override
  public UploadStaging.Upload append(UploadStaging.Upload upload, long offset, InputStream body, Handover handover) {
    ReentrantLock lock = locks.computeIfAbsent(upload.id(), k -> new ReentrantLock());
    try {
      if (!lock.tryLock(5, TimeUnit.SECONDS)) {
        throw new UploadStaging.Busy();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UploadStaging.Busy();
    }
    try {
      UploadStaging.Upload current = current(upload.id());
      if (current.isComplete()) {
        if (offset == current.length()) {
          return current;
        }
        throw new UploadStaging.OffsetMismatch(current.length());
      }
      if (offset != current.offset()) {
        throw new UploadStaging.OffsetMismatch(current.offset());
      }
      long position = current.offset();
      if (position < current.length()) {
        LimitedBody guarded = new LimitedBody(body, current.length() - position);
        try {
          position = parts.append(upload.id(), position, guarded);
        } catch (IOException e) {
          if (!guarded.failed) {
            throw storage(e);
          }
          // What arrived before the body broke off (or went past the length) is durable and acknowledged.
          position = current(upload.id()).offset();
          quota.progress(upload.id(), position);
          if (guarded.tooLong) {
            throw new UploadStaging.TooLong(position);
          }
          throw new EvidenceException(ErrorCode.UPLOAD_INTERRUPTED, "the upload stopped at byte " + position);
        } catch (EvidenceException e) {
          if (e.code() == ErrorCode.INVALID_INPUT) {
            // Another node moved the upload on between our look and our append.
            throw new UploadStaging.OffsetMismatch(current(upload.id()).offset());
          }
          throw e;
        }
        quota.progress(upload.id(), position);
      }
      UploadStaging.Upload progressed = withOffset(current, position);
      if (position < current.length()) {
        return progressed;
      }
      return complete(progressed, handover);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void terminate(String id) {
    if (!ID.matcher(id).matches()) {
      return;
    }
    try {
      parts.abort(id);
    } catch (IOException e) {
      throw storage(e);
    }
    locks.remove(id);
    quota.release(id);
  }

  @Override
  public void terminateFor(String token, String id) {
    UploadStaging.Lookup lookup = find(token, id);
    if (lookup instanceof UploadStaging.Found || lookup instanceof UploadStaging.Expired) {
      terminate(id);
    }
  }

  @Override
  public int sweepExpired() {
    Instant now = clock.instant();
    synchronized (sweeping) {
      if (now.isBefore(nextSweep)) {
        return 0;
      }
      nextSweep = now.plus(SWEEP_EVERY);
    }
    int removed = 0;
    try {
      for (String id : parts.ids()) {
        try {
          Optional<StagedUpload> staged = parts.find(id);
          if (staged.isPresent() && !now.isBefore(upload(staged.get()).expiresAt())) {
            terminate(id);
            removed++;
          }
        } catch (IOException | EvidenceException e) {
          // Unreadable state: left for an operator (and the bucket's lifecycle rule), as the directory sweep does.
        }
      }
    } catch (IOException e) {
      throw storage(e);
    }
    return removed;
  }

  // ------------------------------------------------------------------ internals

  private UploadStaging.Upload complete(UploadStaging.Upload upload, Handover handover) {
    UploadStaging.Completed done;
    try (InputStream whole = parts.openWhole(upload.id())) {
      done = handover.completeStream(upload, whole);
    } catch (IOException e) {
      throw storage(e);
    }
    try {
      parts.finish(upload.id(), Map.of("item", done.item().toString(), "sha256", done.sha256().hex()));
    } catch (IOException e) {
      // Recorded already: a later request completes again and finds the item under the upload's key.
      throw storage(e);
    }
    locks.remove(upload.id());
    quota.release(upload.id()); // an item now, counted by the engine
    return new UploadStaging.Upload(upload.id(), upload.submission(), upload.length(), upload.fileName(),
        upload.fileType(), upload.expiresAt(), upload.length(), Optional.of(done));
  }

  private UploadStaging.Upload current(String id) {
    try {
      return upload(parts.find(id).orElseThrow(() ->
          new EvidenceException(ErrorCode.NOT_FOUND, "the upload was removed meanwhile")));
    } catch (IOException e) {
      throw storage(e);
    }
  }

  private static UploadStaging.Upload upload(StagedUpload staged) {
    try {
      Map<String, String> m = staged.metadata();
      Optional<UploadStaging.Completed> completed = staged.outcome().map(o ->
          new UploadStaging.Completed(ItemId.parse(o.get("item")), new Sha256(o.get("sha256"))));
      return new UploadStaging.Upload(staged.id(), SubmissionId.parse(m.get("submission")), staged.length(),
          m.getOrDefault("fileName", ""), m.getOrDefault("fileType", "application/octet-stream"),
          Instant.parse(m.get("expiresAt")), staged.offset(), completed);
    } catch (RuntimeException e) {
      throw new EvidenceException(ErrorCode.STORAGE_FAILURE, "the upload's staged state is unreadable", e);
    }
  }

  private static UploadStaging.Upload withOffset(UploadStaging.Upload u, long offset) {
    return new UploadStaging.Upload(u.id(), u.submission(), u.length(), u.fileName(), u.fileType(), u.expiresAt(),
        offset, u.completed());
  }

  /** Uploads another node finished are items now: counting them again would refuse files the limits allow. */
  private void forgetFinishedElsewhere() {
    for (String id : quota.reservedIds()) {
      try {
        if (parts.find(id).map(s -> s.outcome().isPresent()).orElse(false)) {
          quota.release(id);
        }
      } catch (IOException e) {
        throw storage(e);
      }
    }
  }

  private void restoreQuota() {
    Instant now = clock.instant();
    try {
      for (String id : parts.ids()) {
        try {
          Optional<StagedUpload> staged = parts.find(id);
          if (staged.isEmpty() || staged.get().outcome().isPresent()) {
            continue;
          }
          UploadStaging.Upload upload = upload(staged.get());
          if (now.isBefore(upload.expiresAt())) {
            quota.restore(id, staged.get().metadata().getOrDefault("tokenSha256", ""), upload.submission(),
                upload.length(), upload.offset());
          }
        } catch (IOException | EvidenceException e) {
          // Unreadable state: left for an operator, as the sweep does.
        }
      }
    } catch (IOException e) {
      throw new EvidenceException(ErrorCode.CONFIGURATION, "cannot list the uploads being staged", e);
    }
  }

  private static EvidenceException storage(IOException e) {
    return new EvidenceException(ErrorCode.STORAGE_FAILURE, "the upload staging area failed", e);
  }

  /**
   * The request body, cut at what the upload still misses. A body that goes on past it fails before its
   * last block is handed on (so the bytes past the length are never staged); a body that breaks off fails
   * as it did. Either way {@code failed} tells the caller the failure was the body's, not the staging's.
   */
  private static final class LimitedBody extends InputStream {
    private final InputStream in;
    private long left;
    boolean failed;
    boolean tooLong;

    LimitedBody(InputStream in, long left) {
      this.in = in;
      this.left = left;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left == 0 || len == 0) {
        return left == 0 ? -1 : 0;
      }
      try {
        int n = in.read(b, off, (int) Math.min(len, left));
        if (n < 0) {
          return -1;
        }
        if (n == left && in.read() >= 0) {
          tooLong = true;
          throw new IOException("the body goes on past the upload's length");
        }
        left -= n;
        return n;
      } catch (IOException e) {
        failed = true;
        throw e;
      }
    }
  }
}
