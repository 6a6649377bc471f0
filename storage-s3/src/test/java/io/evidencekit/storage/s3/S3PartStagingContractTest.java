package io.evidencekit.storage.s3;

import io.evidencekit.spi.PartStaging;
import io.evidencekit.tck.PartStagingContract;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;

/**
 * The part-staging contract against a real S3 server (S3Proxy, in memory) with S3's smallest part, 5 MiB:
 * each scratch directory stands for a bucket of its own, and reopening it is another node on that bucket.
 */
@DisplayName("S3PartStaging")
class S3PartStagingContractTest extends PartStagingContract {
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
  protected PartStaging newStaging(Path scratch) {
    String bucket = buckets.computeIfAbsent(scratch, s -> server.newBucket());
    return new S3PartStaging(server.settings(bucket).keyPrefix("evidence/").partSize(S3Settings.MIN_PART_SIZE).build());
  }
}
