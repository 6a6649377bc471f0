package io.evidencekit.tck.crash;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The blobs a content-addressed store on a directory shows (as {@code FilesystemBlobStore} does: under
 * {@code sha256/ab/cd/}, each file named by the SHA-256 of its bytes). Checks that every one is whole (a
 * partial blob would hash to something else); a blob once checked is not read again, as published blobs
 * never change. Not thread-safe.
 */
public final class VisibleBlobs {
  private final Path root;
  private final Set<Path> checked = new HashSet<>();

  public VisibleBlobs(Path root) {
    this.root = root;
  }

  /** The names of the visible blobs whose content does not hash to their name. */
  public List<String> partial() throws IOException {
    Path blobs = root.resolve("sha256");
    if (!Files.isDirectory(blobs)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(blobs)) {
      return files.filter(Files::isRegularFile).filter(checked::add)
          .filter(f -> !sha256(f).equals(f.getFileName().toString()))
          .map(f -> f.getFileName().toString()).toList();
    }
  }

  /** Whether the blob with this SHA-256 is visible. */
  public boolean has(String sha256) {
    return Files.isRegularFile(root.resolve("sha256").resolve(sha256.substring(0, 2)).resolve(sha256.substring(2, 4))
        .resolve(sha256));
  }

  public static String sha256(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      int n;
      while ((n = in.read(buffer)) >= 0) {
        digest.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (IOException | NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
