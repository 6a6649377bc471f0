package io.evidencekit.core;

import io.evidencekit.api.Actor;
import io.evidencekit.api.CustodyAction;
import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.EvidenceRequest;
import io.evidencekit.api.Inspection;
import io.evidencekit.api.ItemId;
import io.evidencekit.api.ItemMedia;
import io.evidencekit.api.RequestId;
import io.evidencekit.core.custody.CustodyEvents;
import io.evidencekit.core.ingest.SubmissionStore;
import io.evidencekit.core.media.MediaResults;
import io.evidencekit.spi.AccessAction;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** The media inspection role: views ask the access policy and are recorded, as the officer's views are. */
final class InspectionRole implements Inspection {
  private final EngineParts parts;
  private final Liveness liveness;
  private final RecordedViews views;

  InspectionRole(EngineParts parts, Liveness liveness) {
    this.parts = parts;
    this.liveness = liveness;
    this.views = new RecordedViews(parts);
  }

  @Override
  public boolean enabled() {
    return parts.media.enabled();
  }

  @Override
  public ItemMedia media(Actor.Officer by, ItemId item, String reason) {
    liveness.check();
    return views.ofItem(by, item, reason, "media", MediaResults::of);
  }

  @Override
  public List<ItemMedia> mediaOfRequest(Actor.Officer by, RequestId id, String reason) {
    liveness.check();
    return views.ofRequest(by, id, reason, "media", MediaResults::of);
  }

  @Override
  public InputStream openStill(Actor.Officer by, ItemId id, String reason) {
    liveness.check();
    String why = Reasons.require(reason);
    SubmissionStore.StoredItem stored = views.item(id);
    EvidenceRequest request = views.request(stored.item().requestId());
    String rule = parts.access.require(by, AccessAction.READ_ITEM, request, why);
    MediaResults.StoredStill still = parts.db.read(h -> MediaResults.still(h, id))
        .orElseThrow(() -> new EvidenceException(ErrorCode.NOT_FOUND, "the item has no still image"));
    InputStream stream = parts.media.openStill(still);
    try {
      parts.db.inTransaction(h -> parts.custody.append(h, List.of(CustodyEvents.itemRead(parts.clock.now(), by,
          CustodyAction.ITEM_VIEWED, request.id(), id, rule, "still", still.sha256().hex(), why))));
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

  @Override
  public int runDueInspections(int maxItems) {
    liveness.check();
    if (maxItems < 1) {
      throw new EvidenceException(ErrorCode.INVALID_INPUT, "inspect at least one item per pass");
    }
    return parts.media.inspectDue(maxItems);
  }

  @Override
  public int pendingInspections() {
    liveness.check();
    return parts.media.waiting();
  }

}
