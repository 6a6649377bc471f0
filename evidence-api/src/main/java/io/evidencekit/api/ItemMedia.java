package io.evidencekit.api;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the engine's media inspector found in one item: derived data, kept in its own table and linked to
 * the item, never part of the evidence. Immutable.
 *
 * @param size the item's size in bytes
 * @param state where the item stands with the inspector
 * @param info the recording's facts, when {@link MediaState#INSPECTED}
 * @param tool the inspector and version that gave the result, e.g. {@code ffprobe 5.1.6}, once inspected
 * @param detail why it is not recognised or could not be inspected, one line, when it is not inspected
 * @param still the derived still image's SHA-256, when one was made
 * @param inspectedAt when the result was recorded
 */
public record ItemMedia(ItemId item, RequestId requestId, String submittedName, long size, MediaState state,
    Optional<MediaInfo> info, Optional<String> tool, Optional<String> detail, Optional<Sha256> still,
    Optional<Instant> inspectedAt) {
  public ItemMedia {
    Objects.requireNonNull(item, "item");
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(submittedName, "submittedName");
    Validate.nonNegative(size, "size");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(info, "info");
    if ((state == MediaState.INSPECTED) != info.isPresent()) {
      throw Validate.invalid("an inspected item, and only that, has media facts");
    }
    Objects.requireNonNull(tool, "tool");
    Objects.requireNonNull(detail, "detail");
    Objects.requireNonNull(still, "still");
    Objects.requireNonNull(inspectedAt, "inspectedAt");
  }

  /** The warnings for this item against the request's windows; see {@link MediaWarning#of}. */
  public List<MediaWarning> warnings(List<TimeWindow> windows) {
    return MediaWarning.of(size, state, info, windows);
  }
}
