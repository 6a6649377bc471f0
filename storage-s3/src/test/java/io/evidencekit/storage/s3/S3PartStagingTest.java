package io.evidencekit.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.S3Object;

/** How S3PartStaging lays an upload out in the bucket (what the kit cannot see through the SPI). */
@DisplayName("S3PartStaging in the bucket")
class S3PartStagingTest {
  private static final int MIB = 1 << 20;
  private static S3ProxyServer server;

  @BeforeAll
  static void startServer() throws Exception {
    server = S3ProxyServer.start();
  }

  @AfterAll
  static void stopServer() throws Exception {
    server.close();
  }

  @Test
  @DisplayName("every part but the last is exactly 5 MiB, and bytes too few for a part are in a tail object before append returns")
  void partsAndTails() throws Exception {
    String bucket = server.newBucket();
    byte[] content = new byte[11 * MIB + 7];
    new Random(1).nextBytes(content);
    try (S3PartStaging staging = staging(bucket); S3Client client = server.client()) {
      staging.begin("up1", content.length, Map.of());
      assertThat(staging.append("up1", 0, new ByteArrayInputStream(content, 0, 7 * MIB))).isEqualTo(7 * MIB);
      assertThat(keys(client, bucket)).contains("e/staging/tus/up1/tail/2/" + String.format("%012d", 2 * MIB));
      assertThat(parts(client, bucket)).containsExactly((long) 5 * MIB);
      staging.append("up1", 7 * MIB, new ByteArrayInputStream(content, 7 * MIB, 4 * MIB));
      assertThat(parts(client, bucket)).containsExactly((long) 5 * MIB, (long) 5 * MIB);
      assertThat(keys(client, bucket)).filteredOn(k -> k.contains("/tail/"))
          .containsExactly("e/staging/tus/up1/tail/3/" + String.format("%012d", MIB));
      staging.append("up1", 11 * MIB, new ByteArrayInputStream(content, 11 * MIB, 7));
      assertThat(parts(client, bucket)).containsExactly((long) 5 * MIB, (long) 5 * MIB, (long) MIB + 7);
      assertThat(keys(client, bucket)).noneMatch(k -> k.contains("/tail/"));
      try (var in = staging.openWhole("up1")) {
        assertThat(in.readAllBytes()).isEqualTo(content);
      }
    }
  }

  @Test
  @DisplayName("an object beside a tail under another name (a server's temporary file) does not count towards the offset")
  void foreignNamesIgnored() throws Exception {
    String bucket = server.newBucket();
    try (S3PartStaging staging = staging(bucket); S3Client client = server.client()) {
      staging.begin("up2", 100, Map.of());
      staging.append("up2", 0, new ByteArrayInputStream(new byte[10]));
      String temporary = "e/staging/tus/up2/tail/1/" + String.format("%012d", 50) + "-6135ea87-481a";
      client.putObject(r -> r.bucket(bucket).key(temporary), RequestBody.fromBytes(new byte[50]));
      assertThat(staging.find("up2").orElseThrow().offset()).isEqualTo(10);
    }
  }

  @Test
  @DisplayName("aborting leaves no multipart upload and no object behind")
  void abortLeavesNothing() throws Exception {
    String bucket = server.newBucket();
    try (S3PartStaging staging = staging(bucket); S3Client client = server.client()) {
      staging.begin("up3", 8L * MIB, Map.of("a", "b"));
      staging.append("up3", 0, new ByteArrayInputStream(new byte[6 * MIB]));
      staging.abort("up3");
      assertThat(client.listMultipartUploads(r -> r.bucket(bucket)).uploads()).extracting(MultipartUpload::key).isEmpty();
      assertThat(keys(client, bucket)).isEmpty();
    }
  }

  private static S3PartStaging staging(String bucket) {
    return new S3PartStaging(server.settings(bucket).keyPrefix("e/").partSize(S3Settings.MIN_PART_SIZE).build());
  }

  private static List<String> keys(S3Client client, String bucket) {
    return client.listObjectsV2(r -> r.bucket(bucket)).contents().stream().map(S3Object::key).toList();
  }

  private static List<Long> parts(S3Client client, String bucket) {
    MultipartUpload upload = client.listMultipartUploads(r -> r.bucket(bucket)).uploads().get(0);
    return client.listParts(r -> r.bucket(bucket).key(upload.key()).uploadId(upload.uploadId())).parts().stream()
        .map(Part::size).toList();
  }
}
