package io.evidencekit.core.custody;

import io.evidencekit.api.Actor;
import io.evidencekit.api.CustodyAction;
import io.evidencekit.api.ItemId;
import io.evidencekit.api.RequestId;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** An event about to be appended; its sequence number is assigned by the log. */
public record PendingEvent(
    Instant at,
    Actor actor,
    CustodyAction action,
    Optional<RequestId> requestId,
    Optional<ItemId> itemId,
    Optional<String> reason,
    Map<String, String> details) {
  public PendingEvent {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(itemId, "itemId");
    Objects.requireNonNull(reason, "reason");
    details = Map.copyOf(details);
  }

  public static PendingEvent about(Instant at, Actor actor, CustodyAction action, RequestId request,
      Map<String, String> details) {
    return new PendingEvent(at, actor, action, Optional.of(request), Optional.empty(), Optional.empty(), details);
  }

  public PendingEvent withItem(ItemId item) {
    return new PendingEvent(at, actor, action, requestId, Optional.of(item), reason, details);
  }

  public PendingEvent withReason(String why) {
    return new PendingEvent(at, actor, action, requestId, itemId, Optional.of(why), details);
  }
}
