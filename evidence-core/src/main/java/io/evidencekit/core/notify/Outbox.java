package io.evidencekit.core.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.evidencekit.api.ContactPoint;
import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.EvidenceItem;
import java.util.List;
import io.evidencekit.api.EvidenceRequest;
import io.evidencekit.api.Invitation;
import io.evidencekit.api.PhoneNumber;
import io.evidencekit.api.Receipt;
import io.evidencekit.core.internal.Database;
import io.evidencekit.spi.Channel;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import io.evidencekit.core.internal.Ids;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jspecify.annotations.Nullable;

/** Writes messages into the outbox inside the caller's transaction. Thread-safe. */
public final class Outbox {
  private final Ids ids;
  static final String INVITATION = "INVITATION";
  static final String SUBMISSION = "SUBMISSION";
  static final String DETECTION = "DETECTION";

  private final ObjectMapper json;
  private final SecretSealer sealer;
  private final Function<EvidenceRequest, Optional<URI>> caseLinks;
  private final Duration noticeWait;

  public Outbox(ObjectMapper json, SecretSealer sealer, Function<EvidenceRequest, Optional<URI>> caseLinks, Ids ids) {
    this(json, sealer, caseLinks, ids, Duration.ZERO);
  }

  /**
   * @param noticeWait how long an officer's submission notice waits for its files' scans at most (the scan
   *     worker sends it as soon as none waits); zero when the engine does not scan
   */
  public Outbox(ObjectMapper json, SecretSealer sealer, Function<EvidenceRequest, Optional<URI>> caseLinks, Ids ids,
      Duration noticeWait) {
    this.ids = ids;
    this.noticeWait = noticeWait;
    this.json = json;
    this.sealer = sealer;
    this.caseLinks = caseLinks;
  }

  /** Queues the invitation message; the token is kept only sealed, and only until delivery. */
  public UUID enqueueInvitation(Handle h, EvidenceRequest request, Invitation invitation, ContactPoint to,
      String token, Duration validity, Instant now) {
    Map<String, Object> payload = new TreeMap<>();
    payload.put("reference", request.reference().value());
    payload.put("to", to.value());
    payload.put("recipientName", request.recipient().name());
    payload.put("officerName", request.officer().nameInReadingOrder());
    payload.put("validitySeconds", validity.toSeconds());
    payload.put("expiresAt", invitation.expiresAt().toString());
    payload.put("description", request.description());
    UUID id = ids.next();
    insert(h, id, INVITATION, request, invitation.id().value(), channelOf(to), payload, sealer.seal(id, token), now,
        now, null);
    return id;
  }

  /** Queues the notification to the requesting officer that a submission arrived. */
  public UUID enqueueSubmissionNotice(Handle h, EvidenceRequest request, Receipt receipt, String submitterName,
      Instant now) {
    Map<String, Object> payload = new TreeMap<>();
    payload.put("reference", request.reference().value());
    payload.put("to", request.officer().email().value());
    payload.put("officerName", request.officer().nameInReadingOrder());
    payload.put("submitterName", submitterName);
    payload.put("fileCount", receipt.files().size());
    payload.put("totalBytes", receipt.files().stream().mapToLong(Receipt.Line::size).sum());
    receipt.caption().ifPresent(c -> payload.put("caption", c));
    payload.put("submittedAt", receipt.submittedAt().toString());
    payload.put("submissionId", receipt.submissionId().toString());
    caseLinks.apply(request).ifPresent(uri -> payload.put("caseLink", uri.toString()));
    UUID id = ids.next();
    UUID submission = receipt.submissionId().value();
    // The notice says how many files are clean, infected or not scanned yet: while any waits for a scan, it
    // waits too (bounded), and the scan worker sends it as soon as the last one is done.
    boolean scansWaiting = !noticeWait.isZero() && h.createQuery("""
            SELECT COUNT(*) FROM evidence_item WHERE submission_id = :s AND removed_at IS NULL AND scan_state = 'PENDING'""")
        .bind("s", submission).mapTo(Integer.class).one() > 0;
    insert(h, id, SUBMISSION, request, null, Channel.EMAIL, payload, null, now, scansWaiting ? now.plus(noticeWait) : now,
        submission);
    return id;
  }

  /** Queues the notice to the requesting officer that a file already released as clean carries malware. */
  public UUID enqueueDetectionNotice(Handle h, EvidenceRequest request, EvidenceItem item, List<String> signatures,
      Instant now) {
    Map<String, Object> payload = new TreeMap<>();
    payload.put("reference", request.reference().value());
    payload.put("to", request.officer().email().value());
    payload.put("officerName", request.officer().nameInReadingOrder());
    payload.put("fileName", item.submittedName());
    payload.put("sha256", item.sha256().hex());
    payload.put("signatures", List.copyOf(signatures));
    payload.put("detectedAt", now.toString());
    payload.put("itemId", item.id().toString());
    caseLinks.apply(request).ifPresent(uri -> payload.put("caseLink", uri.toString()));
    UUID id = ids.next();
    insert(h, id, DETECTION, request, null, Channel.EMAIL, payload, null, now, now, item.submissionId().value());
    return id;
  }

  /** The channel a contact point is reached by. */
  public static Channel channelOf(ContactPoint to) {
    return to instanceof PhoneNumber ? Channel.SMS : Channel.EMAIL;
  }

  private void insert(Handle h, UUID id, String kind, EvidenceRequest request, @Nullable UUID invitation,
      Channel channel, Map<String, Object> payload, byte @Nullable [] sealed, Instant now, Instant due,
      @Nullable UUID submission) {
    String body;
    try {
      body = json.writeValueAsString(payload);
    } catch (JsonProcessingException e) {
      throw new EvidenceException(ErrorCode.INTERNAL, "cannot encode an outbox message", e);
    }
    Database.bindTime(Database.bindTime(h.createUpdate("""
                INSERT INTO outbox (id, kind, request_id, invitation_id, submission_id, channel, payload, sealed_secret,
                  state, attempts, next_attempt_at, created_at, updated_at)
                VALUES (:id, :kind, :request, CAST(:invitation AS UUID), CAST(:submission AS UUID), :channel, :payload,
                  :sealed, 'PENDING', 0, :now, :created, :created)"""),
            "now", due), "created", now)
        .bindByType("submission", submission, UUID.class)
        .bind("channel", channel.name())
        .bind("id", id)
        .bind("kind", kind)
        .bind("request", request.id().value())
        .bindByType("invitation", invitation, UUID.class)
        .bind("payload", body)
        .bindByType("sealed", sealed, byte[].class)
        .execute();
  }
}
