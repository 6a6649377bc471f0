package io.evidencekit.core;

import io.evidencekit.api.Actor;
import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.EvidenceRequest;
import io.evidencekit.api.ItemId;
import io.evidencekit.api.RequestId;
import io.evidencekit.core.custody.CustodyEvents;
import io.evidencekit.core.ingest.SubmissionStore;
import io.evidencekit.spi.AccessAction;
import java.util.List;
import java.util.function.BiFunction;
import org.jdbi.v3.core.Handle;

/**
 * An officer's view of what background work found about items (scan verdicts, media findings): the access
 * policy is asked ({@code VIEW_REQUEST}) and the view is recorded as a {@code REQUEST_VIEWED} event naming
 * {@code what}, in the transaction that reads it. Stateless apart from the engine's parts; thread-safe.
 */
final class RecordedViews {
  private final EngineParts parts;

  RecordedViews(EngineParts parts) {
    this.parts = parts;
  }

  /** One item's {@code what}, read by {@code read}. */
  <T> T ofItem(Actor.Officer by, ItemId item, String reason, String what,
      BiFunction<Handle, SubmissionStore.StoredItem, T> read) {
    String why = Reasons.require(reason);
    SubmissionStore.StoredItem stored = item(item);
    EvidenceRequest request = request(stored.item().requestId());
    parts.access.require(by, AccessAction.VIEW_REQUEST, request, why);
    return parts.db.inTransaction(h -> {
      parts.custody.append(h, List.of(CustodyEvents.requestViewed(parts.clock.now(), by, request.id(), what, why)));
      return read.apply(h, stored);
    });
  }

  /** The {@code what} of every item received for a request. */
  <T> List<T> ofRequest(Actor.Officer by, RequestId id, String reason, String what,
      BiFunction<Handle, SubmissionStore.StoredItem, T> read) {
    String why = Reasons.require(reason);
    EvidenceRequest request = request(id);
    parts.access.require(by, AccessAction.VIEW_REQUEST, request, why);
    return parts.db.inTransaction(h -> {
      parts.custody.append(h, List.of(CustodyEvents.requestViewed(parts.clock.now(), by, id, what, why)));
      return parts.submissionStore.forRequest(h, id).stream()
          .flatMap(s -> parts.submissionStore.items(h, s.id()).stream())
          .map(stored -> read.apply(h, stored))
          .toList();
    });
  }

  SubmissionStore.StoredItem item(ItemId id) {
    return parts.db.read(h -> parts.submissionStore.item(h, id))
        .orElseThrow(() -> new EvidenceException(ErrorCode.NOT_FOUND, "no such item"));
  }

  EvidenceRequest request(RequestId id) {
    return parts.db.read(h -> parts.requestStore.find(h, id))
        .orElseThrow(() -> new EvidenceException(ErrorCode.NOT_FOUND, "no such request"));
  }
}
