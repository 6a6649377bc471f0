package io.evidencekit.storage.s3;

import io.evidencekit.spi.BlobStore;
import io.evidencekit.tck.BlobStoreContract;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The blob store contract against a real S3 server (S3Proxy, in memory), for one key scheme. Each
 * scratch directory stands for a bucket of its own, so each store the kit asks for starts empty, and a
 * store reopened on the same scratch directory finds the same bucket. Parts of 5 MiB make the kit's
 * 64 MiB blob a multipart upload.
 */
abstract class S3ContractRun extends BlobStoreContract {
  private static S3ProxyServer server;

  private final Map<Path, String> buckets = new HashMap<>();

  /** How the store under test names large blobs. */
  protected abstract KeyScheme keyScheme();

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
        .keyScheme(keyScheme())
        .partSize(S3Settings.MIN_PART_SIZE)
        .copyPartSize(16 << 20)
        .parallelism(3)
        .build());
  }
}
