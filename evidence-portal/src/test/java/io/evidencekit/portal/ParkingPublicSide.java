package io.evidencekit.portal;

import io.evidencekit.api.Declaration;
import io.evidencekit.api.EvidenceItem;
import io.evidencekit.api.ItemId;
import io.evidencekit.api.Limits;
import io.evidencekit.api.PublicRequestView;
import io.evidencekit.api.PublicSide;
import io.evidencekit.api.Receipt;
import io.evidencekit.api.Sha256;
import io.evidencekit.api.SubmissionId;
import io.evidencekit.api.UploadKey;
import io.evidencekit.tck.crash.CrashPoint;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The engine's public side as the kill loop's portal sees it, with two crash points: {@code item-recorded}
 * (the engine recorded a finished upload; the portal has not yet written its {@code done} marker nor
 * answered) and {@code submitted} (the submission is committed; the receipt is not yet sent). Thread-safe.
 */
class ParkingPublicSide implements PublicSide {
  static final String ITEM_RECORDED = "item-recorded";
  static final String SUBMITTED = "submitted";

  private final PublicSide engine;
  private final CrashPoint crash;

  ParkingPublicSide(PublicSide engine, CrashPoint crash) {
    this.engine = engine;
    this.crash = crash;
  }

  @Override
  public EvidenceItem addStagedFile(String token, SubmissionId submission, String fileName, String claimedType,
      Path stagedFile, Sha256 sha256) {
    EvidenceItem item = engine.addStagedFile(token, submission, fileName, claimedType, stagedFile, sha256);
    crash.reached(ITEM_RECORDED);
    return item;
  }

  @Override
  public EvidenceItem addStagedFile(String token, SubmissionId submission, UploadKey key, String fileName,
      String claimedType, Path stagedFile, Sha256 sha256) {
    EvidenceItem item = engine.addStagedFile(token, submission, key, fileName, claimedType, stagedFile, sha256);
    crash.reached(ITEM_RECORDED);
    return item;
  }

  @Override
  public EvidenceItem addStagedFileHashedWhileStaging(String token, SubmissionId submission, UploadKey key,
      String fileName, String claimedType, Path stagedFile, Sha256 sha256) {
    EvidenceItem item = engine.addStagedFileHashedWhileStaging(token, submission, key, fileName, claimedType, stagedFile,
        sha256);
    crash.reached(ITEM_RECORDED);
    return item;
  }

  @Override
  public Receipt submit(String token, SubmissionId submission, Optional<String> caption, Declaration declaration) {
    Receipt receipt = engine.submit(token, submission, caption, declaration);
    crash.reached(SUBMITTED);
    return receipt;
  }

  @Override
  public PublicRequestView viewInvitation(String token) {
    return engine.viewInvitation(token);
  }

  @Override
  public SubmissionId startSubmission(String token) {
    return engine.startSubmission(token);
  }

  @Override
  public EvidenceItem addFile(String token, SubmissionId submission, String fileName, String claimedType,
      InputStream content) {
    return engine.addFile(token, submission, fileName, claimedType, content);
  }

  @Override
  public EvidenceItem addFile(String token, SubmissionId submission, String fileName, String claimedType,
      InputStream content, long declaredSize) {
    return engine.addFile(token, submission, fileName, claimedType, content, declaredSize);
  }

  @Override
  public EvidenceItem addFile(String token, SubmissionId submission, UploadKey key, String fileName,
      String claimedType, InputStream content, OptionalLong declaredSize) {
    return engine.addFile(token, submission, key, fileName, claimedType, content, declaredSize);
  }

  @Override
  public List<EvidenceItem> draftItems(String token, SubmissionId submission) {
    return engine.draftItems(token, submission);
  }

  @Override
  public void removeFile(String token, SubmissionId submission, ItemId item) {
    engine.removeFile(token, submission, item);
  }

  @Override
  public Optional<SubmissionId> currentDraft(String token) {
    return engine.currentDraft(token);
  }

  @Override
  public void recordLinkGuessing(long failedLookups, int addresses, Instant since) {
    engine.recordLinkGuessing(failedLookups, addresses, since);
  }

  @Override
  public Limits limits() {
    return engine.limits();
  }
}
