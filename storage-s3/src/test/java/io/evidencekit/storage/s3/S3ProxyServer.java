package io.evidencekit.storage.s3;

import java.net.URI;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 server in this JVM: S3Proxy on an in-memory store, bound to 127.0.0.1 on a free port, with
 * SigV4 authentication so the store's signing is exercised too. The backing store outlives
 * {@link #stop()}, so a test can take the server down and bring it back with its data.
 */
final class S3ProxyServer implements AutoCloseable {
  static final String ACCESS_KEY = "evidencekit-test";
  static final String SECRET_KEY = "test-secret-" + UUID.randomUUID();

  private final BlobStore backend;
  private S3Proxy proxy;
  private int port;

  private S3ProxyServer(BlobStore backend) throws Exception {
    this.backend = backend;
    this.proxy = newProxy(0);
    proxy.start();
    this.port = proxy.getPort();
  }

  static S3ProxyServer start() throws Exception {
    return start(UnaryOperator.identity());
  }

  /** A server whose backend is wrapped, e.g. to inject faults. */
  static S3ProxyServer start(UnaryOperator<BlobStore> wrapper) throws Exception {
    return new S3ProxyServer(wrapper.apply(new TransientNio2BlobStore()));
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  int port() {
    return port;
  }

  /**
   * Settings for a store on {@code bucket} of this server, ready for more options. Six attempts: S3Proxy
   * (Jetty) closes some connections after error answers, and the JDK's HTTP client keeps up to five
   * such connections per host in its JVM-wide keep-alive cache, finding them dead only when it writes a
   * body; the sixth attempt always gets a fresh connection.
   */
  S3Settings.Builder settings(String bucket) {
    return S3Settings.builder()
        .maxAttempts(6)
        .endpoint(endpoint())
        .region("us-east-1")
        .bucket(bucket)
        .pathStyleAccess(true)
        .credentials(ACCESS_KEY, SECRET_KEY);
  }

  /** An SDK client of its own, for the test to look behind the store's back. */
  S3Client client() {
    return client(endpoint());
  }

  static S3Client client(URI endpoint) {
    return S3Client.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .forcePathStyle(true)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  String newBucket() {
    String bucket = "test-" + UUID.randomUUID();
    try (S3Client client = client()) {
      client.createBucket(b -> b.bucket(bucket));
    }
    return bucket;
  }

  /** Stops answering; the data stays. */
  void stop() throws Exception {
    proxy.stop();
  }

  /** Answers again on the same port, with the same data. */
  void restart() throws Exception {
    proxy = newProxy(port);
    proxy.start();
  }

  @Override
  public void close() throws Exception {
    proxy.stop();
  }

  private S3Proxy newProxy(int onPort) {
    return S3Proxy.builder()
        .blobStore(backend)
        .endpoint(URI.create("http://127.0.0.1:" + onPort))
        .awsAuthentication(AuthenticationType.AWS_V4, ACCESS_KEY, SECRET_KEY)
        .build();
  }
}
