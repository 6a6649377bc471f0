package io.evidencekit.core.testing;

import io.evidencekit.spi.BlobStore;
import io.evidencekit.tck.BlobStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;

/**
 * {@link MemoryBlobStore#writingInPlace()} names every blob uniquely, as an object store writing in place
 * does, and keeps the same contract. A store in memory does not outlive its object, so the kit's scratch
 * directory only keeps stores apart.
 */
@DisplayName("MemoryBlobStore writing in place keeps the BlobStore contract")
class MemoryBlobStoreInPlaceContractTest extends BlobStoreContract {

  @Override
  protected BlobStore newStore(Path scratch) {
    return MemoryBlobStore.writingInPlace();
  }

  @Override
  protected long largeBlobSize() {
    return 8L << 20; // held in memory: the kit's 64 MiB would only measure the heap
  }
}
