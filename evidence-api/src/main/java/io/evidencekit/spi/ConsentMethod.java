package io.evidencekit.spi;

/** How the caller's consent to the recorded video call was taken. */
public enum ConsentMethod {
  /** Said aloud on the voice call, before the video link was sent. */
  SPOKEN_ON_CALL,
  /** Given in the platform's app or web page when joining. */
  IN_APP,
  /** Another way the platform records; the officer's note says which. */
  OTHER
}
