package io.evidencekit.core.ingest;

import io.evidencekit.spi.BlobId;
import io.evidencekit.spi.BlobStore;
import io.evidencekit.spi.StoreCapability;
import io.evidencekit.spi.StoredBlob;
import java.io.IOException;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps identical content stored once on a store that does not deduplicate itself (one that names blobs
 * by something other than their digest, such as an object store writing large blobs in place).
 *
 * <p>After a blob is committed, the item is recorded against an existing blob with the same SHA-256 and
 * size, if an earlier item has one, and the copy just written is deleted once that record is committed:
 * nothing references it yet, so deleting it is safe. Two identical uploads at the very same moment may
 * both keep their copy; that costs storage, never correctness. On a store declaring
 * {@link StoreCapability#DEDUPLICATES} this does nothing: the store returned the existing blob already.
 */
final class Deduplication {
  private static final Logger LOG = LoggerFactory.getLogger(Deduplication.class);

  private final BlobStore store;
  private final boolean active;

  Deduplication(BlobStore store) {
    this.store = store;
    this.active = !store.capabilities().contains(StoreCapability.DEDUPLICATES);
  }

  /** The blob to record for {@code fresh}: an earlier blob with the same content if there is one, else {@code fresh}. */
  StoredBlob blobToRecord(Handle h, StoredBlob fresh) {
    if (!active) {
      return fresh;
    }
    Optional<String> earlier = h.createQuery("""
            SELECT blob_id FROM evidence_item WHERE sha256 = :sha AND size_bytes = :size AND blob_id <> :fresh
            ORDER BY received_at, id""")
        .bind("sha", fresh.sha256().hex())
        .bind("size", fresh.size())
        .bind("fresh", fresh.id().value())
        .mapTo(String.class)
        .findFirst();
    return earlier.map(id -> new StoredBlob(new BlobId(id), fresh.size(), fresh.sha256()))
        .filter(this::stillStored)
        .orElse(fresh);
  }

  /** Called after the transaction that recorded {@code recorded} committed: drops {@code fresh} if it went unused. */
  void discardIfUnused(StoredBlob fresh, StoredBlob recorded) {
    if (fresh.id().equals(recorded.id())) {
      return;
    }
    try {
      store.delete(fresh.id());
    } catch (IOException | RuntimeException e) {
      // Unreferenced bytes cost storage only; the item is recorded against the earlier copy either way.
      LOG.warn("could not delete duplicate blob {} (content kept as {}): {}", fresh.id(), recorded.id(), e.toString());
    }
  }

  private boolean stillStored(StoredBlob earlier) {
    try {
      return store.exists(earlier.id());
    } catch (IOException | RuntimeException e) {
      return false; // when in doubt keep the fresh copy: a second copy is better than a missing one
    }
  }

  static Deduplication of(IngestPipeline pipeline) {
    return new Deduplication(pipeline.store());
  }
}
