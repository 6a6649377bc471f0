package io.evidencekit.core;

import io.evidencekit.api.Declaration;
import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.EvidenceItem;
import io.evidencekit.api.EvidenceRequest;
import io.evidencekit.api.ItemId;
import io.evidencekit.api.Limits;
import io.evidencekit.api.PublicRequestView;
import io.evidencekit.api.PublicSide;
import io.evidencekit.api.Receipt;
import io.evidencekit.api.Sha256;
import io.evidencekit.api.SubmissionId;
import io.evidencekit.api.UploadKey;
import io.evidencekit.core.request.RequestService;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** The token holder's role: every call is checked against the link's token inside the services. */
final class PublicSideRole implements PublicSide {
  private final EngineParts parts;
  private final Liveness liveness;
  private final BackgroundWork background;

  PublicSideRole(EngineParts parts, Liveness liveness, BackgroundWork background) {
    this.parts = parts;
    this.liveness = liveness;
    this.background = background;
  }

  @Override
  public PublicRequestView viewInvitation(String token) {
    liveness.check();
    RequestService.Resolved link = parts.requests.resolveUsable(token);
    EvidenceRequest r = link.request();
    return new PublicRequestView(link.invitation().id(), r.reference(), r.recipient().name(), r.officer().displayName(),
        r.officer().email(), r.officer().phone(), r.description(), link.invitation().expiresAt(), parts.limits,
        r.submissionPolicy(), parts.submissions.submittedThrough(link),
        parts.db.read(h -> io.evidencekit.core.media.RequestWindows.forRequest(h, r.id())));
  }

  @Override
  public SubmissionId startSubmission(String token) {
    liveness.check();
    return parts.submissions.start(token);
  }

  @Override
  public EvidenceItem addFile(String token, SubmissionId submission, String fileName, String claimedType,
      InputStream content) {
    liveness.check();
    EvidenceItem item = parts.submissions.addFile(token, submission, fileName, claimedType, content);
    background.nudgeScans(); // scanned after it is durable, never on the upload path
    return item;
  }

  @Override
  public EvidenceItem addFile(String token, SubmissionId submission, String fileName, String claimedType,
      InputStream content, long declaredSize) {
    liveness.check();
    if (declaredSize < 0) {
      throw new EvidenceException(ErrorCode.INVALID_INPUT, "a declared size cannot be negative");
    }
    EvidenceItem item = parts.submissions.addFile(token, submission, fileName, claimedType, content, declaredSize);
    background.nudgeScans();
    return item;
  }

  @Override
  public EvidenceItem addStagedFile(String token, SubmissionId submission, String fileName, String claimedType,
      Path stagedFile, Sha256 sha256) {
    liveness.check();
    EvidenceItem item = parts.submissions.addStagedFile(token, submission, fileName, claimedType, stagedFile, sha256);
    background.nudgeScans();
    return item;
  }

  @Override
  public EvidenceItem addFile(String token, SubmissionId submission, UploadKey key, String fileName, String claimedType,
      InputStream content, OptionalLong declaredSize) {
    liveness.check();
    if (declaredSize.isPresent() && declaredSize.getAsLong() < 0) {
      throw new EvidenceException(ErrorCode.INVALID_INPUT, "a declared size cannot be negative");
    }
    return parts.submissions.addFile(token, submission, Optional.of(key), fileName, claimedType, content,
        declaredSize.orElse(-1));
  }

  @Override
  public EvidenceItem addStagedFile(String token, SubmissionId submission, UploadKey key, String fileName,
      String claimedType, Path stagedFile, Sha256 sha256) {
    liveness.check();
    return parts.submissions.addStagedFile(token, submission, Optional.of(key), fileName, claimedType, stagedFile,
        sha256);
  }

  @Override
  public EvidenceItem addStagedFileHashedWhileStaging(String token, SubmissionId submission, UploadKey key,
      String fileName, String claimedType, Path stagedFile, Sha256 sha256) {
    liveness.check();
    return parts.submissions.addStagedFileHashedWhileStaging(token, submission, key, fileName, claimedType, stagedFile,
        sha256);
  }

  @Override
  public List<EvidenceItem> draftItems(String token, SubmissionId submission) {
    liveness.check();
    return parts.submissions.draftItems(token, submission);
  }

  @Override
  public void removeFile(String token, SubmissionId submission, ItemId item) {
    liveness.check();
    parts.submissions.removeFile(token, submission, item);
  }

  @Override
  public Receipt submit(String token, SubmissionId submission, Optional<String> caption, Declaration declaration) {
    liveness.check();
    Receipt receipt = parts.submissions.submit(token, submission, caption, declaration);
    background.nudge();
    return receipt;
  }

  @Override
  public Optional<SubmissionId> currentDraft(String token) {
    liveness.check();
    return parts.submissions.currentDraft(token);
  }

  @Override
  public void recordLinkGuessing(long failedLookups, int addresses, java.time.Instant since) {
    liveness.check();
    parts.requests.recordLinkGuessing(failedLookups, addresses, since);
  }

  @Override
  public List<io.evidencekit.api.ItemMedia> media(String token, SubmissionId submission) {
    liveness.check();
    return parts.db.read(h -> {
      RequestService.Resolved link = parts.requests.resolveUsable(h, token);
      parts.submissionStore.find(h, submission)
          .filter(s -> s.invitationId().equals(Optional.of(link.invitation().id())))
          .orElseThrow(() -> new EvidenceException(ErrorCode.NOT_FOUND, "no such submission for this link"));
      return parts.submissionStore.items(h, submission).stream()
          .map(stored -> io.evidencekit.core.media.MediaResults.of(h, stored))
          .toList();
    });
  }

  @Override
  public Limits limits() {
    return parts.limits;
  }
}
