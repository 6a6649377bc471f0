package io.evidencekit.api;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the holder of an invitation link may do: see the request the link opens, put files into a
 * submission and submit it. This is the only part of the engine the internet-facing portal receives;
 * nothing here reads another request, any officer data beyond the link's own page, or the custody log.
 *
 * <p>Every method takes the link's token as the caller received it and checks it first (constant-time,
 * against a stored hash): an unknown, malformed, expired or revoked token fails with
 * {@link ErrorCode#INVITATION_UNKNOWN}, {@link ErrorCode#INVITATION_EXPIRED} or
 * {@link ErrorCode#INVITATION_REVOKED} and changes nothing. Tokens never appear in an exception message.
 *
 * <p>Thread-safe: any number of threads may call any method at once, on one engine or on several
 * sharing a database. Every failure is an {@link EvidenceException}.
 */
public interface PublicSide {

  /**
   * What the link shows. Reads only: opening a link (as mail scanners do) never consumes or changes it.
   */
  PublicRequestView viewInvitation(String token);

  /** Starts a submission (a batch of files) through the link; recorded in the custody log. */
  SubmissionId startSubmission(String token);

  /**
   * Streams one file into a draft submission, hashing it as it is stored; the item and its custody event
   * exist only once the store has made the bytes durable. The caller keeps ownership of {@code content}
   * and closes it. {@code fileName} and {@code claimedType} are what the submitter's device said; both
   * are metadata only, never a path or a reason to treat the bytes differently.
   *
   * @throws EvidenceException LIMIT_EXCEEDED (nothing kept), UPLOAD_INTERRUPTED, SUBMISSION_CLOSED,
   *     NOT_FOUND (not this link's submission), STORAGE_FAILURE, DATABASE_FAILURE
   */
  EvidenceItem addFile(String token, SubmissionId submission, String fileName, String claimedType, InputStream content);

  /**
   * As {@link #addFile(String, SubmissionId, String, String, InputStream)} for content whose length is
   * declared in advance (an HTTP Content-Length, a tus Upload-Length, a file's size), which lets an
   * object store take it in one request. Content of another length fails with UPLOAD_INTERRUPTED and
   * records nothing; a negative size is INVALID_INPUT.
   */
  EvidenceItem addFile(String token, SubmissionId submission, String fileName, String claimedType, InputStream content,
      long declaredSize);

  /**
   * Adds a file the caller has already received and staged durably on local disk, with the SHA-256 it
   * computed while staging (the portal's resumable uploads). The engine reads and hashes the file again
   * before recording anything, so the recorded digest is always its own: a different {@code sha256} fails
   * with INTEGRITY_FAILURE and records nothing. A store that can adopt the file (same file system) does not
   * write its bytes again. Same limits, record and events as {@code addFile}.
   *
   * <p>The file must be complete and no longer written to. Afterwards the caller deletes it whatever the
   * outcome: once adopted it may share storage with the stored blob, so it must never be written again.
   */
  EvidenceItem addStagedFile(String token, SubmissionId submission, String fileName, String claimedType, Path stagedFile,
      Sha256 sha256);

  /**
   * As {@link #addFile(String, SubmissionId, String, String, InputStream, long)}, idempotent by the key the
   * client already has for this upload: if the submission already holds an item recorded under {@code key}
   * (a retry, or a replay after a crash), that item is returned and nothing is read, stored or recorded,
   * whatever the submission's state now (a file removed from the draft since is returned too). Otherwise the
   * file is added as by {@code addFile} and recorded under {@code key}. Two calls racing with one key record
   * one item. {@code declaredSize} is empty when the length is not known in advance.
   */
  EvidenceItem addFile(String token, SubmissionId submission, UploadKey key, String fileName, String claimedType,
      InputStream content, OptionalLong declaredSize);

  /**
   * As {@link #addStagedFile(String, SubmissionId, String, String, Path, Sha256)}, idempotent by {@code key}
   * as {@link #addFile(String, SubmissionId, UploadKey, String, String, InputStream, OptionalLong)} is: an
   * item already recorded under {@code key} is returned without reading the file. If that item's digest is
   * not {@code sha256}, the key was used for another file: INVALID_INPUT, nothing changes.
   */
  EvidenceItem addStagedFile(String token, SubmissionId submission, UploadKey key, String fileName, String claimedType,
      Path stagedFile, Sha256 sha256);

  /**
   * As {@link #addStagedFile(String, SubmissionId, UploadKey, String, String, Path, Sha256)}, for a file whose
   * {@code sha256} the caller computed on this server, by library code, from the very bytes as it wrote them
   * to {@code stagedFile} (never a digest a client sent), and which nothing writes any more: the portal's
   * resumable uploads. When the store adopts the file in place (same file system, hard link), the engine
   * records {@code sha256} without reading the file again, and the item's custody event says the digest was
   * computed by the portal while receiving. Everywhere else (a store that must copy the file) the engine
   * hashes the bytes it stores and a different digest fails with INTEGRITY_FAILURE, recording nothing.
   *
   * <p>The default verifies as {@code addStagedFile} does; the engine overrides it.
   */
  default EvidenceItem addStagedFileHashedWhileStaging(String token, SubmissionId submission, UploadKey key,
      String fileName, String claimedType, Path stagedFile, Sha256 sha256) {
    return addStagedFile(token, submission, key, fileName, claimedType, stagedFile, sha256);
  }

  /**
   * The files a draft submission holds now, in the order received, for a page that lists them (for
   * example after a reload). Reads only.
   *
   * @throws EvidenceException NOT_FOUND, or SUBMISSION_CLOSED once submitted
   */
  List<EvidenceItem> draftItems(String token, SubmissionId submission);

  /** Takes a file out of a draft; its bytes stay in custody and the removal is recorded. */
  void removeFile(String token, SubmissionId submission, ItemId item);

  /**
   * Declares and submits; the officer is then notified. Retrying a submit that already succeeded returns
   * the same receipt and changes nothing.
   *
   * @throws EvidenceException SUBMISSION_EMPTY, DECLARATION_MISMATCH (the declaration names another number
   *     of files), NOT_FOUND
   */
  Receipt submit(String token, SubmissionId submission, Optional<String> caption, Declaration declaration);

  /**
   * The draft submission through this link that changed most recently, if one is open, so a returning
   * visitor carries on where they left off instead of starting another (a link holds only a few open
   * drafts). Reads only.
   */
  Optional<SubmissionId> currentDraft(String token);

  /**
   * Records, as a system custody event ({@link CustodyAction#LINK_GUESSING_SUSPECTED}), that failed link
   * look-ups from many addresses exhausted the portal's global budget: someone may be guessing links. Counts
   * only (no addresses, no tokens); takes no token, as it is about links nobody holds.
   */
  void recordLinkGuessing(long failedLookups, int addresses, java.time.Instant since);

  /**
   * What the engine's media inspector found in each file of a submission through this link (a draft or one
   * already submitted), in the order received: duration, the span it covers and anything to warn about
   * against {@link PublicRequestView#timeWindows()}. Files not inspected yet are
   * {@link MediaState#PENDING}; inspection never holds up an upload or a submission. Reads only.
   * Default (an engine without media inspection): every file pending.
   *
   * @throws EvidenceException NOT_FOUND (not this link's submission)
   */
  default List<ItemMedia> media(String token, SubmissionId submission) {
    return draftItems(token, submission).stream()
        .map(i -> new ItemMedia(i.id(), i.requestId(), i.submittedName(), i.size(), MediaState.PENDING, Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()))
        .toList();
  }

  /** The limits a submission is held to, to show before anything is sent. */
  Limits limits();
}
