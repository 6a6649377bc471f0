package io.evidencekit.examples.bench;

import io.evidencekit.api.Actor;
import io.evidencekit.api.EvidenceItem;
import io.evidencekit.api.EvidenceRequest;
import io.evidencekit.api.IssuedInvitation;
import io.evidencekit.api.NewEvidenceRequest;
import io.evidencekit.api.Recipient;
import io.evidencekit.api.RequestingOfficer;
import io.evidencekit.api.EmailAddress;
import io.evidencekit.api.PhoneNumber;
import io.evidencekit.api.SubmissionId;
import io.evidencekit.core.EvidenceEngine;
import io.evidencekit.storage.s3.S3BlobStore;
import io.evidencekit.storage.s3.S3Settings;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Ingest into S3 against a plain SDK {@code putObject} of the same file to the same server, in the same
 * run. Not a test: a main (see README "Ingest speed"). The server is S3Proxy in this JVM on a
 * filesystem backend under target/, so both sides pay the same server costs.
 *
 * <p>Ours is the whole engine path: {@code engine.addFile} through a link on embedded H2 and an
 * {@link S3BlobStore} with its defaults: SHA-256 in the same pass and, the size being declared, one
 * conditional streaming PutObject to a unique key carrying an SHA-256 checksum trailer that the server
 * verifies. The baseline is one
 * {@code putObject(RequestBody.fromFile)} (the SDK also computes its default checksum). Best of
 * ROUNDS each, alternating. The last line is {@code s3_ratio=<ours / baseline>}.
 *
 * <p>Arguments: {@code SIZE_MIB [ROUNDS]}, default {@code 512 3}.
 */
public final class S3IngestBenchmark {
  private static final String KEY = "bench";
  private static final String SECRET = "bench-secret";

  private S3IngestBenchmark() {}

  public static void main(String[] args) throws Exception {
    long size = (args.length > 0 ? Long.parseLong(args[0]) : 512) << 20;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    Path work = Path.of("target", "bench-s3").toAbsolutePath();
    deleteTree(work);
    Files.createDirectories(work.resolve("server"));
    Path input = work.resolve("input.bin");
    generate(input, size);

    S3Proxy proxy = S3Proxy.builder()
        .blobStore(new FilesystemNio2BlobStore(work.resolve("server").toString()))
        .endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V4, KEY, SECRET)
        .build();
    proxy.start();
    URI endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
    try (S3Client client = S3Client.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
        .forcePathStyle(true).httpClient(UrlConnectionHttpClient.create())
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY, SECRET))).build()) {
      double bestPlain = Double.MAX_VALUE;
      double bestOurs = Double.MAX_VALUE;
      System.out.printf(Locale.ROOT, "file %s: %d MiB, %d rounds, S3Proxy at %s%n", input, size >> 20, rounds, endpoint);
      for (int round = 1; round <= rounds; round++) {
        String bucket = "round" + round;
        client.createBucket(b -> b.bucket(bucket + "-plain"));
        client.createBucket(b -> b.bucket(bucket + "-ours"));

        long t0 = System.nanoTime();
        client.putObject(b -> b.bucket(bucket + "-plain").key("input.bin"), RequestBody.fromFile(input));
        double plain = (System.nanoTime() - t0) / 1e9;
        bestPlain = Math.min(bestPlain, plain);

        double ours = ingest(endpoint, bucket + "-ours", input, work.resolve("db-" + round));
        bestOurs = Math.min(bestOurs, ours);
        System.out.printf(Locale.ROOT, "round %d: plain putObject %.2f s (%.0f MB/s), evidencekit ingest %.2f s (%.0f MB/s)%n",
            round, plain, size / plain / 1e6, ours, size / ours / 1e6);
      }
      System.out.printf(Locale.ROOT, "best: plain putObject %.2f s, evidencekit ingest %.2f s%n", bestPlain, bestOurs);
      System.out.printf(Locale.ROOT, "s3_ratio=%.3f%n", bestOurs / bestPlain);
    } finally {
      proxy.stop();
    }
  }

  private static double ingest(URI endpoint, String bucket, Path input, Path db) throws Exception {
    S3Settings settings = S3Settings.builder().endpoint(endpoint).region("us-east-1").bucket(bucket)
        .pathStyleAccess(true).credentials(KEY, SECRET).maxAttempts(6).build();
    try (S3BlobStore store = new S3BlobStore(settings);
         EvidenceEngine engine = EvidenceEngine.builder().embeddedDatabase(db).blobStore(store).forceCode("46")
             .portalLinkBase(URI.create("http://127.0.0.1/r/")).manualDelivery().build()) {
      Actor.Officer officer = Actor.Officer.of("pc-1", "Wright, D.");
      EvidenceRequest request = engine.officers().createRequest(officer, new NewEvidenceRequest("Benchmark", "Benchmark ingest",
          new RequestingOfficer("pc-1", "Wright, D.", new EmailAddress("w@force.example"), new PhoneNumber("+441622690690")),
          Recipient.byEmail("D Smith", "d@example.org")));
      IssuedInvitation link = engine.officers().issueInvitation(officer, request.id(), "benchmark");
      SubmissionId submission = engine.publicSide().startSubmission(link.token());
      long t0 = System.nanoTime();
      EvidenceItem item;
      try (InputStream in = Files.newInputStream(input)) {
        // The size declared as a portal knows it (Content-Length, tus Upload-Length): one streaming PutObject.
        item = engine.publicSide().addFile(link.token(), submission, "input.bin", "application/octet-stream", in, Files.size(input));
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      if (item.size() != Files.size(input)) {
        throw new IllegalStateException("size mismatch");
      }
      return seconds;
    }
  }

  private static void generate(Path file, long size) throws Exception {
    SplittableRandom random = new SplittableRandom(42);
    byte[] block = new byte[1 << 20];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long written = 0; written < size; written += block.length) {
        for (int i = 0; i < block.length; i += 8) {
          long v = random.nextLong();
          for (int j = 0; j < 8; j++) {
            block[i + j] = (byte) (v >>> (8 * j));
          }
        }
        out.write(block, 0, (int) Math.min(block.length, size - written));
      }
    }
  }

  private static void deleteTree(Path dir) throws Exception {
    if (Files.exists(dir)) {
      try (Stream<Path> walk = Files.walk(dir)) {
        for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }
}
