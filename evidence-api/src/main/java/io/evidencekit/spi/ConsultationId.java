package io.evidencekit.spi;

/** The platform's identifier of one video consultation; stable for the life of the consultation at the source. */
public record ConsultationId(String value) {
  public ConsultationId {
    VideoChecks.line(value, "consultation id", 128);
  }

  @Override
  public String toString() {
    return value;
  }
}
