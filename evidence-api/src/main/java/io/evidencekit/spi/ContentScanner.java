package io.evidencekit.spi;

import java.io.InputStream;
import java.util.OptionalLong;

/**
 * Scans a stored item's bytes for malware. The engine calls it after an item is durably stored and
 * records each result, with the scanner's version, as a custody event; several scanners may be chained,
 * each recorded on its own. Evidence is never changed: a scanner only reads.
 *
 * <p>The rules every implementation keeps (each is checked by {@code ContentScannerContract} in
 * {@code evidence-tck}):
 *
 * <ol>
 *   <li><b>The caller owns the stream.</b> The caller opens {@code content} and closes it after
 *       {@link #scan} returns. The scanner reads it, never closes it, and keeps no reference to it
 *       after returning.
 *   <li><b>Clean means every byte.</b> {@code size} is the exact number of bytes the stream gives (the
 *       size recorded at receipt). A scanner answers {@link ScanResult.Clean} only when it read
 *       exactly {@code size} bytes, then the end of the stream, and its backend scanned all of them. A
 *       stream that fails, ends early or goes on past {@code size} is
 *       {@link ScanFailure#STREAM_FAILED} (or {@link ScanResult.Infected} if something was already
 *       detected); an empty item ({@code size} 0) is scanned like any other.
 *   <li><b>One failure channel.</b> {@code scan} never throws for a failure of the scanner, its
 *       backend or the stream: every such failure is a {@link ScanResult.CouldNotScan} with a
 *       {@link ScanFailure} reason. Only a caller's bug throws: a null argument
 *       ({@code NullPointerException}) or a negative size ({@code EvidenceException} with
 *       {@code INVALID_INPUT}).
 *   <li><b>Safe details.</b> A result's detail and signature names never contain the content, the
 *       caller's stream's exception message (it may name files or people) or credentials.
 *   <li><b>Bounded time.</b> When the backend stalls, {@code scan} returns {@link ScanFailure#TIMEOUT}
 *       within the scanner's configured timeouts. (Time spent blocked in the caller's own stream is
 *       the caller's.)
 *   <li><b>Too large is never clean.</b> Content over {@link #maxSize()}, when declared, is
 *       {@link ScanFailure#TOO_LARGE} without a byte being read; content the backend refuses or only
 *       partly scans for its size is {@code TOO_LARGE} too.
 *   <li><b>Versions.</b> {@link #name()} is stable; every result names it. A verdict (clean or
 *       infected) carries the known version that gave it, never a newer one than the signatures
 *       actually used, so a re-scan after a signature update is never wrongly skipped.
 *       {@link #version()} says which version would scan now, and answers an unknown version, not an
 *       exception, when the backend cannot be asked.
 *   <li><b>Infected names its signatures,</b> at least one.
 *   <li><b>Thread-safe.</b> {@code scan} and {@link #version()} may be called from many threads at once.
 *   <li><b>Closing.</b> {@link #close()} is idempotent and never throws. After it, {@code scan}
 *       answers {@link ScanFailure#SCANNER_UNAVAILABLE} without reading the stream; scans under way
 *       end with their result or a {@code CouldNotScan}, never a clean verdict on unread bytes.
 * </ol>
 */
public interface ContentScanner extends AutoCloseable {

  /** The scanner's stable name, e.g. {@code ClamAV}; the name in every {@link ScannerVersion} it reports. */
  String name();

  /**
   * Scans {@code size} bytes from {@code content}. Blocks until the verdict, a failure, or a timeout.
   *
   * @param content the item's bytes, opened by the caller, who also closes it
   * @param size the exact number of bytes in {@code content}
   * @return the verdict, or why there is none; never null
   */
  ScanResult scan(InputStream content, long size);

  /** The version that would scan now; {@link ScannerVersion#unknown} when the backend cannot say. */
  ScannerVersion version();

  /** The largest item this scanner accepts, when it knows one in advance. Default: none declared. */
  default OptionalLong maxSize() {
    return OptionalLong.empty();
  }

  /** Idempotent; never throws. */
  @Override
  default void close() {}
}
