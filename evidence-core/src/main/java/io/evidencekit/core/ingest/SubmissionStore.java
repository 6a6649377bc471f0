package io.evidencekit.core.ingest;

import io.evidencekit.api.Declaration;
import io.evidencekit.api.EvidenceItem;
import io.evidencekit.api.InvitationId;
import io.evidencekit.api.ItemId;
import io.evidencekit.api.RequestId;
import io.evidencekit.api.ScanState;
import io.evidencekit.api.Sha256;
import io.evidencekit.core.scan.ScanQueue;
import io.evidencekit.api.Submission;
import io.evidencekit.api.SubmissionId;
import io.evidencekit.api.SubmissionState;
import io.evidencekit.api.UploadKey;
import io.evidencekit.core.internal.Database;
import io.evidencekit.core.internal.Rows;
import io.evidencekit.spi.BlobId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jspecify.annotations.Nullable;

/** Rows of {@code submission} and {@code evidence_item}. Engine-internal; stateless and thread-safe. */
public final class SubmissionStore {

  /** An item with where its bytes are. */
  public record StoredItem(EvidenceItem item, BlobId blob) {}

  void insert(Handle h, Submission s) {
    insert(h, s, null);
  }

  /** Inserts a submission; an officer's ingest has no invitation and names the officer instead. */
  void insert(Handle h, Submission s, @Nullable String ingestedBy) {
    Database.bindTime(h.createUpdate("""
            INSERT INTO submission (id, request_id, invitation_id, ingested_by, state, started_at, last_activity_at)
            VALUES (:id, :request, CAST(:invitation AS UUID), :ingestedBy, :state, :startedAt, :startedAt)"""),
            "startedAt", s.startedAt())
        .bind("id", s.id().value())
        .bind("request", s.requestId().value())
        .bindByType("invitation", s.invitationId().map(InvitationId::value).orElse(null), java.util.UUID.class)
        .bindByType("ingestedBy", ingestedBy, String.class)
        .bind("state", s.state().name())
        .execute();
  }

  /** The submission, locked until the transaction ends so concurrent adds and submits queue up. */
  Optional<Submission> lock(Handle h, SubmissionId id) {
    h.createQuery("SELECT id FROM submission WHERE id = :id FOR UPDATE").bind("id", id.value())
        .mapTo(java.util.UUID.class).findOne();
    return find(h, id);
  }

  public Optional<Submission> find(Handle h, SubmissionId id) {
    return h.createQuery("SELECT * FROM submission WHERE id = :id")
        .bind("id", id.value())
        .map((rs, ctx) -> submission(h, rs))
        .findOne();
  }

  public List<Submission> forRequest(Handle h, RequestId request) {
    return h.createQuery("SELECT * FROM submission WHERE request_id = :r ORDER BY started_at, id")
        .bind("r", request.value())
        .map((rs, ctx) -> submission(h, rs))
        .list();
  }

  /**
   * Inserts an item with the identity its sender gave it (see V6__crash_safety.sql): the public's upload key
   * or an officer ingest's key. Either is unique in its scope, so a second insert of the same upload fails
   * even if a caller's look-up missed the first.
   */
  void insertItem(Handle h, EvidenceItem item, BlobId blob, int position, Optional<UploadKey> uploadKey,
      Optional<String> ingestKey) {
    Database.bindTime(h.createUpdate("""
            INSERT INTO evidence_item (id, submission_id, request_id, position, sha256, size_bytes, submitted_name,
              claimed_type, blob_id, received_at, upload_key, ingest_key)
            VALUES (:id, :submission, :request, :position, :sha, :size, :name, :type, :blob, :receivedAt,
              :uploadKey, :ingestKey)"""),
            "receivedAt", item.receivedAt())
        .bindByType("uploadKey", uploadKey.map(UploadKey::value).orElse(null), String.class)
        .bindByType("ingestKey", ingestKey.orElse(null), String.class)
        .bind("id", item.id().value())
        .bind("submission", item.submissionId().value())
        .bind("request", item.requestId().value())
        .bind("sha", item.sha256().hex())
        .bind("size", item.size())
        .bind("name", item.submittedName())
        .bind("type", item.claimedContentType())
        .bind("blob", blob.value())
        .bind("position", position)
        .execute();
    // Queued for the malware scanners in the same transaction: no item recorded is ever left unscanned.
    ScanQueue.enqueue(h, item.id(), item.receivedAt());
    // And for the media inspector, likewise: derived facts about every item, never on the upload path.
    io.evidencekit.core.media.MediaQueue.enqueue(h, item.id(), item.receivedAt());
  }

  int markRemoved(Handle h, SubmissionId submission, ItemId item, Instant at) {
    return Database.bindTime(h.createUpdate("""
            UPDATE evidence_item SET removed_at = :at
            WHERE id = :id AND submission_id = :submission AND removed_at IS NULL"""), "at", at)
        .bind("id", item.value())
        .bind("submission", submission.value())
        .execute();
  }

  /** An officer's ingests into a request, oldest first. */
  List<Submission> ingestedBy(Handle h, RequestId request, String officerUserId) {
    return h.createQuery("""
            SELECT * FROM submission WHERE request_id = :r AND ingested_by = :officer ORDER BY started_at, id""")
        .bind("r", request.value())
        .bind("officer", officerUserId)
        .map((rs, ctx) -> submission(h, rs))
        .list();
  }

  int markSubmitted(Handle h, SubmissionId id, Optional<String> caption, Declaration declaration, Instant at) {
    return Database.bindTime(h.createUpdate("""
            UPDATE submission SET state = 'SUBMITTED', caption = :caption, declared_count = :count,
              submitted_at = :at
            WHERE id = :id AND state = 'DRAFT'"""), "at", at)
        .bindByType("caption", caption.orElse(null), String.class)
        .bind("count", declaration.fileCount())
        .bind("id", id.value())
        .execute();
  }

  /** Records that a draft changed (a file added or removed), so it is not swept as abandoned. */
  void touch(Handle h, SubmissionId id, Instant at) {
    Database.bindTime(h.createUpdate("UPDATE submission SET last_activity_at = :at WHERE id = :id"), "at", at)
        .bind("id", id.value())
        .execute();
  }

  /** A draft a link started, with when it last changed. */
  record OpenDraft(SubmissionId id, RequestId request, Instant lastActivity) {}

  /** The drafts still open through a link, the most recently changed first. */
  List<OpenDraft> openDrafts(Handle h, InvitationId invitation) {
    return h.createQuery("""
            SELECT id, request_id, COALESCE(last_activity_at, started_at) AS active FROM submission
            WHERE invitation_id = :i AND state = 'DRAFT' ORDER BY active DESC, started_at DESC, id""")
        .bind("i", invitation.value())
        .map((rs, ctx) -> new OpenDraft(new SubmissionId(Rows.uuid(rs, "id")), new RequestId(Rows.uuid(rs, "request_id")),
            Rows.instant(rs, "active")))
        .list();
  }

  /**
   * Drafts the public can no longer finish or has left: their link is no longer active or has expired,
   * or they have not changed since {@code idleBefore}. At most {@code limit}.
   */
  List<OpenDraft> abandonable(Handle h, Instant now, Instant idleBefore, int limit) {
    return Database.bindTime(Database.bindTime(h.createQuery("""
            SELECT s.id, s.request_id, COALESCE(s.last_activity_at, s.started_at) AS active FROM submission s
            JOIN invitation i ON i.id = s.invitation_id
            WHERE s.state = 'DRAFT'
              AND (i.state <> 'ACTIVE' OR i.expires_at <= :now OR COALESCE(s.last_activity_at, s.started_at) < :idle)
            ORDER BY s.started_at, s.id LIMIT :limit"""), "now", now), "idle", idleBefore)
        .bind("limit", limit)
        .map((rs, ctx) -> new OpenDraft(new SubmissionId(Rows.uuid(rs, "id")), new RequestId(Rows.uuid(rs, "request_id")),
            Rows.instant(rs, "active")))
        .list();
  }

  /** Drafts of a request started through links that have ended (re-issued, revoked or expired). */
  List<OpenDraft> draftsOfEndedLinks(Handle h, RequestId request, Instant now) {
    return Database.bindTime(h.createQuery("""
            SELECT s.id, s.request_id, COALESCE(s.last_activity_at, s.started_at) AS active FROM submission s
            JOIN invitation i ON i.id = s.invitation_id
            WHERE s.request_id = :r AND s.state = 'DRAFT' AND (i.state <> 'ACTIVE' OR i.expires_at <= :now)
            ORDER BY s.started_at, s.id"""), "now", now)
        .bind("r", request.value())
        .map((rs, ctx) -> new OpenDraft(new SubmissionId(Rows.uuid(rs, "id")), new RequestId(Rows.uuid(rs, "request_id")),
            Rows.instant(rs, "active")))
        .list();
  }

  /** Closes a draft without submitting it; returns 0 if it was no longer a draft. */
  int markAbandoned(Handle h, SubmissionId id) {
    return h.createUpdate("UPDATE submission SET state = 'ABANDONED' WHERE id = :id AND state = 'DRAFT'")
        .bind("id", id.value())
        .execute();
  }

  /** How many submissions were sent (submitted) through a link. */
  public int submittedThrough(Handle h, InvitationId invitation) {
    return h.createQuery("SELECT COUNT(*) FROM submission WHERE invitation_id = :i AND state = 'SUBMITTED'")
        .bind("i", invitation.value())
        .mapTo(Integer.class)
        .one();
  }

  /** Items currently part of the submission (not removed by the submitter), in the order received. */
  public List<StoredItem> items(Handle h, SubmissionId submission) {
    return h.createQuery("""
            SELECT * FROM evidence_item WHERE submission_id = :s AND removed_at IS NULL
            ORDER BY position""")
        .bind("s", submission.value())
        .map((rs, ctx) -> storedItem(rs))
        .list();
  }

  /** The item recorded under a client's upload key in a submission, removed from the draft or not. */
  Optional<StoredItem> storedItemByUploadKey(Handle h, SubmissionId submission, UploadKey key) {
    return h.createQuery("SELECT * FROM evidence_item WHERE submission_id = :s AND upload_key = :key")
        .bind("s", submission.value())
        .bind("key", key.value())
        .map((rs, ctx) -> storedItem(rs))
        .findOne();
  }

  Optional<EvidenceItem> itemByUploadKey(Handle h, SubmissionId submission, UploadKey key) {
    return storedItemByUploadKey(h, submission, key).map(StoredItem::item);
  }

  /** The item an officer's ingest recorded under {@code ingestKey} in a request. */
  Optional<StoredItem> itemByIngestKey(Handle h, RequestId request, String ingestKey) {
    return h.createQuery("SELECT * FROM evidence_item WHERE request_id = :r AND ingest_key = :key")
        .bind("r", request.value())
        .bind("key", ingestKey)
        .map((rs, ctx) -> storedItem(rs))
        .findOne();
  }

  public Optional<StoredItem> item(Handle h, ItemId id) {
    return h.createQuery("SELECT * FROM evidence_item WHERE id = :id AND removed_at IS NULL")
        .bind("id", id.value())
        .map((rs, ctx) -> storedItem(rs))
        .findOne();
  }

  private static StoredItem storedItem(ResultSet rs) throws SQLException {
    return new StoredItem(new EvidenceItem(
        new ItemId(Rows.uuid(rs, "id")),
        new RequestId(Rows.uuid(rs, "request_id")),
        new SubmissionId(Rows.uuid(rs, "submission_id")),
        new Sha256(rs.getString("sha256")),
        rs.getLong("size_bytes"),
        rs.getString("submitted_name"),
        rs.getString("claimed_type"),
        Rows.instant(rs, "received_at"),
        ScanState.valueOf(rs.getString("scan_state"))), new BlobId(rs.getString("blob_id")));
  }

  private Submission submission(Handle h, ResultSet rs) throws SQLException {
    SubmissionId id = new SubmissionId(Rows.uuid(rs, "id"));
    // The count is the declaration; the "declaration" column holds the English sentence of older rows only.
    int count = rs.getInt("declared_count");
    Optional<Declaration> declaration = rs.wasNull() ? Optional.empty() : Optional.of(new Declaration(count));
    return new Submission(
        id,
        new RequestId(Rows.uuid(rs, "request_id")),
        Rows.optionalUuid(rs, "invitation_id").map(InvitationId::new),
        SubmissionState.valueOf(rs.getString("state")),
        items(h, id).stream().map(StoredItem::item).toList(),
        Rows.optionalString(rs, "caption"),
        declaration,
        Rows.instant(rs, "started_at"),
        Rows.optionalInstant(rs, "submitted_at"));
  }
}
