package io.evidencekit.core.video;

import io.evidencekit.api.ItemId;
import io.evidencekit.api.RequestId;
import io.evidencekit.api.SubmissionId;
import io.evidencekit.api.video.HeldConsultation;
import io.evidencekit.core.internal.Database;
import io.evidencekit.core.internal.Rows;
import io.evidencekit.spi.Recording;
import io.evidencekit.spi.RecordingState;
import io.evidencekit.spi.VideoCursor;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** The video import's rows (V11__video_import.sql). Stateless; every method runs in the caller's handle. */
final class VideoRows {
  private VideoRows() {}

  enum State {
    IMPORTING,
    IMPORTED,
    HELD,
    DISCARDED
  }

  record ConsultationRow(String platform, String consultation, RequestId request, String callReference, State state,
      Optional<HeldConsultation.HeldReason> heldReason, Optional<SubmissionId> submission, Instant listedAt,
      Optional<String> referredBy, Optional<String> referredName, Optional<String> referral) {
    boolean referred() {
      return referredBy.isPresent();
    }
  }

  record RecordingRow(String platform, String consultation, String recording, int position, long size,
      String mediaType, Optional<String> platformSha256, boolean missing, Optional<ItemId> item,
      Optional<Instant> importedAt, Optional<Instant> verifiedAt, boolean verificationFailed,
      Optional<Instant> deleteFrom, int deleteAttempts, Optional<Instant> nextDeleteAt, Optional<String> lastFailure,
      Optional<Instant> deletedAt) {}

  // ---- cursor ---------------------------------------------------------------------------------------

  static Optional<VideoCursor> cursor(Handle h, String platform) {
    return h.createQuery("SELECT cursor_value FROM video_cursor WHERE platform = :p").bind("p", platform)
        .mapTo(String.class).findOne().map(VideoCursor::new);
  }

  static void saveCursor(Handle h, String platform, VideoCursor cursor, Instant now) {
    int updated = Database.bindTime(h.createUpdate(
            "UPDATE video_cursor SET cursor_value = :c, updated_at = :now WHERE platform = :p"), "now", now)
        .bind("c", cursor.value()).bind("p", platform).execute();
    if (updated == 0) {
      Database.bindTime(h.createUpdate(
              "INSERT INTO video_cursor (platform, cursor_value, updated_at) VALUES (:p, :c, :now)"), "now", now)
          .bind("c", cursor.value()).bind("p", platform).execute();
    }
  }

  // ---- request per call reference --------------------------------------------------------------------

  static Optional<RequestId> requestForCall(Handle h, String platform, String callReference) {
    return h.createQuery("SELECT request_id FROM video_request WHERE platform = :p AND call_reference = :c")
        .bind("p", platform).bind("c", callReference).map((rs, ctx) -> new RequestId(Rows.uuid(rs, "request_id")))
        .findOne();
  }

  static void insertRequestForCall(Handle h, String platform, String callReference, RequestId request) {
    h.createUpdate("INSERT INTO video_request (platform, call_reference, request_id) VALUES (:p, :c, :r)")
        .bind("p", platform).bind("c", callReference).bind("r", request.value()).execute();
  }

  // ---- consultations ---------------------------------------------------------------------------------

  static void insertConsultation(Handle h, String platform, String consultation, RequestId request,
      String callReference, State state, Optional<HeldConsultation.HeldReason> heldReason, Instant now) {
    Database.bindTime(h.createUpdate("""
            INSERT INTO video_consultation (platform, consultation_id, request_id, call_reference, state, held_reason,
              listed_at)
            VALUES (:p, :c, :r, :ref, :state, :held, :now)"""), "now", now)
        .bind("p", platform).bind("c", consultation).bind("r", request.value()).bind("ref", callReference)
        .bind("state", state.name())
        .bindByType("held", heldReason.map(Enum::name).orElse(null), String.class)
        .execute();
  }

  static void insertRecording(Handle h, String platform, String consultation, Recording r, int position) {
    h.createUpdate("""
            INSERT INTO video_recording (platform, consultation_id, recording_id, position, size_bytes, media_type,
              platform_sha256, missing)
            VALUES (:p, :c, :r, :pos, :size, :type, :sha, :missing)""")
        .bind("p", platform).bind("c", consultation).bind("r", r.id().value()).bind("pos", position)
        .bind("size", r.size()).bind("type", r.mediaType())
        .bindByType("sha", r.platformChecksum().map(s -> s.hex()).orElse(null), String.class)
        .bind("missing", r.state() != RecordingState.AVAILABLE)
        .execute();
  }

  static Optional<ConsultationRow> consultation(Handle h, String platform, String consultation, boolean lock) {
    return h.createQuery("SELECT * FROM video_consultation WHERE platform = :p AND consultation_id = :c"
            + (lock ? " FOR UPDATE" : ""))
        .bind("p", platform).bind("c", consultation).map((rs, ctx) -> consultation(rs)).findOne();
  }

  static List<ConsultationRow> consultations(Handle h, String platform, State state, int limit) {
    return h.createQuery("""
            SELECT * FROM video_consultation WHERE platform = :p AND state = :s
            ORDER BY listed_at, consultation_id LIMIT :limit""")
        .bind("p", platform).bind("s", state.name()).bind("limit", limit)
        .map((rs, ctx) -> consultation(rs)).list();
  }

  static void setState(Handle h, String platform, String consultation, State state, Optional<Instant> decidedAt) {
    Database.bindTime(h.createUpdate("""
            UPDATE video_consultation SET state = :s, decided_at = COALESCE(:decided, decided_at)
            WHERE platform = :p AND consultation_id = :c"""), "decided", decidedAt.orElse(null))
        .bind("s", state.name()).bind("p", platform).bind("c", consultation).execute();
  }

  static void setSubmission(Handle h, String platform, String consultation, SubmissionId submission) {
    h.createUpdate("""
            UPDATE video_consultation SET submission_id = :s
            WHERE platform = :p AND consultation_id = :c AND submission_id IS NULL""")
        .bind("s", submission.value()).bind("p", platform).bind("c", consultation).execute();
  }

  static void setReferral(Handle h, String platform, String consultation, String byUserId, String byName,
      String referral) {
    h.createUpdate("""
            UPDATE video_consultation SET referred_by = :by, referred_name = :name, referral = :referral
            WHERE platform = :p AND consultation_id = :c""")
        .bind("by", byUserId).bind("name", byName).bind("referral", referral)
        .bind("p", platform).bind("c", consultation).execute();
  }

  private static ConsultationRow consultation(ResultSet rs) throws SQLException {
    return new ConsultationRow(rs.getString("platform"), rs.getString("consultation_id"),
        new RequestId(Rows.uuid(rs, "request_id")), rs.getString("call_reference"), State.valueOf(rs.getString("state")),
        Rows.optionalString(rs, "held_reason").map(HeldConsultation.HeldReason::valueOf),
        Rows.optionalUuid(rs, "submission_id").map(SubmissionId::new), Rows.instant(rs, "listed_at"),
        Rows.optionalString(rs, "referred_by"), Rows.optionalString(rs, "referred_name"),
        Rows.optionalString(rs, "referral"));
  }

  // ---- recordings ------------------------------------------------------------------------------------

  static List<RecordingRow> recordings(Handle h, String platform, String consultation) {
    return h.createQuery("""
            SELECT * FROM video_recording WHERE platform = :p AND consultation_id = :c ORDER BY position""")
        .bind("p", platform).bind("c", consultation).map((rs, ctx) -> recording(rs)).list();
  }

  static Optional<RecordingRow> recording(Handle h, String platform, String consultation, String recording) {
    return h.createQuery("""
            SELECT * FROM video_recording WHERE platform = :p AND consultation_id = :c AND recording_id = :r""")
        .bind("p", platform).bind("c", consultation).bind("r", recording).map((rs, ctx) -> recording(rs)).findOne();
  }

  /** Marks a recording imported as {@code item}, and due for verification and deletion now. */
  static void markImported(Handle h, RecordingRow r, ItemId item, Instant now) {
    Database.bindTime(h.createUpdate("""
            UPDATE video_recording SET item_id = :item, imported_at = :now, delete_from = :now, next_delete_at = :now
            WHERE platform = :p AND consultation_id = :c AND recording_id = :r AND item_id IS NULL"""), "now", now)
        .bind("item", item.value()).bind("p", r.platform()).bind("c", r.consultation()).bind("r", r.recording())
        .execute();
  }

  static void markMissing(Handle h, RecordingRow r) {
    h.createUpdate("""
            UPDATE video_recording SET missing = TRUE
            WHERE platform = :p AND consultation_id = :c AND recording_id = :r""")
        .bind("p", r.platform()).bind("c", r.consultation()).bind("r", r.recording()).execute();
  }

  /** Every recording of a discarded consultation that the source still has becomes due for deletion now. */
  static void dueForDiscard(Handle h, String platform, String consultation, Instant now) {
    Database.bindTime(h.createUpdate("""
            UPDATE video_recording SET delete_from = :now, next_delete_at = :now
            WHERE platform = :p AND consultation_id = :c AND missing = FALSE AND item_id IS NULL
              AND deleted_at IS NULL"""), "now", now)
        .bind("p", platform).bind("c", consultation).execute();
  }

  static List<RecordingRow> deletionsDue(Handle h, String platform, Instant now, int limit) {
    return Database.bindTime(h.createQuery("""
            SELECT * FROM video_recording
            WHERE platform = :p AND next_delete_at IS NOT NULL AND next_delete_at <= :now AND deleted_at IS NULL
            ORDER BY next_delete_at, consultation_id, position LIMIT :limit"""), "now", now)
        .bind("p", platform).bind("limit", limit).map((rs, ctx) -> recording(rs)).list();
  }

  static List<RecordingRow> stillAtSource(Handle h, String platform, int limit) {
    return h.createQuery("""
            SELECT * FROM video_recording
            WHERE platform = :p AND delete_from IS NOT NULL AND deleted_at IS NULL
            ORDER BY delete_from, consultation_id, position LIMIT :limit""")
        .bind("p", platform).bind("limit", limit).map((rs, ctx) -> recording(rs)).list();
  }

  static void markVerified(Handle h, RecordingRow r, Instant now) {
    Database.bindTime(h.createUpdate("""
            UPDATE video_recording SET verified_at = :now
            WHERE platform = :p AND consultation_id = :c AND recording_id = :r AND verified_at IS NULL"""), "now", now)
        .bind("p", r.platform()).bind("c", r.consultation()).bind("r", r.recording()).execute();
  }

  /** The copy did not match: never deleted at source by a pass; a person looks. True if this call marked it. */
  static boolean markVerificationFailed(Handle h, RecordingRow r, String failure) {
    return h.createUpdate("""
            UPDATE video_recording SET verification_failed = TRUE, next_delete_at = NULL, last_failure = :f
            WHERE platform = :p AND consultation_id = :c AND recording_id = :r AND verification_failed = FALSE""")
        .bind("f", failure).bind("p", r.platform()).bind("c", r.consultation()).bind("r", r.recording())
        .execute() == 1;
  }

  static void markDeleteFailed(Handle h, RecordingRow r, int attempts, Instant next, String failure) {
    Database.bindTime(h.createUpdate("""
            UPDATE video_recording SET delete_attempts = :a, next_delete_at = :next, last_failure = :f
            WHERE platform = :p AND consultation_id = :c AND recording_id = :r AND deleted_at IS NULL"""),
            "next", next)
        .bind("a", attempts).bind("f", failure)
        .bind("p", r.platform()).bind("c", r.consultation()).bind("r", r.recording()).execute();
  }

  /** True if this call recorded the deletion (another engine may have first). */
  static boolean markDeleted(Handle h, RecordingRow r, int attempts, Instant deletedAt, String confirmation) {
    return Database.bindTime(h.createUpdate("""
            UPDATE video_recording SET deleted_at = :at, confirmation = :conf, next_delete_at = NULL,
              delete_attempts = :a
            WHERE platform = :p AND consultation_id = :c AND recording_id = :r AND deleted_at IS NULL"""),
            "at", deletedAt)
        .bind("conf", confirmation).bind("a", attempts)
        .bind("p", r.platform()).bind("c", r.consultation()).bind("r", r.recording()).execute() == 1;
  }

  /** Items imported from a consultation that have never had a legal hold of their own. */
  static List<ItemId> itemsWithoutHold(Handle h, String platform, String consultation) {
    return h.createQuery("""
            SELECT v.item_id FROM video_recording v
            WHERE v.platform = :p AND v.consultation_id = :c AND v.item_id IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM legal_hold l
                              WHERE l.target_kind = 'ITEM' AND l.target = CAST(v.item_id AS VARCHAR(100)))
            ORDER BY v.position""")
        .bind("p", platform).bind("c", consultation)
        .map((rs, ctx) -> new ItemId(Rows.uuid(rs, "item_id"))).list();
  }

  private static RecordingRow recording(ResultSet rs) throws SQLException {
    return new RecordingRow(rs.getString("platform"), rs.getString("consultation_id"), rs.getString("recording_id"),
        rs.getInt("position"), rs.getLong("size_bytes"), rs.getString("media_type"),
        Rows.optionalString(rs, "platform_sha256"), rs.getBoolean("missing"),
        Rows.optionalUuid(rs, "item_id").map(ItemId::new), Rows.optionalInstant(rs, "imported_at"),
        Rows.optionalInstant(rs, "verified_at"), rs.getBoolean("verification_failed"),
        Rows.optionalInstant(rs, "delete_from"), rs.getInt("delete_attempts"),
        Rows.optionalInstant(rs, "next_delete_at"), Rows.optionalString(rs, "last_failure"),
        Rows.optionalInstant(rs, "deleted_at"));
  }
}
