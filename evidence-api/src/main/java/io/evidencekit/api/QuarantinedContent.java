package io.evidencekit.api;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * The bytes of an item that is not known to be clean, released to an officer by an explicit override
 * ({@link Scanning#openQuarantined}). They are the bytes exactly as received; serve them only as
 * {@link #CONTENT_TYPE} (never the type the submitter claimed, never rendered or run) and show the
 * officer {@link #scan()} beside them. The caller closes it (closing closes the stream); not thread-safe.
 *
 * @param scan why the item is quarantined (or not yet scanned), for the warning the host shows
 */
public record QuarantinedContent(InputStream content, String contentType, ItemScan scan) implements AutoCloseable {
  /** The only type quarantined bytes are served as: opaque, so no browser or player interprets them. */
  public static final String CONTENT_TYPE = "application/octet-stream";

  public QuarantinedContent {
    Objects.requireNonNull(content, "content");
    if (!CONTENT_TYPE.equals(contentType)) {
      throw new EvidenceException(ErrorCode.INVALID_INPUT, "quarantined bytes are served only as " + CONTENT_TYPE);
    }
    Objects.requireNonNull(scan, "scan");
  }

  /**
   * A one-line English warning built from {@link #scan()}, for logs and simple hosts; hosts with their
   * own wording render {@code scan()} themselves.
   */
  public String warning() {
    return switch (scan.state()) {
      case INFECTED -> "WARNING: malware detected (" + String.join(", ", scan.detections())
          + "). Do not open or run this file outside an isolated analysis environment.";
      case COULD_NOT_SCAN -> "WARNING: this file could not be scanned for malware ("
          + scan.problem().orElse("no verdict") + "). Treat it as unsafe.";
      case PENDING -> "WARNING: this file has not been scanned for malware yet. Treat it as unsafe.";
      case CLEAN -> "This file was scanned and nothing was detected.";
    };
  }

  @Override
  public void close() throws IOException {
    content.close();
  }
}
