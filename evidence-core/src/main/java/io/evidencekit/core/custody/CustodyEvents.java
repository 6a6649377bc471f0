package io.evidencekit.core.custody;

import io.evidencekit.api.Actor;
import io.evidencekit.api.CustodyAction;
import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.ItemId;
import io.evidencekit.api.RequestId;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The custody vocabulary: every action's detail keys, and the one place that builds each event's details.
 * The details are hashed into the log for ever (their canonical JSON is the event body), so a key, its
 * spelling and its value's format never change once released; {@code CustodyEventsTest} pins the bytes.
 * Add a new key or a new action here, never inline in a service. Stateless and thread-safe.
 */
public final class CustodyEvents {
  /** Detail keys. A value is always a string; ids are UUIDs in their canonical form. */
  public static final class Key {
    public static final String REFERENCE = "reference";
    public static final String OFFICER = "officer";
    public static final String INVITATION = "invitation";
    public static final String CAUSE = "cause";
    public static final String EXPIRES_AT = "expiresAt";
    public static final String CHANNELS = "channels";
    public static final String SUBMISSION = "submission";
    public static final String SOURCE = "source";
    public static final String CONTROLLER = "controller";
    public static final String NAME = "name";
    public static final String PATH = "path";
    public static final String SIZE = "size";
    public static final String SHA256 = "sha256";
    /** Present only when the engine took the digest from the portal instead of computing it itself. */
    public static final String SHA256_BY = "sha256By";
    public static final String CLAIMED_TYPE = "claimedType";
    public static final String BLOB = "blob";
    /** Only in events written before the declaration held just the count. */
    public static final String STATEMENT = "statement";
    public static final String FILES = "files";
    public static final String ITEMS = "items";
    public static final String CAPTION = "caption";
    public static final String VIEW = "view";
    public static final String RULE = "rule";
    public static final String RANGE = "range";
    public static final String ACTION = "action";
    public static final String EXPECTED_SHA256 = "expectedSha256";
    public static final String MESSAGE = "message";
    public static final String OUTCOME = "outcome";
    public static final String DETAIL = "detail";
    public static final String ATTEMPTS = "attempts";
    public static final String CHANNEL = "channel";
    public static final String PROVIDER_MESSAGE_ID = "providerMessageId";
    public static final String FROM = "from";
    public static final String COUNT = "count";
    /** The key the sender gave the upload an item came from (the portal's tus upload id). */
    public static final String UPLOAD = "upload";
    public static final String SCANNER = "scanner";
    public static final String VERSION = "version";
    public static final String VERDICT = "verdict";
    public static final String SIGNATURES = "signatures";
    public static final String FAILURE = "failure";
    public static final String STATE = "state";
    public static final String PREVIOUS_STATE = "previousState";
    public static final String NOTIFIED = "notified";
    public static final String SUBMISSION_POLICY = "submissionPolicy";
    public static final String LAST_ACTIVITY = "lastActivity";
    public static final String FAILED_LOOKUPS = "failedLookups";
    public static final String ADDRESSES = "addresses";
    public static final String SINCE = "since";
    public static final String STATUS = "status";
    public static final String PROVIDER_STATUS = "providerStatus";
    public static final String STATUS_AT = "statusAt";
    public static final String VIA = "via";
    public static final String NEXT = "next";
    /** Who a disclosure package was made for (an organisation: "CPS Kent"). */
    public static final String RECIPIENT = "recipient";
    /** Retention (issue 11). */
    public static final String CATEGORY = "category";
    public static final String RULES_VERSION = "rulesVersion";
    public static final String CASE = "case";
    public static final String KIND = "kind";
    public static final String ON = "on";
    public static final String HOLD = "hold";
    public static final String TARGET_KIND = "targetKind";
    public static final String TARGET = "target";
    public static final String DUE_ON = "dueOn";
    public static final String UNTIL = "until";
    public static final String DISPOSE_AFTER = "disposeAfter";
    public static final String SCHEDULED_BY = "scheduledBy";
    public static final String AS_OF = "asOf";
    /** A certificate's redacted events: {@code seq:bodySha256} pairs joined with commas. */
    public static final String REDACTED = "redacted";
    /** A certificate's items: {@code itemId:sha256} pairs joined with commas. */
    public static final String DISPOSED_ITEMS = "disposedItems";
    public static final String BLOBS_DELETED = "blobsDeleted";
    public static final String PART = "part";
    /** The program and version that made derived data, e.g. {@code ffprobe 5.1.6}. */
    public static final String TOOL = "tool";
    public static final String CONTAINER = "container";
    /** ISO-8601, e.g. {@code PT3.04S}. */
    public static final String DURATION = "duration";
    public static final String CREATION_TIME = "creationTime";
    public static final String DECODES = "decodes";
    public static final String STILL_BLOB = "stillBlob";
    public static final String STILL_SHA256 = "stillSha256";
    /** A request's time windows as data, one {@code label|from|to} per line. */
    public static final String TIME_WINDOWS = "timeWindows";
    /** Video consultations (issue 12). */
    public static final String CONSULTATION = "consultation";
    public static final String RECORDING = "recording";
    public static final String CALL_REFERENCE = "callReference";
    public static final String CALLER = "caller";
    public static final String START = "start";
    public static final String END = "end";
    public static final String RECORDINGS = "recordings";
    public static final String CONSENT = "consent";
    public static final String GIVEN_BY = "givenBy";
    public static final String CONSENT_AT = "consentAt";
    public static final String METHOD = "method";
    public static final String DECISION = "decision";
    public static final String RECORDING_NOTICE = "recordingNotice";
    public static final String OTHERS_PRESENT = "othersPresent";
    public static final String COLLATERAL_INTRUSION = "collateralIntrusion";
    public static final String PLATFORM_SHA256 = "platformSha256";
    public static final String CONFIRMATION = "confirmation";
    public static final String DELETED_AT = "deletedAt";
    public static final String NOTES = "notes";

    private Key() {}
  }

  /** Where a submission came from, when not the public portal (which records no source, as before). */
  public static final String OFFICER_INGEST = "officer-ingest";
  /** Who becomes data controller at the first byte received. */
  static final String CONTROLLER_TEXT = "the force that made the request";

  private CustodyEvents() {}

  /** {@code submissionPolicy} is recorded from this release on; earlier events have only the first two keys. */
  public static PendingEvent requestCreated(Instant at, Actor by, RequestId request, String reference, String officerUserId,
      String submissionPolicy) {
    return event(at, by, CustodyAction.REQUEST_CREATED, request,
        Map.of(Key.REFERENCE, reference, Key.OFFICER, officerUserId, Key.SUBMISSION_POLICY, submissionPolicy));
  }

  /**
   * A request created with time windows as data: as {@link #requestCreated}, plus {@code timeWindows}, each
   * window {@code label|from|to} (ISO-8601 instants), joined with new lines. Without windows the event is
   * exactly the one before windows existed.
   */
  public static PendingEvent requestCreated(Instant at, Actor by, RequestId request, String reference, String officerUserId,
      String submissionPolicy, List<io.evidencekit.api.TimeWindow> windows) {
    PendingEvent plain = requestCreated(at, by, request, reference, officerUserId, submissionPolicy);
    if (windows.isEmpty()) {
      return plain;
    }
    Map<String, String> d = new TreeMap<>(plain.details());
    d.put(Key.TIME_WINDOWS, String.join("\n", windows.stream()
        .map(w -> w.label() + "|" + w.from() + "|" + w.to()).toList()));
    return event(at, by, CustodyAction.REQUEST_CREATED, request, d);
  }

  /** A draft closed without being submitted; {@code cause} is a fixed phrase ("link ended", "idle", ...). */
  public static PendingEvent submissionAbandoned(Instant at, Actor by, RequestId request, String submission, String cause,
      Instant lastActivity) {
    return event(at, by, CustodyAction.SUBMISSION_ABANDONED, request,
        Map.of(Key.SUBMISSION, submission, Key.CAUSE, cause, Key.LAST_ACTIVITY, lastActivity.toString()));
  }

  /** The portal's global guessing budget ran out: counts only, no addresses, no tokens, no request. */
  public static PendingEvent linkGuessingSuspected(Instant at, Actor by, long failedLookups, int addresses, Instant since) {
    return new PendingEvent(at, by, CustodyAction.LINK_GUESSING_SUSPECTED, Optional.empty(), Optional.empty(),
        Optional.empty(), Map.of(Key.FAILED_LOOKUPS, Long.toString(failedLookups), Key.ADDRESSES,
            Integer.toString(addresses), Key.SINCE, since.toString()));
  }

  public static PendingEvent invitationIssued(Instant at, Actor by, RequestId request, String invitation,
      Instant expiresAt, List<String> channels) {
    Map<String, String> d = new TreeMap<>();
    d.put(Key.INVITATION, invitation);
    d.put(Key.EXPIRES_AT, expiresAt.toString());
    d.put(Key.CHANNELS, channels.isEmpty() ? "none (host delivers the link)" : String.join(",", channels));
    return event(at, by, CustodyAction.INVITATION_ISSUED, request, d);
  }

  /** A link ended: {@code cause} is a fixed phrase, never free text from a person. */
  public static PendingEvent invitationRevoked(Instant at, Actor by, RequestId request, String invitation, String cause) {
    return event(at, by, CustodyAction.INVITATION_REVOKED, request, Map.of(Key.INVITATION, invitation, Key.CAUSE, cause));
  }

  public static final String SUPERSEDED = "superseded by a new link";
  public static final String REVOKED_BY_OFFICER = "revoked by officer";

  public static PendingEvent submissionStarted(Instant at, Actor by, RequestId request, String submission,
      Optional<String> source) {
    return event(at, by, CustodyAction.SUBMISSION_STARTED, request, withSource(Map.of(Key.SUBMISSION, submission), source));
  }

  public static PendingEvent controllerHandover(Instant at, Actor by, RequestId request, String submission,
      Optional<String> source) {
    return event(at, by, CustodyAction.CONTROLLER_HANDOVER, request,
        withSource(Map.of(Key.SUBMISSION, submission, Key.CONTROLLER, CONTROLLER_TEXT), source));
  }

  /** What was received, as the engine measured it; {@code path} is the relative path of an officer ingest. */
  public record Received(String submission, String name, Optional<String> path, long size, String sha256,
      String claimedType, String blob, Optional<String> source, Optional<String> upload, Optional<String> sha256By) {
    /** Who computed {@code sha256} when the engine did not (see {@code IngestPipeline.ingestStagedHashedByCaller}). */
    public static final String PORTAL_WHILE_RECEIVING = "portal-while-receiving";

    /** With the digest computed by the engine. */
    public Received(String submission, String name, Optional<String> path, long size, String sha256,
        String claimedType, String blob, Optional<String> source, Optional<String> upload) {
      this(submission, name, path, size, sha256, claimedType, blob, source, upload, Optional.empty());
    }

    /** Without an upload key: officer ingest, and public uploads whose sender gave none. */
    public Received(String submission, String name, Optional<String> path, long size, String sha256,
        String claimedType, String blob, Optional<String> source) {
      this(submission, name, path, size, sha256, claimedType, blob, source, Optional.empty());
    }
  }

  public static PendingEvent itemReceived(Instant at, Actor by, RequestId request, ItemId item, Received r) {
    Map<String, String> d = new TreeMap<>();
    d.put(Key.SUBMISSION, r.submission());
    d.put(Key.NAME, r.name());
    r.path().ifPresent(p -> d.put(Key.PATH, p));
    d.put(Key.SIZE, Long.toString(r.size()));
    d.put(Key.SHA256, r.sha256());
    d.put(Key.CLAIMED_TYPE, r.claimedType());
    d.put(Key.BLOB, r.blob());
    r.source().ifPresent(s -> d.put(Key.SOURCE, s));
    r.upload().ifPresent(u -> d.put(Key.UPLOAD, u));
    r.sha256By().ifPresent(w -> d.put(Key.SHA256_BY, w));
    return event(at, by, CustodyAction.ITEM_RECEIVED, request, d).withItem(item);
  }

  public static PendingEvent itemRemovedBySubmitter(Instant at, Actor by, RequestId request, ItemId item, String submission) {
    return event(at, by, CustodyAction.ITEM_REMOVED_BY_SUBMITTER, request, Map.of(Key.SUBMISSION, submission)).withItem(item);
  }

  /**
   * The submitter agreed that these {@code files} files are relevant. The words they agreed to are the
   * portal's (its message bundle, in their language); the record holds the count. Events written before
   * this release also hold a {@code statement} key with the English sentence.
   */
  public static PendingEvent submissionDeclared(Instant at, Actor by, RequestId request, String submission,
      int files, Optional<String> source) {
    Map<String, String> d = new TreeMap<>();
    d.put(Key.SUBMISSION, submission);
    d.put(Key.FILES, Integer.toString(files));
    source.ifPresent(s -> d.put(Key.SOURCE, s));
    return event(at, by, CustodyAction.SUBMISSION_DECLARED, request, d);
  }

  public static PendingEvent submissionSubmitted(Instant at, Actor by, RequestId request, String submission,
      List<String> items, Optional<String> caption, Optional<String> source) {
    Map<String, String> d = new TreeMap<>();
    d.put(Key.SUBMISSION, submission);
    d.put(Key.FILES, Integer.toString(items.size()));
    d.put(Key.ITEMS, String.join(",", items));
    caption.ifPresent(c -> d.put(Key.CAPTION, c));
    source.ifPresent(s -> d.put(Key.SOURCE, s));
    return event(at, by, CustodyAction.SUBMISSION_SUBMITTED, request, d);
  }

  /** An officer saw a request (in a list, its page, its invitations, submissions or custody events). */
  public static PendingEvent requestViewed(Instant at, Actor by, RequestId request, String view, String reason) {
    return event(at, by, CustodyAction.REQUEST_VIEWED, request, Map.of(Key.VIEW, view)).withReason(reason);
  }

  /** An officer read an item's bytes; {@code range} is {@code all} or {@code offset+length}. */
  public static PendingEvent itemRead(Instant at, Actor by, CustodyAction viewedOrDownloaded, RequestId request,
      ItemId item, String rule, String range, String sha256, String reason) {
    if (viewedOrDownloaded != CustodyAction.ITEM_VIEWED && viewedOrDownloaded != CustodyAction.ITEM_DOWNLOADED) {
      throw new EvidenceException(ErrorCode.INTERNAL, "not a read action: " + viewedOrDownloaded);
    }
    Map<String, String> d = new TreeMap<>();
    d.put(Key.RULE, rule);
    d.put(Key.RANGE, range);
    d.put(Key.SHA256, sha256);
    return event(at, by, viewedOrDownloaded, request, d).withItem(item).withReason(reason);
  }

  public static PendingEvent accessRefused(Instant at, Actor by, RequestId request, String action, String rule,
      String reason) {
    return event(at, by, CustodyAction.ACCESS_REFUSED, request, Map.of(Key.ACTION, action, Key.RULE, rule))
        .withReason(reason);
  }

  /** Refused without a request in question (for example reading the whole log). */
  public static PendingEvent accessRefused(Instant at, Actor by, String action, String rule, String reason) {
    return new PendingEvent(at, by, CustodyAction.ACCESS_REFUSED, Optional.empty(), Optional.empty(),
        Optional.of(reason), Map.of(Key.ACTION, action, Key.RULE, rule));
  }

  public static PendingEvent integrityFailure(Instant at, Actor by, RequestId request, ItemId item, String expectedSha256,
      String blob) {
    return event(at, by, CustodyAction.INTEGRITY_FAILURE, request,
        Map.of(Key.EXPECTED_SHA256, expectedSha256, Key.BLOB, blob)).withItem(item);
  }

  /** The outcome of delivering one outbox message. {@code detail} is the notifier's safe summary. */
  public record Delivery(String message, String outcome, String detail, int attempts, Optional<String> channel,
      Optional<String> providerMessageId, Optional<String> invitation) {}

  public static PendingEvent delivery(Instant at, Actor by, CustodyAction action, RequestId request, Delivery o) {
    Map<String, String> d = new TreeMap<>();
    d.put(Key.MESSAGE, o.message());
    d.put(Key.OUTCOME, o.outcome());
    d.put(Key.DETAIL, o.detail());
    d.put(Key.ATTEMPTS, Integer.toString(o.attempts()));
    o.channel().ifPresent(c -> d.put(Key.CHANNEL, c));
    o.providerMessageId().ifPresent(p -> d.put(Key.PROVIDER_MESSAGE_ID, p));
    o.invitation().ifPresent(i -> d.put(Key.INVITATION, i));
    return event(at, by, action, request, d);
  }

  /** How the engine heard of a status change: Notify's delivery receipt, or by asking. */
  public static final String VIA_RECEIPT = "delivery receipt";
  public static final String VIA_POLL = "status check";
  /** What the engine does after a failure the backend reported. */
  public static final String NEXT_RESEND = "send again";
  public static final String NEXT_NOT_RESENT = "not sent again";
  public static final String NEXT_LINK_ENDED = "not sent again: the link ended";
  public static final String NEXT_RESENDS_USED = "not sent again: every resend used";

  /**
   * News from the backend about a message it accepted. Every value comes from the engine or is a
   * backend's one-word status or id (validated by {@code DeliveryUpdate}); no address or text.
   *
   * @param status our {@code DeliveryStatus} name
   * @param providerStatus the backend's own word, e.g. {@code permanent-failure}
   * @param next for a failure: what the engine does about it ({@link #NEXT_RESEND} and the like)
   */
  public record StatusChange(String message, String channel, String providerMessageId, String status,
      String providerStatus, Instant statusAt, String via, Optional<String> invitation, Optional<String> next) {}

  public static PendingEvent deliveryStatusChanged(Instant at, Actor by, RequestId request, StatusChange c) {
    Map<String, String> d = new TreeMap<>();
    d.put(Key.MESSAGE, c.message());
    d.put(Key.CHANNEL, c.channel());
    d.put(Key.PROVIDER_MESSAGE_ID, c.providerMessageId());
    d.put(Key.STATUS, c.status());
    d.put(Key.PROVIDER_STATUS, c.providerStatus());
    d.put(Key.STATUS_AT, c.statusAt().toString());
    d.put(Key.VIA, c.via());
    c.invitation().ifPresent(i -> d.put(Key.INVITATION, i));
    c.next().ifPresent(n -> d.put(Key.NEXT, n));
    return event(at, by, CustodyAction.DELIVERY_STATUS_CHANGED, request, d);
  }

  /**
   * An officer read a range of the whole log (an audit). Events of every request may be in it, so no
   * request is named; the range is.
   */
  public static PendingEvent logRead(Instant at, Actor by, String rule, long from, int count, String reason) {
    Map<String, String> d = new TreeMap<>();
    d.put(Key.RULE, rule);
    d.put(Key.FROM, Long.toString(from));
    d.put(Key.COUNT, Integer.toString(count));
    return new PendingEvent(at, by, CustodyAction.LOG_READ, Optional.empty(), Optional.empty(), Optional.of(reason), d);
  }

  /**
   * One scanner's result on an item. {@code verdict} is {@code CLEAN}, {@code INFECTED} or
   * {@code COULD_NOT_SCAN}; signatures (infected) are joined with {@code "; "}; failure and detail only
   * for could-not-scan. {@code version} is the scanner's version text, e.g. {@code ClamAV 1.4.6/27500}.
   */
  public record Scanned(String scanner, String version, String verdict, List<String> signatures,
      Optional<String> failure, Optional<String> detail, String sha256) {}

  public static PendingEvent itemScanned(Instant at, Actor by, RequestId request, ItemId item, Scanned s) {
    Map<String, String> d = new TreeMap<>();
    d.put(Key.SCANNER, s.scanner());
    d.put(Key.VERSION, s.version());
    d.put(Key.VERDICT, s.verdict());
    d.put(Key.SHA256, s.sha256());
    if (!s.signatures().isEmpty()) {
      d.put(Key.SIGNATURES, String.join("; ", s.signatures()));
    }
    s.failure().ifPresent(f -> d.put(Key.FAILURE, f));
    s.detail().ifPresent(t -> d.put(Key.DETAIL, t));
    return event(at, by, CustodyAction.ITEM_SCANNED, request, d).withItem(item);
  }

  /**
   * An item was quarantined. {@code previousState} is its scan state before ({@code CLEAN} means it had
   * been released to officers); {@code notified} is the officer user id told of it, if any.
   */
  public static PendingEvent itemQuarantined(Instant at, Actor by, RequestId request, ItemId item,
      List<String> signatures, String previousState, Optional<String> notified) {
    Map<String, String> d = new TreeMap<>();
    d.put(Key.SIGNATURES, String.join("; ", signatures));
    d.put(Key.PREVIOUS_STATE, previousState);
    notified.ifPresent(n -> d.put(Key.NOTIFIED, n));
    return event(at, by, CustodyAction.ITEM_QUARANTINED, request, d).withItem(item);
  }

  /** The scanners gave no verdict after {@code attempts} passes, or cannot ({@code failure}): flagged. */
  public static PendingEvent itemScanFailed(Instant at, Actor by, RequestId request, ItemId item, int attempts,
      String failure) {
    return event(at, by, CustodyAction.ITEM_SCAN_FAILED, request,
        Map.of(Key.ATTEMPTS, Integer.toString(attempts), Key.FAILURE, failure)).withItem(item);
  }

  /** An officer released an item not known to be clean; {@code state} is its scan state at the time. */
  public static PendingEvent quarantineOverridden(Instant at, Actor by, RequestId request, ItemId item, String rule,
      String state, List<String> signatures, String reason) {
    Map<String, String> d = new TreeMap<>();
    d.put(Key.RULE, rule);
    d.put(Key.STATE, state);
    if (!signatures.isEmpty()) {
      d.put(Key.SIGNATURES, String.join("; ", signatures));
    }
    return event(at, by, CustodyAction.QUARANTINE_OVERRIDDEN, request, d).withItem(item).withReason(reason);
  }

  /** Every item not quarantined was queued for a new scan; concerns no one request. */
  public static PendingEvent rescanRequested(Instant at, Actor by, int count) {
    return new PendingEvent(at, by, CustodyAction.RESCAN_REQUESTED, Optional.empty(), Optional.empty(),
        Optional.empty(), Map.of(Key.COUNT, Integer.toString(count)));
  }

  /**
   * Evidence of a request exported in a disclosure package, recorded once its bytes were copied and
   * re-verified: who for, how many files and bytes (the bag's Payload-Oxum), and why.
   */
  public static PendingEvent evidenceExported(Instant at, Actor by, RequestId request, String recipient, int files,
      long bytes, String reason) {
    Map<String, String> d = new TreeMap<>();
    d.put(Key.RECIPIENT, recipient);
    d.put(Key.COUNT, Integer.toString(files));
    d.put(Key.SIZE, Long.toString(bytes));
    return event(at, by, CustodyAction.EVIDENCE_EXPORTED, request, d).withReason(reason);
  }

  /** A request was classified for retention under {@code category} of the rules {@code rulesVersion}. */
  public static PendingEvent retentionClassified(Instant at, Actor by, RequestId request, String category,
      String rulesVersion, String reason) {
    return event(at, by, CustodyAction.RETENTION_CLASSIFIED, request,
        Map.of(Key.CATEGORY, category, Key.RULES_VERSION, rulesVersion)).withReason(reason);
  }

  public static PendingEvent caseLinked(Instant at, Actor by, RequestId request, String caseReference, String reason) {
    return event(at, by, CustodyAction.CASE_LINKED, request, Map.of(Key.CASE, caseReference)).withReason(reason);
  }

  /**
   * A fact about a request, or (request empty) about a case. A date of birth is personal data: its date is
   * never written into an event (the fact row holds it, and goes with the request's disposal).
   */
  public static PendingEvent caseFactRecorded(Instant at, Actor by, Optional<RequestId> request,
      Optional<String> caseReference, String kind, LocalDate on, boolean personal, String reason) {
    Map<String, String> d = new TreeMap<>();
    d.put(Key.KIND, kind);
    d.put(Key.ON, personal ? "withheld" : on.toString());
    caseReference.ifPresent(c -> d.put(Key.CASE, c));
    return new PendingEvent(at, by, CustodyAction.CASE_FACT_RECORDED, request, Optional.empty(), Optional.of(reason), d);
  }

  /** A legal hold set or lifted; {@code target} is the item, request or case it covers. */
  public static PendingEvent legalHold(Instant at, Actor by, boolean set, Optional<RequestId> request,
      Optional<ItemId> item, String hold, String targetKind, String target, String reason) {
    Map<String, String> d = new TreeMap<>();
    d.put(Key.HOLD, hold);
    d.put(Key.TARGET_KIND, targetKind);
    d.put(Key.TARGET, target);
    return new PendingEvent(at, by, set ? CustodyAction.LEGAL_HOLD_SET : CustodyAction.LEGAL_HOLD_LIFTED, request,
        item, Optional.of(reason), d);
  }

  public static PendingEvent reviewDue(Instant at, Actor by, RequestId request, String rule, LocalDate dueOn) {
    return event(at, by, CustodyAction.REVIEW_DUE, request, Map.of(Key.RULE, rule, Key.DUE_ON, dueOn.toString()));
  }

  /** A reviewer's outcome: {@code outcome} is {@code retain} (with {@code until}) or {@code dispose}. */
  public static PendingEvent reviewRecorded(Instant at, Actor by, RequestId request, String outcome,
      Optional<LocalDate> until, String reason) {
    Map<String, String> d = new TreeMap<>();
    d.put(Key.OUTCOME, outcome);
    until.ifPresent(u -> d.put(Key.UNTIL, u.toString()));
    return event(at, by, CustodyAction.REVIEW_RECORDED, request, d).withReason(reason);
  }

  public static PendingEvent disposalScheduled(Instant at, Actor by, RequestId request, String rule,
      Instant disposeAfter, Optional<String> reason) {
    PendingEvent e = event(at, by, CustodyAction.DISPOSAL_SCHEDULED, request,
        Map.of(Key.RULE, rule, Key.DISPOSE_AFTER, disposeAfter.toString()));
    return reason.map(e::withReason).orElse(e);
  }

  /** {@code cause} is a fixed phrase ("cancelled by officer", "legal hold", "rules extended"). */
  public static PendingEvent disposalCancelled(Instant at, Actor by, RequestId request, String cause,
      Optional<String> reason) {
    PendingEvent e = event(at, by, CustodyAction.DISPOSAL_CANCELLED, request, Map.of(Key.CAUSE, cause));
    return reason.map(e::withReason).orElse(e);
  }

  /** What one disposal certificate (or one part of it, for a request with very many events) records. */
  public record Certificate(String category, String rulesVersion, String rule, String scheduledBy, Instant asOf,
      List<String> items, int blobsDeleted, List<String> redacted, int part, int parts) {}

  public static PendingEvent disposalCertified(Instant at, Actor by, RequestId request, Certificate c) {
    Map<String, String> d = new TreeMap<>();
    d.put(Key.CATEGORY, c.category());
    d.put(Key.RULES_VERSION, c.rulesVersion());
    d.put(Key.RULE, c.rule());
    d.put(Key.SCHEDULED_BY, c.scheduledBy());
    d.put(Key.AS_OF, c.asOf().toString());
    d.put(Key.DISPOSED_ITEMS, String.join(",", c.items()));
    d.put(Key.BLOBS_DELETED, Integer.toString(c.blobsDeleted()));
    d.put(Key.REDACTED, String.join(",", c.redacted()));
    d.put(Key.PART, c.part() + "/" + c.parts());
    return event(at, by, CustodyAction.DISPOSAL_CERTIFIED, request, d);
  }

  /**
   * The media inspector's result on an item. {@code state} is {@code INSPECTED}, {@code NOT_RECOGNISED} or
   * {@code COULD_NOT_INSPECT}; the facts only when inspected; the still's blob and SHA-256 only when one was
   * stored (derived data, recorded as made by {@code tool}); {@code detail} when not inspected.
   */
  public record Inspected(String tool, String state, String sha256, Optional<String> container,
      Optional<java.time.Duration> duration, Optional<Instant> creationTime, Optional<String> decodes,
      Optional<String> stillBlob, Optional<String> stillSha256, Optional<String> detail) {}

  public static PendingEvent itemInspected(Instant at, Actor by, RequestId request, ItemId item, Inspected i) {
    Map<String, String> d = new TreeMap<>();
    d.put(Key.TOOL, i.tool());
    d.put(Key.STATE, i.state());
    d.put(Key.SHA256, i.sha256());
    i.container().ifPresent(v -> d.put(Key.CONTAINER, v));
    i.duration().ifPresent(v -> d.put(Key.DURATION, v.toString()));
    i.creationTime().ifPresent(v -> d.put(Key.CREATION_TIME, v.toString()));
    i.decodes().ifPresent(v -> d.put(Key.DECODES, v));
    i.stillBlob().ifPresent(v -> d.put(Key.STILL_BLOB, v));
    i.stillSha256().ifPresent(v -> d.put(Key.STILL_SHA256, v));
    i.detail().ifPresent(v -> d.put(Key.DETAIL, v));
    return event(at, by, CustodyAction.ITEM_INSPECTED, request, d).withItem(item);
  }

  /** The source of what a video source gave: {@code video:<platform>}. */
  public static String videoSource(String platform) {
    return "video:" + platform;
  }

  /** {@code consent} when the platform kept no consent record. */
  public static final String NO_CONSENT_RECORD = "none recorded";

  /**
   * A consultation as the video source listed it. {@code caller}, {@code givenBy}, {@code othersPresent}
   * (one per line) and {@code collateralIntrusion} are personal data: not among the details a disposal keeps.
   */
  public record VideoConsultation(String platform, String consultation, String callReference, String officerUserId,
      String caller, Instant start, Instant end, int recordings, Optional<VideoConsent> consent) {}

  /** A consent record as the platform kept it. */
  public record VideoConsent(String givenBy, Instant at, String method, String decision, boolean recordingNotice,
      List<String> othersPresent, Optional<String> collateralIntrusion) {}

  public static PendingEvent videoConsentRecorded(Instant at, Actor by, RequestId request, VideoConsultation c) {
    Map<String, String> d = new TreeMap<>();
    d.put(Key.SOURCE, videoSource(c.platform()));
    d.put(Key.CONSULTATION, c.consultation());
    d.put(Key.CALL_REFERENCE, c.callReference());
    d.put(Key.OFFICER, c.officerUserId());
    d.put(Key.CALLER, c.caller());
    d.put(Key.START, c.start().toString());
    d.put(Key.END, c.end().toString());
    d.put(Key.RECORDINGS, Integer.toString(c.recordings()));
    if (c.consent().isEmpty()) {
      d.put(Key.CONSENT, NO_CONSENT_RECORD);
    } else {
      VideoConsent k = c.consent().get();
      d.put(Key.GIVEN_BY, k.givenBy());
      d.put(Key.CONSENT_AT, k.at().toString());
      d.put(Key.METHOD, k.method());
      d.put(Key.DECISION, k.decision());
      d.put(Key.RECORDING_NOTICE, Boolean.toString(k.recordingNotice()));
      if (!k.othersPresent().isEmpty()) {
        d.put(Key.OTHERS_PRESENT, String.join("\n", k.othersPresent()));
      }
      k.collateralIntrusion().ifPresent(n -> d.put(Key.COLLATERAL_INTRUSION, n));
    }
    return event(at, by, CustodyAction.VIDEO_CONSENT_RECORDED, request, d);
  }

  /** A consultation held for a supervisor; {@code cause} is a fixed word ({@code NO_CONSENT_RECORD}, {@code CONSENT_REFUSED}...). */
  public static PendingEvent videoHeldForDecision(Instant at, Actor by, RequestId request, String platform,
      String consultation, String cause) {
    return event(at, by, CustodyAction.VIDEO_HELD_FOR_DECISION, request, Map.of(Key.SOURCE, videoSource(platform),
        Key.CONSULTATION, consultation, Key.CAUSE, cause));
  }

  /** A supervisor's decision ({@code IMPORT} or {@code DISCARD_AT_SOURCE}) on a held consultation, allowed by {@code rule}. */
  public static PendingEvent videoDecisionRecorded(Instant at, Actor by, RequestId request, String platform,
      String consultation, String decision, String rule, String reason) {
    return event(at, by, CustodyAction.VIDEO_DECISION_RECORDED, request, Map.of(Key.SOURCE, videoSource(platform),
        Key.CONSULTATION, consultation, Key.DECISION, decision, Key.RULE, rule)).withReason(reason);
  }

  public static PendingEvent videoRecordingMissing(Instant at, Actor by, RequestId request, String platform,
      String consultation, String recording) {
    return event(at, by, CustodyAction.VIDEO_RECORDING_MISSING, request, Map.of(Key.SOURCE, videoSource(platform),
        Key.CONSULTATION, consultation, Key.RECORDING, recording));
  }

  /**
   * The stored copy of a recording does not match: our SHA-256 on a re-read ({@code sha256}) against the one
   * recorded at import, or against the platform's checksum ({@code platformSha256}). The recording stays at source.
   */
  public static PendingEvent videoCopyMismatch(Instant at, Actor by, RequestId request, ItemId item, String platform,
      String consultation, String recording, String expectedSha256, String sha256, Optional<String> platformSha256) {
    Map<String, String> d = new TreeMap<>();
    d.put(Key.SOURCE, videoSource(platform));
    d.put(Key.CONSULTATION, consultation);
    d.put(Key.RECORDING, recording);
    d.put(Key.EXPECTED_SHA256, expectedSha256);
    d.put(Key.SHA256, sha256);
    platformSha256.ifPresent(p -> d.put(Key.PLATFORM_SHA256, p));
    return event(at, by, CustodyAction.INTEGRITY_FAILURE, request, d).withItem(item);
  }

  /**
   * The source confirmed a recording deleted; {@code item} and {@code sha256} name the verified copy kept
   * (absent for a recording discarded by a supervisor's decision, {@code outcome} then {@code discarded}).
   */
  public static PendingEvent videoDeletedAtSource(Instant at, Actor by, RequestId request, Optional<ItemId> item,
      String platform, String consultation, String recording, Optional<String> sha256, String outcome,
      Instant deletedAt, String confirmation) {
    Map<String, String> d = new TreeMap<>();
    d.put(Key.SOURCE, videoSource(platform));
    d.put(Key.CONSULTATION, consultation);
    d.put(Key.RECORDING, recording);
    sha256.ifPresent(h -> d.put(Key.SHA256, h));
    d.put(Key.OUTCOME, outcome);
    d.put(Key.DELETED_AT, deletedAt.toString());
    d.put(Key.CONFIRMATION, confirmation);
    PendingEvent e = event(at, by, CustodyAction.VIDEO_DELETED_AT_SOURCE, request, d);
    return item.map(e::withItem).orElse(e);
  }

  /** A supervisor's quality review: {@code outcome} a {@code QualityOutcome} name; {@code notes} their words. */
  public static PendingEvent videoQualityReviewed(Instant at, Actor by, RequestId request, String platform,
      String consultation, String outcome, String rule, String notes) {
    return event(at, by, CustodyAction.VIDEO_QUALITY_REVIEWED, request, Map.of(Key.SOURCE, videoSource(platform),
        Key.CONSULTATION, consultation, Key.OUTCOME, outcome, Key.RULE, rule, Key.NOTES, notes));
  }

  /** A complaint or IPCO referral ({@code kind}) with its own reference; the holds follow as their own events. */
  public static PendingEvent videoReferred(Instant at, Actor by, RequestId request, String platform,
      String consultation, String kind, String reference, String reason) {
    return event(at, by, CustodyAction.VIDEO_REFERRED, request, Map.of(Key.SOURCE, videoSource(platform),
        Key.CONSULTATION, consultation, Key.KIND, kind, Key.REFERENCE, reference)).withReason(reason);
  }

  private static PendingEvent event(Instant at, Actor by, CustodyAction action, RequestId request,
      Map<String, String> details) {
    return PendingEvent.about(at, by, action, request, details);
  }

  private static Map<String, String> withSource(Map<String, String> base, Optional<String> source) {
    if (source.isEmpty()) {
      return base;
    }
    Map<String, String> d = new TreeMap<>(base);
    d.put(Key.SOURCE, source.get());
    return d;
  }
}
