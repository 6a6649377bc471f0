package io.evidencekit.spi;

/**
 * Something a source found but refuses to list as a consultation: a malformed manifest, a recording
 * whose bytes are missing, a file name that tries to leave the export directory. Nothing of it is
 * imported; it is reported on every listing until it is fixed or removed at the source.
 *
 * @param entry the source's own name for it (a manifest file name, a platform id), safe to show an operator
 * @param reason why, in plain words; never the entry's content or personal data
 */
public record RefusedEntry(String entry, String reason) {
  public RefusedEntry {
    VideoChecks.line(entry, "refused entry", 300);
    VideoChecks.line(reason, "refusal reason", 500);
  }
}
