package io.evidencekit.scan.clamav;

import io.evidencekit.spi.ScanFailure;
import io.evidencekit.spi.ScanResult;
import io.evidencekit.spi.ScannerVersion;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads clamd's answers. Pure functions of the bytes clamd sent, so every answer clamd can give is
 * tested without a clamd.
 *
 * <p>Answers to {@code z} commands end in a NUL byte. To {@code zINSTREAM} clamd answers
 * {@code stream: OK}, {@code stream: <name> FOUND} (once per match with {@code AllMatchScan}), or a
 * text ending in {@code ERROR}, e.g. {@code INSTREAM size limit exceeded. ERROR}.
 */
final class ClamdReplies {
  static final String NAME = "ClamAV";

  private static final Pattern VERSION = Pattern.compile("ClamAV ([0-9A-Za-z.+~_-]{1,64})(?:/([0-9]{1,20})(?:/.*)?)?");
  private static final Pattern FOUND = Pattern.compile("stream: (.+) FOUND");
  private static final String SIZE_LIMIT = "size limit exceeded";
  /** Reported with {@code AlertExceedsMax yes} when clamd stopped scanning at one of its limits. */
  private static final String LIMITS_EXCEEDED = "Heuristics.Limits.Exceeded";
  /** Reported with {@code AlertEncrypted yes} (or the archive/document variants). */
  private static final String ENCRYPTED = "Heuristics.Encrypted";

  private ClamdReplies() {}

  /** The version in a {@code VERSION} answer, e.g. {@code ClamAV 1.4.6/27500/Mon Dec  1 09:28:00 2026}. */
  static Optional<ScannerVersion> version(byte[] reply) {
    List<String> parts = parts(reply);
    if (parts.size() != 1) {
      return Optional.empty();
    }
    Matcher m = VERSION.matcher(parts.get(0));
    if (!m.matches()) {
      return Optional.empty();
    }
    return Optional.of(m.group(2) == null ? ScannerVersion.of(NAME, m.group(1)) : ScannerVersion.of(NAME, m.group(1), m.group(2)));
  }

  /**
   * The result of an {@code INSTREAM} answer.
   *
   * @param streamComplete whether every byte and the terminating empty chunk were sent: only then can
   *     {@code OK} mean clean
   */
  static ScanResult verdict(ScannerVersion version, byte[] reply, boolean streamComplete) {
    List<String> parts = parts(reply);
    if (parts.isEmpty()) {
      return ScanResult.couldNotScan(version, ScanFailure.SCANNER_UNAVAILABLE,
          streamComplete ? "clamd closed the connection without a verdict" : "clamd closed the connection during the scan");
    }
    List<String> signatures = new ArrayList<>();
    List<String> limits = new ArrayList<>();
    List<String> encrypted = new ArrayList<>();
    String error = null;
    boolean ok = false;
    for (String part : parts) {
      Matcher found = FOUND.matcher(part);
      if (part.endsWith("ERROR")) {
        error = error == null ? part : error;
      } else if (found.matches() && found.group(1).chars().anyMatch(c -> c > 0x20 && c < 0x7f)) {
        String name = found.group(1).strip();
        (name.startsWith(LIMITS_EXCEEDED) ? limits : name.startsWith(ENCRYPTED) ? encrypted : signatures).add(name);
      } else if (part.equals("stream: OK")) {
        ok = true;
      } else {
        return ScanResult.couldNotScan(version, ScanFailure.ERROR, "unexpected answer from clamd: " + part);
      }
    }
    // A real detection wins over everything else: it is a fact about the bytes, and quarantining
    // is the safe side of any doubt.
    if (!signatures.isEmpty()) {
      return ScanResult.infected(version, signatures);
    }
    if (error != null) {
      return ScanResult.couldNotScan(version, error.contains(SIZE_LIMIT) ? ScanFailure.TOO_LARGE : ScanFailure.ERROR,
          "clamd: " + error);
    }
    if (!limits.isEmpty()) {
      return ScanResult.couldNotScan(version, ScanFailure.TOO_LARGE, "clamd stopped at one of its limits: " + limits.get(0));
    }
    if (!encrypted.isEmpty()) {
      return ScanResult.couldNotScan(version, ScanFailure.ENCRYPTED, "encrypted content: " + encrypted.get(0));
    }
    if (ok && streamComplete) {
      return ScanResult.clean(version);
    }
    return ScanResult.couldNotScan(version, ScanFailure.ERROR, "clamd answered OK to a stream it did not receive whole");
  }

  /** The NUL- (or newline-) terminated answers in {@code reply}, without empty ones. */
  private static List<String> parts(byte[] reply) {
    // ISO-8859-1 maps every byte to a char, so nothing clamd sends can make decoding fail.
    String text = new String(reply, StandardCharsets.ISO_8859_1);
    List<String> parts = new ArrayList<>();
    for (String part : text.split("[\0\n]")) {
      if (!part.isBlank()) {
        parts.add(part.strip());
      }
    }
    return parts;
  }
}
