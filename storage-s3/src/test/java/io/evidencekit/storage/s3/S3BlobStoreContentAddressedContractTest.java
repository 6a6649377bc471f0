package io.evidencekit.storage.s3;

import org.junit.jupiter.api.DisplayName;

/**
 * The contract with {@link KeyScheme#CONTENT_ADDRESSED}, which declares (and so is tested for)
 * {@code DEDUPLICATES}: the kit's large blob becomes a staging upload and a multipart copy.
 */
@DisplayName("S3BlobStore, content-addressed, against S3Proxy")
class S3BlobStoreContentAddressedContractTest extends S3ContractRun {
  @Override
  protected KeyScheme keyScheme() {
    return KeyScheme.CONTENT_ADDRESSED;
  }
}
