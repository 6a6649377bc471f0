package io.evidencekit.cluster;

import io.evidencekit.storage.s3.S3BlobStore;
import io.evidencekit.storage.s3.S3Settings;
import io.evidencekit.tck.tools.ExternalTool;
import io.evidencekit.tck.tools.RequiresTool;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The same cluster with nothing shared but PostgreSQL and an S3 bucket: S3Proxy runs as a process of its own
 * (on a directory), the nodes keep blobs in it ({@code S3BlobStore}) and stage resumable uploads in it
 * ({@code S3PartStaging}: one multipart upload per upload), each node with a local directory of its own for
 * form spills only. Files are sized so that S3's 5 MiB minimum part matters: one of 1.5 MiB (a tail, then
 * completed) and one of 5 MiB + 64 KiB (a full part and a short last one), sent in 1 MiB PATCHes, so every
 * PATCH but the last of each file leaves a tail object; 12 submitters keep it small for 2 cores.
 */
@RequiresTool(ExternalTool.HAPROXY)
@DisplayName("Three nodes behind haproxy on one PostgreSQL and one S3 bucket (S3Proxy in its own process)")
@Timeout(value = 420, unit = TimeUnit.SECONDS)
class S3ClusterTest extends ClusterTest {
  private static final String ACCESS_KEY = "cluster";
  private static final String SECRET_KEY = "secret-" + UUID.randomUUID();
  private static final String BUCKET = "evidence";

  @Override
  protected Workload workload() {
    return new Workload(12, List.of(3 << 19, (5 << 20) + (64 << 10)), 1 << 20);
  }

  @Override
  protected String nodeHeap() {
    return "-Xmx320m"; // a part buffer (5 MiB) per PATCH in progress
  }

  @Override
  protected Storage startStorage(Path dir) throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path logs = Path.of("target", "cluster-logs");
    Files.createDirectories(logs);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process s3 = new ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"), S3ProxyProcess.class.getName(), Integer.toString(port),
        dir.resolve("s3").toString(), ACCESS_KEY, SECRET_KEY)
        .redirectError(logs.resolve("s3proxy.log").toFile()).start();
    closeLater(s3::destroyForcibly);
    BufferedReader out = new BufferedReader(new InputStreamReader(s3.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    if (line == null || !line.startsWith("READY")) {
      throw new IllegalStateException("S3Proxy did not start; see target/cluster-logs/s3proxy.log");
    }
    URI endpoint = URI.create("http://127.0.0.1:" + port);
    try (S3Client client = S3Client.builder().endpointOverride(endpoint).region(Region.US_EAST_1).forcePathStyle(true)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
        .httpClient(UrlConnectionHttpClient.create()).build()) {
      client.createBucket(b -> b.bucket(BUCKET));
    }
    S3Settings settings = S3Settings.builder().endpoint(endpoint).region("us-east-1").bucket(BUCKET)
        .pathStyleAccess(true).credentials(ACCESS_KEY, SECRET_KEY).keyPrefix("evidence/")
        .partSize(S3Settings.MIN_PART_SIZE).maxAttempts(6).build();
    return new Storage(Map.of("storage", "s3", "s3Endpoint", endpoint.toString(), "s3Bucket", BUCKET,
        "s3AccessKey", ACCESS_KEY, "s3SecretKey", SECRET_KEY), new S3BlobStore(settings));
  }
}
