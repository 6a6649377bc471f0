package io.evidencekit.core.ingest;

import io.evidencekit.api.Actor;
import io.evidencekit.api.ByteRange;
import io.evidencekit.api.CustodyAction;
import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.core.custody.CustodyEvents;
import io.evidencekit.core.custody.CustodyLog;
import io.evidencekit.core.custody.PendingEvent;
import io.evidencekit.core.internal.Database;
import io.evidencekit.core.internal.EngineClock;
import io.evidencekit.spi.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * Opens an item's bytes. A whole-item read is verified against the SHA-256 recorded at receipt as it
 * streams (a mismatch is an INTEGRITY_FAILURE and a custody event); a range read cannot be verified on
 * its own and is served as stored. Engine-internal; thread-safe.
 */
public final class ItemReader {
  private static final Actor INTEGRITY = new Actor.SystemActor("integrity-check");

  private final BlobStore store;
  private final Database db;
  private final EngineClock clock;
  private final CustodyLog custody;

  public ItemReader(BlobStore store, Database db, EngineClock clock, CustodyLog custody) {
    this.store = store;
    this.db = db;
    this.clock = clock;
    this.custody = custody;
  }

  /** Opens the bytes; the caller closes the stream. */
  public InputStream open(SubmissionStore.StoredItem stored, ByteRange range) {
    try {
      InputStream raw = store.open(stored.blob(), range);
      if (!range.isAll()) {
        return raw;
      }
      return new VerifyingInputStream(raw, stored.item().sha256(), stored.item().size(), () -> recordMismatch(stored));
    } catch (IOException e) {
      throw new EvidenceException(ErrorCode.STORAGE_FAILURE, "the evidence store could not be read", e);
    }
  }

  private void recordMismatch(SubmissionStore.StoredItem stored) {
    db.inTransaction(h -> custody.append(h, List.of(CustodyEvents.integrityFailure(clock.now(), INTEGRITY,
        stored.item().requestId(), stored.item().id(), stored.item().sha256().hex(), stored.blob().value()))));
  }
}
