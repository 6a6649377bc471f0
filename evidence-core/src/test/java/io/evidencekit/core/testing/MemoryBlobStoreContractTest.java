package io.evidencekit.core.testing;

import io.evidencekit.spi.BlobStore;
import io.evidencekit.tck.BlobStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;

/**
 * The engine's tests stand in for a real store with {@link MemoryBlobStore}: it keeps the same contract.
 * A store in memory does not outlive its object, so the kit's scratch directory only keeps stores apart.
 */
@DisplayName("MemoryBlobStore, content-addressed, keeps the BlobStore contract")
class MemoryBlobStoreContractTest extends BlobStoreContract {

  @Override
  protected BlobStore newStore(Path scratch) {
    return new MemoryBlobStore();
  }

  @Override
  protected long largeBlobSize() {
    return 8L << 20; // held in memory: the kit's 64 MiB would only measure the heap
  }
}
