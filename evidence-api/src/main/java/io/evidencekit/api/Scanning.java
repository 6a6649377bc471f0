package io.evidencekit.api;

import java.util.List;
import java.util.Map;

/**
 * Malware scanning and quarantine. Every item received (portal, officer ingest) is queued for scanning in
 * the same transaction that records it, and scanned afterwards by the engine's background work with every
 * configured {@link io.evidencekit.spi.ContentScanner}; an upload never waits for a scan. Each scanner's
 * result is a custody event. An item in which anything is detected is quarantined: kept byte for byte,
 * shown as {@link ScanState#INFECTED} in every listing, refused by {@link OfficerSide#openItem}
 * ({@link ErrorCode#ITEM_QUARANTINED}) and readable only through {@link #openQuarantined}.
 *
 * <p>On an engine without scanners ("scanning off", {@link #enabled()} false) items stay
 * {@link ScanState#PENDING} and {@code openItem} serves them as before; an infected item recorded by
 * another engine is still refused.
 *
 * <p>Officer methods ask the access policy and record the view, as {@link OfficerSide} does. Thread-safe;
 * every failure is an {@link EvidenceException}.
 */
public interface Scanning {

  /** Whether this engine has at least one scanner. */
  boolean enabled();

  /** One item's scan status; the look-up is a custody event (a view of its request). */
  ItemScan status(Actor.Officer by, ItemId item, String reason);

  /** The scan status of every item of a request (removed drafts excluded), in the order received. */
  List<ItemScan> statusOfRequest(Actor.Officer by, RequestId request, String reason);

  /**
   * Scans up to {@code maxItems} items that are due now, on the calling thread, and returns how many it
   * took (scanned, flagged or put back for a retry). Items claimed by another engine are skipped. Returns 0
   * at once when scanning is off. Waits for a pass of the engine's own background work to end first.
   */
  int runDueScans(int maxItems);

  /** Items waiting to be scanned: due now, or waiting for a retry. */
  int pendingScans();

  /** How many items (removed drafts excluded) are in each scan state, every state present. For operators. */
  Map<ScanState, Integer> itemsByState();

  /**
   * Queues every item that is not already quarantined for a new scan, for use after a signature update;
   * a scanner whose version has not changed since it last gave an item a verdict does not scan it again.
   * Returns how many items were queued; recorded as one custody event. CONFIGURATION when scanning is off.
   */
  int rescanAll();

  /**
   * The explicit override: opens an item that is not known to be clean (infected, could not be scanned, or
   * not scanned yet) for an officer the access policy allows to release quarantined evidence, with the
   * reason they give. The override and the read are custody events. The bytes come exactly as received,
   * only as {@code application/octet-stream} and with the scan status for the warning the host must show.
   * A clean item is refused with INVALID_INPUT (use {@link OfficerSide#openItem}).
   */
  QuarantinedContent openQuarantined(Actor.Officer by, ItemId item, ByteRange range, ItemUse use, String reason);
}
