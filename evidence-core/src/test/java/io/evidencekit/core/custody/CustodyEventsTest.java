package io.evidencekit.core.custody;

import static org.assertj.core.api.Assertions.assertThat;

import io.evidencekit.api.Actor;
import io.evidencekit.api.CustodyAction;
import io.evidencekit.api.InvitationId;
import io.evidencekit.api.ItemId;
import io.evidencekit.api.RequestId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The custody vocabulary builds exactly the details the services used to write by hand: an event's details
 * are hashed into the log for ever, so each builder is pinned against the literal map of the release before
 * it, and the encoded body of one of each is compared byte for byte.
 */
@DisplayName("The custody vocabulary")
class CustodyEventsTest {
  private static final Instant AT = Instant.parse("2024-05-03T09:00:00Z");
  private static final Actor.Officer WRIGHT = Actor.Officer.of("pc-4471", "Wright, D.");
  private static final Actor PUBLIC = new Actor.PublicSubmitter(
      new InvitationId(UUID.fromString("00000000-0000-0000-0000-0000000000a1")), "D Smith");
  private static final RequestId REQUEST = new RequestId(UUID.fromString("00000000-0000-0000-0000-000000000001"));
  private static final ItemId ITEM = new ItemId(UUID.fromString("00000000-0000-0000-0000-0000000000b1"));

  private static void same(PendingEvent built, CustodyAction action, Map<String, String> handWritten) {
    assertThat(built.action()).isEqualTo(action);
    assertThat(built.details()).isEqualTo(handWritten);
    PendingEvent old = new PendingEvent(built.at(), built.actor(), action, built.requestId(), built.itemId(),
        built.reason(), handWritten);
    assertThat(new EventEncoder().encode(42, built).body()).isEqualTo(new EventEncoder().encode(42, old).body());
  }

  @Test
  @DisplayName("requests and links keep their detail keys and values")
  void requestsAndLinks() {
    same(CustodyEvents.requestCreated(AT, WRIGHT, REQUEST, "46/00001/24", "pc-4471", "REPEATABLE"),
        CustodyAction.REQUEST_CREATED, Map.of("reference", "46/00001/24", "officer", "pc-4471", "submissionPolicy", "REPEATABLE"));
    same(CustodyEvents.submissionAbandoned(AT, new Actor.SystemActor("draft-sweeper"), REQUEST, "s1", "idle", AT),
        CustodyAction.SUBMISSION_ABANDONED, Map.of("submission", "s1", "cause", "idle", "lastActivity", "2024-05-03T09:00:00Z"));
    same(CustodyEvents.invitationIssued(AT, WRIGHT, REQUEST, "inv-1", AT.plusSeconds(864_000), List.of("EMAIL", "SMS")),
        CustodyAction.INVITATION_ISSUED,
        Map.of("invitation", "inv-1", "expiresAt", "2024-05-13T09:00:00Z", "channels", "EMAIL,SMS"));
    same(CustodyEvents.invitationIssued(AT, WRIGHT, REQUEST, "inv-1", AT, List.of()), CustodyAction.INVITATION_ISSUED,
        Map.of("invitation", "inv-1", "expiresAt", "2024-05-03T09:00:00Z", "channels", "none (host delivers the link)"));
    same(CustodyEvents.invitationRevoked(AT, WRIGHT, REQUEST, "inv-1", CustodyEvents.SUPERSEDED),
        CustodyAction.INVITATION_REVOKED, Map.of("invitation", "inv-1", "cause", "superseded by a new link"));
    same(CustodyEvents.invitationRevoked(AT, WRIGHT, REQUEST, "inv-1", CustodyEvents.REVOKED_BY_OFFICER),
        CustodyAction.INVITATION_REVOKED, Map.of("invitation", "inv-1", "cause", "revoked by officer"));
  }

  @Test
  @DisplayName("submissions from the portal record no source; officer ingests record theirs")
  void submissions() {
    same(CustodyEvents.submissionStarted(AT, PUBLIC, REQUEST, "s1", Optional.empty()), CustodyAction.SUBMISSION_STARTED,
        Map.of("submission", "s1"));
    same(CustodyEvents.submissionStarted(AT, WRIGHT, REQUEST, "s1", Optional.of("officer-ingest")),
        CustodyAction.SUBMISSION_STARTED, Map.of("submission", "s1", "source", "officer-ingest"));
    same(CustodyEvents.controllerHandover(AT, PUBLIC, REQUEST, "s1", Optional.empty()), CustodyAction.CONTROLLER_HANDOVER,
        Map.of("submission", "s1", "controller", "the force that made the request"));
    same(CustodyEvents.itemReceived(AT, PUBLIC, REQUEST, ITEM, new CustodyEvents.Received("s1", "front.mp4",
            Optional.empty(), 12, "ab", "video/mp4", "blob-1", Optional.empty())), CustodyAction.ITEM_RECEIVED,
        Map.of("submission", "s1", "name", "front.mp4", "size", "12", "sha256", "ab", "claimedType", "video/mp4",
            "blob", "blob-1"));
    same(CustodyEvents.itemReceived(AT, WRIGHT, REQUEST, ITEM, new CustodyEvents.Received("s1", "usb/a.264",
            Optional.of("usb/a.264"), 12, "ab", "application/octet-stream", "blob-1", Optional.of("officer-ingest"))),
        CustodyAction.ITEM_RECEIVED,
        Map.of("submission", "s1", "name", "usb/a.264", "path", "usb/a.264", "size", "12", "sha256", "ab",
            "claimedType", "application/octet-stream", "blob", "blob-1", "source", "officer-ingest"));
    same(CustodyEvents.itemRemovedBySubmitter(AT, PUBLIC, REQUEST, ITEM, "s1"), CustodyAction.ITEM_REMOVED_BY_SUBMITTER,
        Map.of("submission", "s1"));
    same(CustodyEvents.submissionDeclared(AT, PUBLIC, REQUEST, "s1", 2, Optional.empty()),
        CustodyAction.SUBMISSION_DECLARED, Map.of("submission", "s1", "files", "2"));
    same(CustodyEvents.submissionSubmitted(AT, PUBLIC, REQUEST, "s1", List.of("i1", "i2"), Optional.of("front camera"),
            Optional.empty()), CustodyAction.SUBMISSION_SUBMITTED,
        Map.of("submission", "s1", "files", "2", "items", "i1,i2", "caption", "front camera"));
  }

  @Test
  @DisplayName("reads, refusals, integrity failures and deliveries keep their detail keys and values")
  void readsAndDeliveries() {
    same(CustodyEvents.requestViewed(AT, WRIGHT, REQUEST, "list", "review"), CustodyAction.REQUEST_VIEWED,
        Map.of("view", "list"));
    same(CustodyEvents.itemRead(AT, WRIGHT, CustodyAction.ITEM_DOWNLOADED, REQUEST, ITEM, "requesting-officer", "all",
        "ab", "exhibit"), CustodyAction.ITEM_DOWNLOADED, Map.of("rule", "requesting-officer", "range", "all", "sha256", "ab"));
    same(CustodyEvents.accessRefused(AT, WRIGHT, REQUEST, "READ_ITEM", "no role", "curious"), CustodyAction.ACCESS_REFUSED,
        Map.of("action", "READ_ITEM", "rule", "no role"));
    same(CustodyEvents.integrityFailure(AT, new Actor.SystemActor("integrity-check"), REQUEST, ITEM, "ab", "blob-1"),
        CustodyAction.INTEGRITY_FAILURE, Map.of("expectedSha256", "ab", "blob", "blob-1"));
    same(CustodyEvents.delivery(AT, new Actor.SystemActor("outbox"), CustodyAction.INVITATION_SENT, REQUEST,
            new CustodyEvents.Delivery("m1", "DELIVERED", "250 OK", 1, Optional.of("EMAIL"), Optional.of("<id@x>"),
                Optional.of("inv-1"))), CustodyAction.INVITATION_SENT,
        Map.of("message", "m1", "outcome", "DELIVERED", "detail", "250 OK", "attempts", "1", "channel", "EMAIL",
            "providerMessageId", "<id@x>", "invitation", "inv-1"));
  }

  @Test
  @DisplayName("a delivery status change records the message, the backend's id and word, when and how it was heard, and what follows")
  void deliveryStatusChanged() {
    same(CustodyEvents.deliveryStatusChanged(AT, new Actor.SystemActor("delivery-status"), REQUEST,
            new CustodyEvents.StatusChange("m1", "SMS", "740e5834-3a29-46b4-9a6f-16142fde533a", "PERMANENT_FAILURE",
                "permanent-failure", AT.plusSeconds(60), CustodyEvents.VIA_RECEIPT, Optional.of("inv-1"),
                Optional.of(CustodyEvents.NEXT_NOT_RESENT))),
        CustodyAction.DELIVERY_STATUS_CHANGED,
        Map.of("message", "m1", "channel", "SMS", "providerMessageId", "740e5834-3a29-46b4-9a6f-16142fde533a",
            "status", "PERMANENT_FAILURE", "providerStatus", "permanent-failure", "statusAt", "2024-05-03T09:01:00Z",
            "via", "delivery receipt", "invitation", "inv-1", "next", "not sent again"));
    same(CustodyEvents.deliveryStatusChanged(AT, new Actor.SystemActor("delivery-status"), REQUEST,
            new CustodyEvents.StatusChange("m2", "EMAIL", "p-1", "DELIVERED", "delivered", AT, CustodyEvents.VIA_POLL,
                Optional.empty(), Optional.empty())),
        CustodyAction.DELIVERY_STATUS_CHANGED,
        Map.of("message", "m2", "channel", "EMAIL", "providerMessageId", "p-1", "status", "DELIVERED",
            "providerStatus", "delivered", "statusAt", "2024-05-03T09:00:00Z", "via", "status check"));
  }

  @Test
  @DisplayName("reading the whole log is recorded with the range and the rule, and names no request")
  void logRead() {
    PendingEvent read = CustodyEvents.logRead(AT, WRIGHT, "role:auditor", 100, 50, "annual audit");
    assertThat(read.action()).isEqualTo(CustodyAction.LOG_READ);
    assertThat(read.requestId()).isEmpty();
    assertThat(read.reason()).contains("annual audit");
    assertThat(read.details()).isEqualTo(Map.of("rule", "role:auditor", "from", "100", "count", "50"));
  }

  @Test
  @DisplayName("scanning records each scanner's result, quarantines, failures and overrides with fixed keys")
  void scanning() {
    Actor scanner = new Actor.SystemActor("scanner");
    same(CustodyEvents.itemScanned(AT, scanner, REQUEST, ITEM, new CustodyEvents.Scanned("ClamAV", "ClamAV 1.4.6/27500",
            "INFECTED", List.of("Win.Test-1", "Win.Test-2"), Optional.empty(), Optional.empty(), "ab")),
        CustodyAction.ITEM_SCANNED, Map.of("scanner", "ClamAV", "version", "ClamAV 1.4.6/27500", "verdict", "INFECTED",
            "signatures", "Win.Test-1; Win.Test-2", "sha256", "ab"));
    same(CustodyEvents.itemScanned(AT, scanner, REQUEST, ITEM, new CustodyEvents.Scanned("ClamAV",
            "ClamAV (version unknown)", "COULD_NOT_SCAN", List.of(), Optional.of("TIMEOUT"), Optional.of("no answer"),
            "ab")), CustodyAction.ITEM_SCANNED, Map.of("scanner", "ClamAV", "version", "ClamAV (version unknown)",
            "verdict", "COULD_NOT_SCAN", "failure", "TIMEOUT", "detail", "no answer", "sha256", "ab"));
    same(CustodyEvents.itemQuarantined(AT, scanner, REQUEST, ITEM, List.of("Win.Test-1"), "CLEAN", Optional.of("pc-4471")),
        CustodyAction.ITEM_QUARANTINED, Map.of("signatures", "Win.Test-1", "previousState", "CLEAN", "notified", "pc-4471"));
    same(CustodyEvents.itemScanFailed(AT, scanner, REQUEST, ITEM, 8, "TIMEOUT: no answer"),
        CustodyAction.ITEM_SCAN_FAILED, Map.of("attempts", "8", "failure", "TIMEOUT: no answer"));
    PendingEvent override = CustodyEvents.quarantineOverridden(AT, WRIGHT, REQUEST, ITEM, "role:supervisor", "INFECTED",
        List.of("Win.Test-1"), "lab analysis");
    same(override, CustodyAction.QUARANTINE_OVERRIDDEN,
        Map.of("rule", "role:supervisor", "state", "INFECTED", "signatures", "Win.Test-1"));
    assertThat(override.reason()).contains("lab analysis");
    PendingEvent rescan = CustodyEvents.rescanRequested(AT, scanner, 12);
    assertThat(rescan.requestId()).isEmpty();
    assertThat(rescan.details()).isEqualTo(Map.of("count", "12"));
  }

  @Test
  @DisplayName("video consultations record their consent, holds, decisions, deletions at source, reviews and referrals with fixed keys")
  void video() {
    Actor importer = new Actor.SystemActor("video-import");
    Instant start = AT.minusSeconds(1_500);
    same(CustodyEvents.videoConsentRecorded(AT, importer, REQUEST, new CustodyEvents.VideoConsultation("GoodSAM", "vc-1",
            "CAD-4001", "pc101", "Sam Caller", start, AT, 2, Optional.of(new CustodyEvents.VideoConsent("Sam Caller",
                start.minusSeconds(60), "SPOKEN_ON_CALL", "GIVEN", true, List.of("a child", "a neighbour"),
                Optional.of("Camera kept on the door."))))),
        CustodyAction.VIDEO_CONSENT_RECORDED,
        Map.ofEntries(Map.entry("source", "video:GoodSAM"), Map.entry("consultation", "vc-1"),
            Map.entry("callReference", "CAD-4001"), Map.entry("officer", "pc101"), Map.entry("caller", "Sam Caller"),
            Map.entry("start", "2024-05-03T08:35:00Z"), Map.entry("end", "2024-05-03T09:00:00Z"),
            Map.entry("recordings", "2"), Map.entry("givenBy", "Sam Caller"), Map.entry("consentAt", "2024-05-03T08:34:00Z"),
            Map.entry("method", "SPOKEN_ON_CALL"), Map.entry("decision", "GIVEN"), Map.entry("recordingNotice", "true"),
            Map.entry("othersPresent", "a child\na neighbour"), Map.entry("collateralIntrusion", "Camera kept on the door.")));
    same(CustodyEvents.videoConsentRecorded(AT, importer, REQUEST, new CustodyEvents.VideoConsultation("GoodSAM", "vc-2",
            "CAD-4002", "pc101", "Sam Caller", start, AT, 1, Optional.empty())),
        CustodyAction.VIDEO_CONSENT_RECORDED,
        Map.of("source", "video:GoodSAM", "consultation", "vc-2", "callReference", "CAD-4002", "officer", "pc101",
            "caller", "Sam Caller", "start", "2024-05-03T08:35:00Z", "end", "2024-05-03T09:00:00Z", "recordings", "1",
            "consent", "none recorded"));
    same(CustodyEvents.videoHeldForDecision(AT, importer, REQUEST, "GoodSAM", "vc-2", "NO_CONSENT_RECORD"),
        CustodyAction.VIDEO_HELD_FOR_DECISION,
        Map.of("source", "video:GoodSAM", "consultation", "vc-2", "cause", "NO_CONSENT_RECORD"));
    same(CustodyEvents.videoDecisionRecorded(AT, WRIGHT, REQUEST, "GoodSAM", "vc-2", "IMPORT", "role:supervisor", "ok"),
        CustodyAction.VIDEO_DECISION_RECORDED,
        Map.of("source", "video:GoodSAM", "consultation", "vc-2", "decision", "IMPORT", "rule", "role:supervisor"));
    same(CustodyEvents.videoRecordingMissing(AT, importer, REQUEST, "GoodSAM", "vc-1", "rec-2"),
        CustodyAction.VIDEO_RECORDING_MISSING, Map.of("source", "video:GoodSAM", "consultation", "vc-1", "recording", "rec-2"));
    same(CustodyEvents.videoCopyMismatch(AT, importer, REQUEST, ITEM, "GoodSAM", "vc-1", "rec-1", "aa", "ab",
            Optional.of("aa")), CustodyAction.INTEGRITY_FAILURE,
        Map.of("source", "video:GoodSAM", "consultation", "vc-1", "recording", "rec-1", "expectedSha256", "aa",
            "sha256", "ab", "platformSha256", "aa"));
    same(CustodyEvents.videoDeletedAtSource(AT, importer, REQUEST, Optional.of(ITEM), "GoodSAM", "vc-1", "rec-1",
            Optional.of("ab"), "verified copy kept", AT, "del-77"), CustodyAction.VIDEO_DELETED_AT_SOURCE,
        Map.of("source", "video:GoodSAM", "consultation", "vc-1", "recording", "rec-1", "sha256", "ab",
            "outcome", "verified copy kept", "deletedAt", "2024-05-03T09:00:00Z", "confirmation", "del-77"));
    same(CustodyEvents.videoQualityReviewed(AT, WRIGHT, REQUEST, "GoodSAM", "vc-1", "ADVICE_GIVEN", "role:supervisor",
            "state the notice first"), CustodyAction.VIDEO_QUALITY_REVIEWED,
        Map.of("source", "video:GoodSAM", "consultation", "vc-1", "outcome", "ADVICE_GIVEN", "rule", "role:supervisor",
            "notes", "state the notice first"));
    same(CustodyEvents.videoReferred(AT, WRIGHT, REQUEST, "GoodSAM", "vc-1", "IPCO", "IPCO/2026/7", "referred"),
        CustodyAction.VIDEO_REFERRED,
        Map.of("source", "video:GoodSAM", "consultation", "vc-1", "kind", "IPCO", "reference", "IPCO/2026/7"));
  }

  @Test
  @DisplayName("a disposal redacts the caller, who consented, who else was present and the intrusion note from the consent event")
  void videoConsentRedaction() {
    PendingEvent consent = CustodyEvents.videoConsentRecorded(AT, new Actor.SystemActor("video-import"), REQUEST,
        new CustodyEvents.VideoConsultation("GoodSAM", "vc-1", "CAD-4001", "pc101", "Sam Caller", AT, AT, 1,
            Optional.of(new CustodyEvents.VideoConsent("Jo Guardian", AT, "IN_APP", "GIVEN", true, List.of("Kit Child"),
                Optional.of("Kit Child stayed out of view")))));
    String redacted = new BodyRedaction(new com.fasterxml.jackson.databind.ObjectMapper())
        .redact(new EventEncoder().encode(7, consent).body());
    assertThat(redacted).doesNotContain("Sam Caller", "Jo Guardian", "Kit Child")
        .contains("\"consultation\":\"vc-1\"", "\"decision\":\"GIVEN\"", "\"source\":\"video:GoodSAM\"");
  }
}
