package io.evidencekit.core.custody;

import io.evidencekit.api.Actor;
import io.evidencekit.api.CustodyAction;
import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.ItemId;
import io.evidencekit.api.RequestId;
import java.time.Instant;
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
    public static final String CLAIMED_TYPE = "claimedType";
    public static final String BLOB = "blob";
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

    private Key() {}
  }

  /** Where a submission came from, when not the public portal (which records no source, as before). */
  public static final String OFFICER_INGEST = "officer-ingest";
  /** Who becomes data controller at the first byte received. */
  static final String CONTROLLER_TEXT = "the force that made the request";

  private CustodyEvents() {}

  public static PendingEvent requestCreated(Instant at, Actor by, RequestId request, String reference, String officerUserId) {
    return event(at, by, CustodyAction.REQUEST_CREATED, request, Map.of(Key.REFERENCE, reference, Key.OFFICER, officerUserId));
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
      String claimedType, String blob, Optional<String> source, Optional<String> upload) {
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
    return event(at, by, CustodyAction.ITEM_RECEIVED, request, d).withItem(item);
  }

  public static PendingEvent itemRemovedBySubmitter(Instant at, Actor by, RequestId request, ItemId item, String submission) {
    return event(at, by, CustodyAction.ITEM_REMOVED_BY_SUBMITTER, request, Map.of(Key.SUBMISSION, submission)).withItem(item);
  }

  public static PendingEvent submissionDeclared(Instant at, Actor by, RequestId request, String submission,
      String statement, int files, Optional<String> source) {
    Map<String, String> d = new TreeMap<>();
    d.put(Key.SUBMISSION, submission);
    d.put(Key.STATEMENT, statement);
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
