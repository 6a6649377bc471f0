package io.evidencekit.api;

/** The outcome of a short test decode of a recording's first and last seconds. */
public enum DecodeCheck {
  /** Both ends decoded without an error. */
  DECODES,
  /** The decoder reported an error at the start or the end: the file is damaged or cut short. */
  FAILS,
  /** Not tried: the file has no audio or video stream, or the inspector does not test decoding. */
  NOT_TESTED
}
