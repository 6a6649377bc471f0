package io.evidencekit.cluster;

import java.net.URI;
import java.nio.file.Path;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

/**
 * S3Proxy as a process of its own, as an object store is to the nodes: on a directory (so what it
 * acknowledged is on disk), SigV4 authentication. S3Proxy's own main needs args4j, which the
 * build leaves out; this one takes its settings as arguments: {@code <port> <directory> <access key>
 * <secret key>}. Prints {@code READY} when serving; the test creates the bucket.
 */
public final class S3ProxyProcess {
  private S3ProxyProcess() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    Path directory = Path.of(args[1]);
    java.nio.file.Files.createDirectories(directory);
    S3Proxy proxy = S3Proxy.builder()
        .blobStore(new FilesystemNio2BlobStore(directory.toString()))
        .endpoint(URI.create("http://127.0.0.1:" + port))
        .awsAuthentication(AuthenticationType.AWS_V4, args[2], args[3])
        .build();
    proxy.start();
    System.out.println("READY " + proxy.getPort());
    System.out.flush();
    Thread.currentThread().join(); // until the test destroys the process
  }
}
