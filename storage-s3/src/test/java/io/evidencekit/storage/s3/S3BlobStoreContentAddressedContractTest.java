package io.evidencekit.storage.s3;

import io.evidencekit.spi.BlobStore;
import io.evidencekit.tck.BlobStoreContract;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;

/**
 * The blob store contract with {@link KeyScheme#CONTENT_ADDRESSED}, which declares (and so is tested for)
 * {@code DEDUPLICATES}; parts of 5 MiB make the kit's large blob a staging upload and a multipart copy.
 */
@DisplayName("S3BlobStore, content-addressed, against S3Proxy")
class S3BlobStoreContentAddressedContractTest extends BlobStoreContract {
  private static S3ProxyServer server;

  private final Map<Path, String> buckets = new HashMap<>();

  @BeforeAll
  static void startServer() throws Exception {
    server = S3ProxyServer.start();
  }

  @AfterAll
  static void stopServer() throws Exception {
    server.close();
  }

  @Override
  protected BlobStore newStore(Path scratch) {
    String bucket = buckets.computeIfAbsent(scratch, s -> server.newBucket());
    return new S3BlobStore(server.settings(bucket)
        .keyPrefix("evidence/")
        .keyScheme(KeyScheme.CONTENT_ADDRESSED)
        .partSize(S3Settings.MIN_PART_SIZE)
        .copyPartSize(16 << 20)
        .parallelism(3)
        .build());
  }
}
