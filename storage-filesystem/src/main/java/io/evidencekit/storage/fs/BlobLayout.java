package io.evidencekit.storage.fs;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.Sha256;
import io.evidencekit.spi.BlobId;
import java.nio.file.Path;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Where things live under the root: {@code sha256/ab/cd/<64 hex>} for blobs and {@code tmp/} for
 * writers in progress. Ids become paths only through {@link #blobPath(BlobId)}, which accepts nothing
 * but the exact id form this store issues, so no id can name a file outside the root.
 */
final class BlobLayout {
  private static final String ID_PREFIX = "sha256/";
  private static final Pattern ID = Pattern.compile("sha256/[0-9a-f]{64}");
  private static final Pattern TEMP_NAME =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\.part");

  private final Path root;
  private final Path blobs;
  private final Path temp;

  BlobLayout(Path root) {
    this.root = root.toAbsolutePath().normalize();
    this.blobs = this.root.resolve("sha256");
    this.temp = this.root.resolve("tmp");
  }

  Path root() {
    return root;
  }

  Path blobDirectory() {
    return blobs;
  }

  Path tempDirectory() {
    return temp;
  }

  BlobId idOf(Sha256 sha256) {
    return new BlobId(ID_PREFIX + sha256.hex());
  }

  Path blobPath(Sha256 sha256) {
    String hex = sha256.hex();
    return blobs.resolve(hex.substring(0, 2)).resolve(hex.substring(2, 4)).resolve(hex);
  }

  /** The file of a blob; {@code INVALID_INPUT} for any id this store could not have issued. */
  Path blobPath(BlobId id) {
    if (!ID.matcher(id.value()).matches()) {
      throw new EvidenceException(ErrorCode.INVALID_INPUT, "not a blob id of a filesystem blob store");
    }
    return blobPath(new Sha256(id.value().substring(ID_PREFIX.length())));
  }

  /** A fresh name in the temporary directory. Random UUIDs, so engines sharing the root never collide. */
  Path newTempFile() {
    return temp.resolve(UUID.randomUUID() + ".part");
  }

  /** Whether a file in the temporary directory was named by {@link #newTempFile}; other files are not ours to sweep. */
  static boolean isTempName(Path file) {
    return TEMP_NAME.matcher(file.getFileName().toString()).matches();
  }
}
