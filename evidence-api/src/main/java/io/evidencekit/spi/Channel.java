package io.evidencekit.spi;

/** How a message reaches someone. */
public enum Channel {
  EMAIL,
  SMS
}
