package io.evidencekit.storage.fs;

import io.evidencekit.spi.BlobWriter;
import io.evidencekit.spi.StoredBlob;
import io.evidencekit.tck.blob.Blobs;
import io.evidencekit.tck.blob.SyntheticContent;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.MessageDigest;

/**
 * The child process of {@link CrashTest}: writes blobs into a store for ever and prints
 * {@code <blob id> <sha256> <size>} for each one only after its commit returned, that is only once the
 * store said it is durable. The parent kills it with SIGKILL at an arbitrary moment.
 *
 * <p>Arguments: the store's root directory and a seed.
 */
public final class CrashingWriter {
  private CrashingWriter() {}

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]);
    long seed = Long.parseLong(args[1]);
    PrintStream out = System.out;
    FilesystemBlobStore store = new FilesystemBlobStore(root);
    byte[] chunk = new byte[256 * 1024];
    for (long i = 0; ; i++) {
      SyntheticContent content = new SyntheticContent(seed + i);
      // 256 KiB to about 4 MiB, not a multiple of the chunk: the kill lands in writes, fsyncs and links alike.
      long size = 256 * 1024 + Math.floorMod(seed * 31 + i * 7919, 4L << 20);
      MessageDigest sha256 = Blobs.sha256Digest();
      try (BlobWriter writer = store.create()) {
        for (long offset = 0; offset < size; offset += chunk.length) {
          int n = (int) Math.min(chunk.length, size - offset);
          content.fill(offset, chunk, 0, n);
          sha256.update(chunk, 0, n);
          writer.write(chunk, 0, n);
        }
        StoredBlob blob = writer.commit(io.evidencekit.api.Sha256.of(sha256.digest()), size);
        out.println(blob.id().value() + " " + blob.sha256().hex() + " " + blob.size() + " " + (seed + i));
        out.flush();
      }
    }
  }
}
