package io.evidencekit.api;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One entry of the append-only custody log: who did what, when, to what, and why.
 *
 * @param sequence position in the log, from 0, without gaps
 * @param details facts of the act as text pairs, sorted by key (file name, size, hash, channel...)
 * @param bodyHash SHA-256 of the event's canonical body; the log commits to this, so a body can later be
 *     redacted without breaking proofs
 */
public record CustodyEvent(
    long sequence,
    Instant at,
    Actor actor,
    CustodyAction action,
    Optional<RequestId> requestId,
    Optional<ItemId> itemId,
    Optional<String> reason,
    Map<String, String> details,
    Sha256 bodyHash) {
  public CustodyEvent {
    Validate.nonNegative(sequence, "sequence");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(itemId, "itemId");
    Objects.requireNonNull(reason, "reason");
    details = Collections.unmodifiableSortedMap(new TreeMap<>(details));
    Objects.requireNonNull(bodyHash, "bodyHash");
  }
}
