package io.evidencekit.core;

import io.evidencekit.api.Actor;
import io.evidencekit.api.ByteRange;
import io.evidencekit.api.CustodyAction;
import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.EvidenceRequest;
import io.evidencekit.api.ItemId;
import io.evidencekit.api.ItemScan;
import io.evidencekit.api.ItemUse;
import io.evidencekit.api.QuarantinedContent;
import io.evidencekit.api.RequestId;
import io.evidencekit.api.ScanState;
import io.evidencekit.api.Scanning;
import io.evidencekit.core.custody.CustodyEvents;
import io.evidencekit.core.custody.PendingEvent;
import io.evidencekit.core.ingest.SubmissionStore;
import io.evidencekit.core.scan.ScanResults;
import io.evidencekit.spi.AccessAction;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/** The scanning role: status views and the override ask the access policy and are recorded. */
final class ScanningRole implements Scanning {
  private final EngineParts parts;
  private final Liveness liveness;
  private final RecordedViews views;
  private final BackgroundWork background;

  ScanningRole(EngineParts parts, Liveness liveness, BackgroundWork background) {
    this.parts = parts;
    this.liveness = liveness;
    this.views = new RecordedViews(parts);
    this.background = background;
  }

  @Override
  public boolean enabled() {
    return parts.scans.enabled();
  }

  @Override
  public ItemScan status(Actor.Officer by, ItemId item, String reason) {
    liveness.check();
    return views.ofItem(by, item, reason, "scan-status", ScanResults::status);
  }

  @Override
  public List<ItemScan> statusOfRequest(Actor.Officer by, RequestId id, String reason) {
    liveness.check();
    return views.ofRequest(by, id, reason, "scan-status", ScanResults::status);
  }

  @Override
  public int runDueScans(int maxItems) {
    liveness.check();
    if (maxItems < 1) {
      throw new EvidenceException(ErrorCode.INVALID_INPUT, "scan at least one item per pass");
    }
    int taken = parts.scans.scanDue(maxItems);
    if (taken > 0) {
      background.nudge(); // a submission notice may have been released
    }
    return taken;
  }

  @Override
  public int pendingScans() {
    liveness.check();
    return parts.scans.waiting();
  }

  @Override
  public Map<ScanState, Integer> itemsByState() {
    liveness.check();
    return parts.db.read(ScanResults::countsAll);
  }

  @Override
  public int rescanAll() {
    liveness.check();
    if (!parts.scans.enabled()) {
      throw new EvidenceException(ErrorCode.CONFIGURATION, "scanning is off: the engine has no scanner");
    }
    int queued = parts.scans.requeueAll();
    background.nudgeScans();
    return queued;
  }

  @Override
  public QuarantinedContent openQuarantined(Actor.Officer by, ItemId id, ByteRange range, ItemUse use, String reason) {
    liveness.check();
    String why = Reasons.require(reason);
    SubmissionStore.StoredItem stored = views.item(id);
    if (stored.item().scanState() == ScanState.CLEAN) {
      throw new EvidenceException(ErrorCode.INVALID_INPUT, "the item was scanned clean: open it as usual");
    }
    EvidenceRequest request = views.request(stored.item().requestId());
    String rule = parts.access.require(by, AccessAction.RELEASE_QUARANTINED, request, why);
    ItemScan scan = parts.db.read(h -> ScanResults.status(h, stored));
    InputStream stream = parts.reader.open(stored, range);
    try {
      CustodyAction action = use == ItemUse.VIEW ? CustodyAction.ITEM_VIEWED : CustodyAction.ITEM_DOWNLOADED;
      String span = range.isAll() ? "all" : range.offset() + "+" + range.length();
      PendingEvent override = CustodyEvents.quarantineOverridden(parts.clock.now(), by, request.id(), id, rule,
          scan.state().name(), scan.detections(), why);
      PendingEvent read = CustodyEvents.itemRead(parts.clock.now(), by, action, request.id(), id, rule, span,
          stored.item().sha256().hex(), why);
      parts.db.inTransaction(h -> parts.custody.append(h, List.of(override, read)));
      return new QuarantinedContent(stream, QuarantinedContent.CONTENT_TYPE, scan);
    } catch (RuntimeException e) {
      try {
        stream.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

}
