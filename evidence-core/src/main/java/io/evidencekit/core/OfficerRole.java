package io.evidencekit.core;

import io.evidencekit.api.Actor;
import io.evidencekit.api.ByteRange;
import io.evidencekit.api.CustodyAction;
import io.evidencekit.api.CustodyEvent;
import io.evidencekit.api.Delivery;
import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.EvidenceRequest;
import io.evidencekit.api.ForceReference;
import io.evidencekit.api.IngestListener;
import io.evidencekit.api.Invitation;
import io.evidencekit.api.InvitationId;
import io.evidencekit.api.IssuedInvitation;
import io.evidencekit.api.ItemId;
import io.evidencekit.api.ItemUse;
import io.evidencekit.api.NewEvidenceRequest;
import io.evidencekit.api.OfficerIngest;
import io.evidencekit.api.OfficerSide;
import io.evidencekit.api.RequestId;
import io.evidencekit.api.ScanState;
import io.evidencekit.api.Submission;
import io.evidencekit.core.custody.CustodyEvents;
import io.evidencekit.core.custody.PendingEvent;
import io.evidencekit.core.ingest.SubmissionStore;
import io.evidencekit.spi.AccessAction;
import io.evidencekit.spi.Channel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The officer's role: every operation asks the access policy first and records what was seen or done. */
final class OfficerRole implements OfficerSide {
  private static final int LIST_LIMIT = 1_000;

  private final EngineParts parts;
  private final Liveness liveness;
  private final BackgroundWork background;

  OfficerRole(EngineParts parts, Liveness liveness, BackgroundWork background) {
    this.parts = parts;
    this.liveness = liveness;
    this.background = background;
  }

  @Override
  public EvidenceRequest createRequest(Actor.Officer by, NewEvidenceRequest spec) {
    liveness.check();
    return parts.requests.create(by, spec);
  }

  @Override
  public IssuedInvitation issueInvitation(Actor.Officer by, RequestId id, String reason) {
    return issue(by, id, reason, Optional.empty());
  }

  @Override
  public IssuedInvitation issueInvitation(Actor.Officer by, RequestId id, String reason, Set<Channel> channels) {
    return issue(by, id, reason, Optional.of(Set.copyOf(channels)));
  }

  private IssuedInvitation issue(Actor.Officer by, RequestId id, String reason, Optional<Set<Channel>> channels) {
    liveness.check();
    String why = Reasons.require(reason);
    EvidenceRequest request = load(id);
    parts.access.require(by, AccessAction.MANAGE_REQUEST, request, why);
    IssuedInvitation issued = parts.requests.issue(by, request, channels);
    background.nudge();
    return issued;
  }

  @Override
  public void revokeInvitation(Actor.Officer by, RequestId id, InvitationId invitation, String reason) {
    liveness.check();
    String why = Reasons.require(reason);
    EvidenceRequest request = load(id);
    parts.access.require(by, AccessAction.MANAGE_REQUEST, request, why);
    parts.requests.revoke(by, request, invitation, why);
  }

  @Override
  public List<EvidenceRequest> listRequests(Actor.Officer by, String reason) {
    liveness.check();
    String why = Reasons.require(reason);
    List<EvidenceRequest> visible = parts.db.read(h -> parts.requestStore.list(h, LIST_LIMIT)).stream()
        .filter(r -> parts.access.decide(by, AccessAction.VIEW_REQUEST, r).allowed())
        .toList();
    recordViews(by, visible, "list", why);
    return visible;
  }

  @Override
  public EvidenceRequest request(Actor.Officer by, RequestId id, String reason) {
    return viewable(by, id, reason, "request");
  }

  @Override
  public EvidenceRequest requestByReference(Actor.Officer by, ForceReference reference, String reason) {
    liveness.check();
    Reasons.require(reason);
    RequestId id = parts.db.read(h -> parts.requestStore.idByReference(h, reference))
        .orElseThrow(() -> new EvidenceException(ErrorCode.NOT_FOUND, "no request " + reference.value()));
    return viewable(by, id, reason, "request");
  }

  @Override
  public List<Invitation> invitations(Actor.Officer by, RequestId id, String reason) {
    viewable(by, id, reason, "invitations");
    return parts.db.read(h -> parts.requestStore.invitations(h, id));
  }

  @Override
  public List<Delivery> deliveries(Actor.Officer by, RequestId id, String reason) {
    viewable(by, id, reason, "deliveries");
    return parts.db.read(h -> parts.deliveries.forRequest(h, id));
  }

  @Override
  public List<Submission> submissions(Actor.Officer by, RequestId id, String reason) {
    viewable(by, id, reason, "submissions");
    return parts.db.read(h -> parts.submissionStore.forRequest(h, id));
  }

  @Override
  public List<CustodyEvent> custodyEvents(Actor.Officer by, RequestId id, String reason) {
    viewable(by, id, reason, "custody");
    return parts.db.read(h -> parts.custody.forRequest(h, id));
  }

  @Override
  public InputStream openItem(Actor.Officer by, ItemId id, ByteRange range, ItemUse use, String reason) {
    liveness.check();
    String why = Reasons.require(reason);
    SubmissionStore.StoredItem stored = parts.db.read(h -> parts.submissionStore.item(h, id))
        .orElseThrow(() -> new EvidenceException(ErrorCode.NOT_FOUND, "no such item"));
    EvidenceRequest request = load(stored.item().requestId());
    String rule = parts.access.require(by, AccessAction.READ_ITEM, request, why);
    refuseUnlessReleasable(by, stored, request, why);
    InputStream stream = parts.reader.open(stored, range);
    try {
      CustodyAction action = use == ItemUse.VIEW ? CustodyAction.ITEM_VIEWED : CustodyAction.ITEM_DOWNLOADED;
      String span = range.isAll() ? "all" : range.offset() + "+" + range.length();
      PendingEvent read = CustodyEvents.itemRead(parts.clock.now(), by, action, request.id(), id, rule, span,
          stored.item().sha256().hex(), why);
      parts.db.inTransaction(h -> parts.custody.append(h, List.of(read)));
      return stream;
    } catch (RuntimeException e) {
      try {
        stream.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  /**
   * Quarantine: an infected item is never handed out here, and on an engine that scans neither is one not
   * scanned clean; {@code Scanning.openQuarantined} is the override. The refusal is recorded.
   */
  private void refuseUnlessReleasable(Actor.Officer by, SubmissionStore.StoredItem stored, EvidenceRequest request,
      String why) {
    ScanState state = stored.item().scanState();
    ErrorCode refusal;
    if (state == ScanState.INFECTED) {
      refusal = ErrorCode.ITEM_QUARANTINED;
    } else if (state != ScanState.CLEAN && parts.scans.enabled()) {
      refusal = ErrorCode.ITEM_NOT_SCANNED;
    } else {
      return;
    }
    String rule = refusal == ErrorCode.ITEM_QUARANTINED ? "quarantined: malware detected" : "not scanned clean: " + state;
    parts.db.inTransaction(h -> parts.custody.append(h, List.of(
        CustodyEvents.accessRefused(parts.clock.now(), by, request.id(), AccessAction.READ_ITEM.name(), rule, why))));
    throw new EvidenceException(refusal, refusal == ErrorCode.ITEM_QUARANTINED
        ? "the item is quarantined: malware was detected in it"
        : "the item has not been scanned clean yet (" + state + ")");
  }

  @Override
  public OfficerIngest ingestFiles(Actor.Officer by, RequestId id, List<Path> paths, String reason,
      IngestListener listener) {
    liveness.check();
    String why = Reasons.require(reason);
    EvidenceRequest request = load(id);
    parts.access.require(by, AccessAction.MANAGE_REQUEST, request, why);
    OfficerIngest result = parts.officerIngest.ingest(by, request, List.copyOf(paths), why, listener);
    background.nudgeScans();
    background.nudge();
    return result;
  }

  private EvidenceRequest viewable(Actor.Officer by, RequestId id, String reason, String view) {
    liveness.check();
    String why = Reasons.require(reason);
    EvidenceRequest request = load(id);
    parts.access.require(by, AccessAction.VIEW_REQUEST, request, why);
    recordViews(by, List.of(request), view, why);
    return request;
  }

  private void recordViews(Actor.Officer by, List<EvidenceRequest> requests, String view, String why) {
    if (requests.isEmpty()) {
      return;
    }
    List<PendingEvent> events = new ArrayList<>();
    for (EvidenceRequest r : requests) {
      events.add(CustodyEvents.requestViewed(parts.clock.now(), by, r.id(), view, why));
    }
    parts.db.inTransaction(h -> parts.custody.append(h, events));
  }

  private EvidenceRequest load(RequestId id) {
    return parts.db.read(h -> parts.requestStore.find(h, id))
        .orElseThrow(() -> new EvidenceException(ErrorCode.NOT_FOUND, "no such request"));
  }
}
