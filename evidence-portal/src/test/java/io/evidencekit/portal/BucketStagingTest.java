package io.evidencekit.portal;

import static org.assertj.core.api.Assertions.assertThat;

import io.evidencekit.api.Limits;
import io.evidencekit.api.SubmissionId;
import io.evidencekit.storage.s3.S3PartStaging;
import io.evidencekit.storage.s3.S3Settings;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Resumable uploads staged in an S3 bucket (S3Proxy, in this JVM) by two portals that share nothing else:
 * each has a staging directory of its own, and both serve the same engine, as two nodes on one database do.
 */
@DisplayName("tus uploads staged in an S3 bucket")
class BucketStagingTest {
  private static final String KEY = "portal-test";
  private static final String SECRET = "secret-" + UUID.randomUUID();
  private static final int MIB = 1 << 20;

  @TempDir
  Path dir;
  S3Proxy s3;
  S3Client client;
  String bucket;
  S3PartStaging firstParts;
  S3PartStaging secondParts;
  PortalFixture portal;
  PortalServer second;

  @BeforeEach
  void start() throws Exception {
    s3 = S3Proxy.builder().blobStore(new TransientNio2BlobStore()).endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V4, KEY, SECRET).build();
    s3.start();
    URI endpoint = URI.create("http://127.0.0.1:" + s3.getPort());
    client = S3Client.builder().endpointOverride(endpoint).region(Region.US_EAST_1).forcePathStyle(true)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY, SECRET)))
        .httpClient(UrlConnectionHttpClient.create()).build();
    bucket = "staging-" + UUID.randomUUID();
    client.createBucket(b -> b.bucket(bucket));
    S3Settings settings = S3Settings.builder().endpoint(endpoint).region("us-east-1").bucket(bucket)
        .pathStyleAccess(true).credentials(KEY, SECRET).keyPrefix("evidence/").partSize(S3Settings.MIN_PART_SIZE)
        .maxAttempts(6).build();
    firstParts = new S3PartStaging(settings);
    secondParts = new S3PartStaging(settings);
    portal = new PortalFixture(dir.resolve("one"), new Limits(5, 20L * MIB, 40L * MIB), b -> b.staging(firstParts));
    second = PortalServer.builder(portal.engine.publicSide()).host("127.0.0.1").port(0)
        .stagingDirectory(dir.resolve("two").resolve("staging")).staging(secondParts).clock(portal.clock).build().start();
  }

  @AfterEach
  void stop() throws Exception {
    second.close();
    portal.close();
    firstParts.close();
    secondParts.close();
    client.close();
    s3.stop();
  }

  @Test
  @DisplayName("a 12 MiB upload sent in 1 MiB PATCHes alternating between two nodes completes, each node's HEAD never behind what the other acknowledged, and is recorded once")
  void resumesAcrossNodes() throws Exception {
    byte[] content = new byte[12 * MIB + 5];
    new Random(16).nextBytes(content);
    SubmissionId submission = portal.engine.publicSide().startSubmission(portal.token());
    TusRequests tus = new TusRequests(portal);
    URI here = tus.location(tus.create(submission.toString(), content.length, "door.mp4"));
    URI there = second.uri().resolve(here.getPath());
    URI[] nodes = {here, there};
    long at = 0;
    int turn = 0;
    HttpResponse<String> last = null;
    while (at < content.length) {
      int n = (int) Math.min(MIB, content.length - at);
      byte[] chunk = java.util.Arrays.copyOfRange(content, (int) at, (int) at + n);
      last = tus.patch(nodes[turn % 2], at, chunk);
      assertThat(last.statusCode()).as("PATCH at %d", at).isEqualTo(204);
      long acknowledged = Long.parseLong(last.headers().firstValue("Upload-Offset").orElseThrow());
      assertThat(acknowledged).isEqualTo(at + n);
      turn++;
      if (acknowledged < content.length) {
        assertThat(tus.offset(nodes[turn % 2])).as("the other node's HEAD").isEqualTo(acknowledged);
      }
      at = acknowledged;
    }
    String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    assertThat(last.headers().firstValue("Evidence-Sha256")).contains(sha256);
    String item = last.headers().firstValue("Evidence-Item").orElseThrow();

    // The client repeats its last PATCH through the other node (it never saw the answer): the same item.
    HttpResponse<String> again = tus.patch(nodes[turn % 2], content.length, new byte[0]);
    assertThat(again.statusCode()).isEqualTo(204);
    assertThat(again.headers().firstValue("Evidence-Item")).contains(item);
    assertThat(portal.engine.publicSide().draftItems(portal.token(), submission)).singleElement()
        .satisfies(i -> assertThat(i.sha256().hex()).isEqualTo(sha256));
    // The parts and tails are gone; only the upload's record (meta, done) stays until it expires.
    assertThat(client.listMultipartUploads(r -> r.bucket(bucket)).uploads()).isEmpty();
    assertThat(keys("evidence/staging/")).allMatch(k -> k.endsWith("/meta") || k.endsWith("/done"));
  }

  @Test
  @DisplayName("an upload terminated through one node is gone for the other, its multipart upload aborted and its tail deleted")
  void terminationAbortsTheMultipartUpload() throws Exception {
    SubmissionId submission = portal.engine.publicSide().startSubmission(portal.token());
    TusRequests tus = new TusRequests(portal);
    URI here = tus.location(tus.create(submission.toString(), 8L * MIB, "door.mp4"));
    assertThat(tus.patch(here, 0, new byte[6 * MIB]).statusCode()).isEqualTo(204); // one part and a tail
    assertThat(keys("evidence/staging/")).anyMatch(k -> k.contains("/tail/"));
    URI there = second.uri().resolve(here.getPath());
    assertThat(tus.delete(there).statusCode()).isEqualTo(204);
    assertThat(tus.head(here).statusCode()).isEqualTo(404);
    assertThat(client.listMultipartUploads(r -> r.bucket(bucket)).uploads()).isEmpty();
    assertThat(keys("evidence/staging/")).isEmpty();
    assertThat(portal.engine.publicSide().draftItems(portal.token(), submission)).isEmpty();
  }

  @Test
  @DisplayName("an expired upload answers 410 and is removed from the bucket, multipart upload and all")
  void expiredUploadIsAborted() throws Exception {
    SubmissionId submission = portal.engine.publicSide().startSubmission(portal.token());
    TusRequests tus = new TusRequests(portal);
    URI here = tus.location(tus.create(submission.toString(), 4L * MIB, "door.mp4"));
    assertThat(tus.patch(here, 0, new byte[MIB]).statusCode()).isEqualTo(204);
    portal.clock.advance(Duration.ofDays(1).plusSeconds(1));
    assertThat(tus.head(second.uri().resolve(here.getPath())).statusCode()).isEqualTo(410);
    assertThat(client.listMultipartUploads(r -> r.bucket(bucket)).uploads()).isEmpty();
    assertThat(keys("evidence/staging/")).isEmpty();
  }

  private List<String> keys(String prefix) {
    return client.listObjectsV2(r -> r.bucket(bucket).prefix(prefix)).contents().stream().map(S3Object::key).toList();
  }
}
