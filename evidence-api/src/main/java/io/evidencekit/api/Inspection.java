package io.evidencekit.api;

import java.io.InputStream;
import java.util.List;

/**
 * Media inspection: what each received file holds (duration, streams, embedded time, whether it decodes),
 * found by the engine's {@link io.evidencekit.spi.MediaInspector} after the item is durably stored. Every
 * item received is queued for inspection in the transaction that records it and inspected by the engine's
 * background work; an upload never waits for it, and the master copy is never touched (the inspector gets
 * a verified read-only copy). Results are derived data in their own table, linked to the item; a still
 * image is a derived blob, and each result is a custody event naming the tool and its version.
 *
 * <p>On an engine without an inspector ("inspection off", {@link #enabled()} false) items stay
 * {@link MediaState#PENDING}.
 *
 * <p>Officer methods ask the access policy and record the view, as {@link OfficerSide} does. Thread-safe;
 * every failure is an {@link EvidenceException}.
 */
public interface Inspection {

  /** Whether this engine has an inspector. */
  boolean enabled();

  /** One item's media facts; the look-up is a custody event (a view of its request). */
  ItemMedia media(Actor.Officer by, ItemId item, String reason);

  /**
   * The media facts of every item of a request (removed drafts excluded), in the order received, with
   * the request's time windows for the warnings ({@link ItemMedia#warnings}).
   */
  List<ItemMedia> mediaOfRequest(Actor.Officer by, RequestId request, String reason);

  /**
   * Opens an item's derived still image (JPEG or PNG). The read is a custody event. NOT_FOUND when the
   * item has none. The caller closes the stream.
   */
  InputStream openStill(Actor.Officer by, ItemId item, String reason);

  /**
   * Inspects up to {@code maxItems} due items on the calling thread and returns how many it took. Returns 0
   * at once when inspection is off. Waits for a pass of the engine's own background work to end first.
   */
  int runDueInspections(int maxItems);

  /** Items waiting to be inspected: due now, or waiting for a retry. */
  int pendingInspections();
}
