package io.evidencekit.api;

/** Where an item stands with the engine's media inspector. */
public enum MediaState {
  /** Not inspected yet: waiting in the inspection queue (or the engine has no inspector). */
  PENDING,
  /** Recognised as a recording; its facts are known. */
  INSPECTED,
  /**
   * Not a recognised video or audio format: an empty file, a document, or a CCTV system's own format
   * (which may need the player program its system exported with it). Not an error.
   */
  NOT_RECOGNISED,
  /** The inspector failed (timeout, tool missing) after every retry. Says nothing about the file. */
  COULD_NOT_INSPECT
}
