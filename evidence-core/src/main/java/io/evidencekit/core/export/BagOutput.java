package io.evidencekit.core.export;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Where a bag's files go: a directory, or one zip stream. {@link BagWriter} writes each file once, in full,
 * through the stream {@link #create} returns and closes it before the next; nothing is read back. Not
 * thread-safe: one bag, one writer.
 */
public interface BagOutput extends java.io.Closeable {
  /**
   * A new file at {@code path} ('/'-separated, relative to the bag, already checked safe). Closing the
   * stream ends the file (a directory output forces it to disk first); it never closes the output.
   * {@code compressible} is a hint: payload (video) is written without compression.
   */
  OutputStream create(String path, boolean compressible) throws IOException;

  /** Ends the bag: every file durable (a directory and a zip file are forced to disk). Called once. */
  void finish() throws IOException;

  /**
   * Releases what the output holds (a zip file's channel) without finishing it; after {@link #finish} it
   * does nothing. A failed export's partial bag stays for the caller to remove. Idempotent.
   */
  @Override
  void close() throws IOException;

  /** Where the bag is, for the summary: its directory, zip file, or (for a caller's stream) its name in the zip. */
  String location();
}
