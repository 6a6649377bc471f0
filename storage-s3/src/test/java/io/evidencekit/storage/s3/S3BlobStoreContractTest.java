package io.evidencekit.storage.s3;

import org.junit.jupiter.api.DisplayName;

/** The contract with the default {@link KeyScheme#WRITE_IN_PLACE}: large blobs go straight to their final key. */
@DisplayName("S3BlobStore against S3Proxy")
class S3BlobStoreContractTest extends S3ContractRun {
  @Override
  protected KeyScheme keyScheme() {
    return KeyScheme.WRITE_IN_PLACE;
  }
}
