package io.evidencekit.core.testing;

import io.evidencekit.spi.ContentScanner;
import io.evidencekit.spi.ScanFailure;
import io.evidencekit.spi.ScanResult;
import io.evidencekit.spi.ScannerVersion;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A scanner written for the tests: reads the whole item and reports every marker it finds in the text as
 * a signature. Its signature set (markers and version) can be updated, as a signature download would, and
 * its backend switched "down". Counts scans per item content. Thread-safe.
 */
public final class MarkerScanner implements ContentScanner {
  private record Signatures(String version, Map<String, String> markers) {}

  private final String name;
  private final AtomicReference<Signatures> signatures;
  private final AtomicBoolean down = new AtomicBoolean();
  private final AtomicInteger scans = new AtomicInteger();
  private final Map<String, Integer> scansByContent = new ConcurrentHashMap<>();

  /** {@code markers}: text to find mapped to the signature name reported. */
  public MarkerScanner(String name, String version, Map<String, String> markers) {
    this.name = name;
    this.signatures = new AtomicReference<>(new Signatures(version, Map.copyOf(markers)));
  }

  /** The usual test scanner: {@code MALWARE} is reported as {@code Test.Malware}, version 1. */
  public static MarkerScanner standard() {
    return new MarkerScanner("Marker", "1", Map.of("MALWARE", "Test.Malware"));
  }

  /** A signature update: new markers under a new version. */
  public void update(String version, Map<String, String> markers) {
    signatures.set(new Signatures(version, Map.copyOf(markers)));
  }

  public void down(boolean isDown) {
    down.set(isDown);
  }

  /** Scans run so far (with a verdict or not). */
  public int scans() {
    return scans.get();
  }

  /** Scans run so far of items with this exact text. */
  public int scansOf(String content) {
    return scansByContent.getOrDefault(content, 0);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public ScanResult scan(InputStream content, long size) {
    scans.incrementAndGet();
    Signatures s = signatures.get();
    ScannerVersion version = ScannerVersion.of(name, "1.0", s.version());
    if (down.get()) {
      return ScanResult.couldNotScan(ScannerVersion.unknown(name), ScanFailure.SCANNER_UNAVAILABLE, "backend down");
    }
    String text;
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      content.transferTo(out);
      if (out.size() != size) {
        return ScanResult.couldNotScan(version, ScanFailure.STREAM_FAILED, "the stream had another length");
      }
      text = out.toString(StandardCharsets.UTF_8);
    } catch (IOException e) {
      return ScanResult.couldNotScan(version, ScanFailure.STREAM_FAILED, "the stream failed");
    }
    scansByContent.merge(text, 1, Integer::sum);
    List<String> found = s.markers().entrySet().stream().filter(e -> text.contains(e.getKey()))
        .map(Map.Entry::getValue).sorted().toList();
    return found.isEmpty() ? ScanResult.clean(version) : ScanResult.infected(version, found);
  }

  @Override
  public ScannerVersion version() {
    return down.get() ? ScannerVersion.unknown(name) : ScannerVersion.of(name, "1.0", signatures.get().version());
  }
}
