package io.evidencekit.api;

/**
 * Hears how an officer's ingest from disc or USB goes, for a progress bar. Called on the ingesting
 * thread; keep it quick. A listener that throws stops the ingest as a failure would (nothing of the
 * file in progress is recorded).
 */
public interface IngestListener {
  /** Does nothing. */
  IngestListener NONE = new IngestListener() {};

  /** The plan: how many files and bytes will be read (files already ingested are read again to check them). */
  default void started(int files, long totalBytes) {}

  /** A file is about to be read. */
  default void fileStarted(String relativePath, long size) {}

  /** Bytes read and hashed so far, over the whole ingest. */
  default void progress(long bytesDone) {}

  /** A file was stored and recorded, or found already ingested and skipped. */
  default void fileFinished(IngestedFile file) {}
}
