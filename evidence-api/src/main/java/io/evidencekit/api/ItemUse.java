package io.evidencekit.api;

/** Why an officer reads an item's bytes; recorded in the custody log. */
public enum ItemUse {
  /** Play or preview inside the host system. */
  VIEW,
  /** Take a copy out of the system. */
  DOWNLOAD
}
