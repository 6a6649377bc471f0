package io.evidencekit.spi;

/** The platform's identifier of one recording within a consultation; unique within that consultation. */
public record RecordingId(String value) {
  public RecordingId {
    VideoChecks.line(value, "recording id", 128);
  }

  @Override
  public String toString() {
    return value;
  }
}
