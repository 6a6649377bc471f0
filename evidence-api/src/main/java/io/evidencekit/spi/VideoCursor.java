package io.evidencekit.spi;

/**
 * A position in a {@link VideoSource}'s listing of completed consultations. Opaque to the caller, who
 * stores it and hands it back; the source that issued it (or a new instance over the same platform,
 * after a restart) understands it. Never holds credentials or personal data.
 */
public record VideoCursor(String value) {
  public VideoCursor {
    VideoChecks.line(value, "video cursor", 1024);
  }

  @Override
  public String toString() {
    return value;
  }
}
