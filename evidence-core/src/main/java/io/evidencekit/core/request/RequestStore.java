package io.evidencekit.core.request;

import io.evidencekit.api.ContactPoint;
import io.evidencekit.api.EmailAddress;
import io.evidencekit.api.EvidenceRequest;
import io.evidencekit.api.ForceReference;
import io.evidencekit.api.Invitation;
import io.evidencekit.api.InvitationId;
import io.evidencekit.api.InvitationState;
import io.evidencekit.api.PhoneNumber;
import io.evidencekit.api.Recipient;
import io.evidencekit.api.RequestId;
import io.evidencekit.api.RequestState;
import io.evidencekit.api.RequestingOfficer;
import io.evidencekit.api.SubmissionPolicy;
import io.evidencekit.core.internal.Database;
import io.evidencekit.core.internal.Rows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** Rows of {@code evidence_request} and {@code invitation}. Engine-internal; stateless and thread-safe. */
public final class RequestStore {
  private static final String REQUEST_COLUMNS = """
      r.id, r.reference, r.incident_summary, r.description, r.officer_user_id, r.officer_display_name,
      r.officer_email, r.officer_phone, r.recipient_name, r.recipient_email, r.recipient_mobile, r.state,
      r.created_at, r.submission_policy,
      (SELECT MAX(i.expires_at) FROM invitation i WHERE i.request_id = r.id AND i.state = 'ACTIVE') AS expires_at""";

  void insert(Handle h, EvidenceRequest r) {
    Database.bindTime(h.createUpdate("""
            INSERT INTO evidence_request (id, reference, incident_summary, description, officer_user_id,
              officer_display_name, officer_email, officer_phone, recipient_name, recipient_email,
              recipient_mobile, state, created_at, submission_policy)
            VALUES (:id, :reference, :summary, :description, :officerId, :officerName, :officerEmail,
              :officerPhone, :recipientName, :recipientEmail, :recipientMobile, :state, :createdAt, :policy)"""),
            "createdAt", r.createdAt())
        .bind("id", r.id().value())
        .bind("reference", r.reference().value())
        .bind("summary", r.incidentSummary())
        .bind("description", r.description())
        .bind("officerId", r.officer().userId())
        .bind("officerName", r.officer().displayName())
        .bind("officerEmail", r.officer().email().value())
        .bind("officerPhone", r.officer().phone().value())
        .bind("recipientName", r.recipient().name())
        .bindByType("recipientEmail", r.recipient().email().map(EmailAddress::value).orElse(null), String.class)
        .bindByType("recipientMobile", r.recipient().mobile().map(PhoneNumber::value).orElse(null), String.class)
        .bind("state", r.state().name())
        .bind("policy", r.submissionPolicy().name())
        .execute();
  }

  public Optional<EvidenceRequest> find(Handle h, RequestId id) {
    return h.createQuery("SELECT " + REQUEST_COLUMNS + " FROM evidence_request r WHERE r.id = :id")
        .bind("id", id.value())
        .map((rs, ctx) -> request(rs))
        .findOne();
  }

  /** Locks the request row until the transaction ends, serialising changes to one request. */
  public Optional<EvidenceRequest> lock(Handle h, RequestId id) {
    h.createQuery("SELECT id FROM evidence_request WHERE id = :id FOR UPDATE").bind("id", id.value())
        .mapTo(java.util.UUID.class).findOne();
    return find(h, id);
  }

  public Optional<RequestId> idByReference(Handle h, io.evidencekit.api.ForceReference reference) {
    return h.createQuery("SELECT id FROM evidence_request WHERE reference = :r")
        .bind("r", reference.value()).mapTo(java.util.UUID.class).findOne().map(RequestId::new);
  }

  public List<EvidenceRequest> list(Handle h, int limit) {
    return h.createQuery("SELECT " + REQUEST_COLUMNS + " FROM evidence_request r ORDER BY r.created_at DESC, r.reference DESC LIMIT :limit")
        .bind("limit", limit)
        .map((rs, ctx) -> request(rs))
        .list();
  }

  public void updateState(Handle h, RequestId id, RequestState state) {
    h.createUpdate("UPDATE evidence_request SET state = :state WHERE id = :id")
        .bind("state", state.name())
        .bind("id", id.value())
        .execute();
  }

  void insertInvitation(Handle h, Invitation inv, byte[] tokenHash) {
    Database.bindTime(Database.bindTime(h.createUpdate("""
                INSERT INTO invitation (id, request_id, token_hash, sent_to, state, issued_at, expires_at)
                VALUES (:id, :request, :hash, :sentTo, :state, :issuedAt, :expiresAt)"""),
            "issuedAt", inv.issuedAt()), "expiresAt", inv.expiresAt())
        .bind("id", inv.id().value())
        .bind("request", inv.requestId().value())
        .bind("hash", tokenHash)
        .bind("sentTo", inv.sentTo().value())
        .bind("state", inv.state().name())
        .execute();
  }

  /** Ends every active invitation of a request; returns the ids ended. */
  List<InvitationId> endActiveInvitations(Handle h, RequestId request, InvitationState newState, Instant at) {
    List<InvitationId> active = h.createQuery("SELECT id FROM invitation WHERE request_id = :r AND state = 'ACTIVE'")
        .bind("r", request.value())
        .mapTo(java.util.UUID.class)
        .map(InvitationId::new)
        .list();
    Database.bindTime(h.createUpdate(
            "UPDATE invitation SET state = :state, ended_at = :at WHERE request_id = :r AND state = 'ACTIVE'"), "at", at)
        .bind("state", newState.name())
        .bind("r", request.value())
        .execute();
    return active;
  }

  void endInvitation(Handle h, InvitationId id, InvitationState newState, Instant at) {
    Database.bindTime(h.createUpdate("UPDATE invitation SET state = :state, ended_at = :at WHERE id = :id AND state = 'ACTIVE'"), "at", at)
        .bind("state", newState.name())
        .bind("id", id.value())
        .execute();
  }

  public Optional<Invitation> findInvitation(Handle h, InvitationId id) {
    return h.createQuery("SELECT * FROM invitation WHERE id = :id")
        .bind("id", id.value())
        .map((rs, ctx) -> invitation(rs))
        .findOne();
  }

  /** The invitation stored under a token hash, with the stored hash for a constant-time comparison. */
  Optional<Stored> findByTokenHash(Handle h, byte[] tokenHash) {
    return h.createQuery("SELECT * FROM invitation WHERE token_hash = :hash")
        .bind("hash", tokenHash)
        .map((rs, ctx) -> new Stored(invitation(rs), rs.getBytes("token_hash")))
        .findOne();
  }

  record Stored(Invitation invitation, byte[] tokenHash) {}

  public List<Invitation> invitations(Handle h, RequestId request) {
    return h.createQuery("SELECT * FROM invitation WHERE request_id = :r ORDER BY issued_at, id")
        .bind("r", request.value())
        .map((rs, ctx) -> invitation(rs))
        .list();
  }

  private static Invitation invitation(ResultSet rs) throws SQLException {
    return new Invitation(
        new InvitationId(Rows.uuid(rs, "id")),
        new RequestId(Rows.uuid(rs, "request_id")),
        contactPoint(rs.getString("sent_to")),
        InvitationState.valueOf(rs.getString("state")),
        Rows.instant(rs, "issued_at"),
        Rows.instant(rs, "expires_at"),
        Rows.optionalInstant(rs, "ended_at"));
  }

  static ContactPoint contactPoint(String value) {
    return value.startsWith("+") ? new PhoneNumber(value) : new EmailAddress(value);
  }

  private static EvidenceRequest request(ResultSet rs) throws SQLException {
    return new EvidenceRequest(
        new RequestId(Rows.uuid(rs, "id")),
        new ForceReference(rs.getString("reference")),
        rs.getString("incident_summary"),
        rs.getString("description"),
        new RequestingOfficer(rs.getString("officer_user_id"), rs.getString("officer_display_name"),
            new EmailAddress(rs.getString("officer_email")), new PhoneNumber(rs.getString("officer_phone"))),
        new Recipient(rs.getString("recipient_name"),
            Rows.optionalString(rs, "recipient_email").map(EmailAddress::new),
            Rows.optionalString(rs, "recipient_mobile").map(PhoneNumber::new)),
        RequestState.valueOf(rs.getString("state")),
        Rows.instant(rs, "created_at"),
        Rows.optionalInstant(rs, "expires_at"),
        SubmissionPolicy.valueOf(rs.getString("submission_policy")));
  }
}
