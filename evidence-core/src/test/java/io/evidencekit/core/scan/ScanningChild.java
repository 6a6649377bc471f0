package io.evidencekit.core.scan;

import io.evidencekit.core.EvidenceEngine;
import io.evidencekit.core.testing.MarkerScanner;
import io.evidencekit.core.testing.UrlDataSource;
import io.evidencekit.spi.ContentScanner;
import io.evidencekit.spi.ScanResult;
import io.evidencekit.spi.ScannerVersion;
import io.evidencekit.storage.fs.FilesystemBlobStore;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The child process of {@link ScanCrashTest}: opens the engine on the data directory and scans one item
 * per pass, printing {@code SCANNED} after each pass returns (its result recorded) and {@code BLOCKED} when
 * its scanner has read the item it will never finish (the {@code n}th scan). The parent kills it then.
 *
 * <p>Arguments: the blob directory, the database's JDBC URL and {@code n}.
 */
public final class ScanningChild {
  private ScanningChild() {}

  public static void main(String[] args) throws Exception {
    Path blobs = Path.of(args[0]);
    String jdbcUrl = args[1];
    int blockAt = Integer.parseInt(args[2]);
    PrintStream out = System.out;
    MarkerScanner marker = MarkerScanner.standard();
    AtomicInteger scans = new AtomicInteger();
    CountDownLatch never = new CountDownLatch(1);
    ContentScanner blocking = new ContentScanner() {
      @Override
      public String name() {
        return marker.name();
      }

      @Override
      public ScanResult scan(InputStream content, long size) {
        if (scans.incrementAndGet() == blockAt) {
          out.println("BLOCKED");
          out.flush();
          try {
            never.await(); // killed here, mid-scan, its claim held
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        return marker.scan(content, size);
      }

      @Override
      public ScannerVersion version() {
        return marker.version();
      }
    };
    EvidenceEngine engine = EvidenceEngine.builder()
        .dataSource(new UrlDataSource(jdbcUrl))
        .blobStore(new FilesystemBlobStore(blobs))
        .forceCode("46")
        .portalLinkBase(URI.create("https://evidence.kent.police.example/r/"))
        .manualDelivery()
        .manualScanning()
        .scanner(blocking)
        .build();
    while (engine.scanning().runDueScans(1) > 0) {
      out.println("SCANNED");
      out.flush();
    }
    out.println("DONE");
    out.flush();
  }
}
