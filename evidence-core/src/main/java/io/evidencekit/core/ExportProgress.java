package io.evidencekit.core;

/**
 * Hears an export's progress, for a progress bar. Called on the exporting thread; must not throw or block
 * for long. The default methods do nothing.
 */
public interface ExportProgress {
  /** Does nothing. */
  ExportProgress NONE = new ExportProgress() { };

  /** The export starts: {@code files} payload files, {@code bytes} payload bytes in all. */
  default void started(int files, long bytes) {
  }

  /** {@code bytesDone} payload bytes are written and verified so far (now and then, and after each file). */
  default void progress(long bytesDone) {
  }
}
