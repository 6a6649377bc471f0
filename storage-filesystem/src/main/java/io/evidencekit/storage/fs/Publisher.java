package io.evidencekit.storage.fs;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.Sha256;
import io.evidencekit.spi.StoredBlob;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Turns a finished, fsynced temporary file into a published blob without ever replacing one.
 *
 * <p>A hard link fails if the target exists, which makes publishing atomic and write-once even between
 * processes sharing the directory over NFS; a rename would silently replace the target on POSIX.
 */
final class Publisher {
  private static final int ATTEMPTS = 3;

  private final BlobLayout layout;
  /** Fan-out directories whose own entry in their parent is known to be durable. */
  private final Set<Path> durableDirectories = ConcurrentHashMap.newKeySet();

  Publisher(BlobLayout layout) {
    this.layout = layout;
  }

  /**
   * Publishes {@code temp} under its content address. Once linked the blob is complete and correct, so
   * if a later step (the directory sync) fails the blob stays visible while the commit reports failure
   * and the engine records nothing; a retry then finds it and returns it.
   */
  StoredBlob publish(Path temp, Sha256 sha256, long size) throws IOException {
    Path target = layout.blobPath(sha256);
    StoredBlob stored = new StoredBlob(layout.idOf(sha256), size, sha256);
    prepareDirectory(target.getParent());
    for (int attempt = 1; ; attempt++) {
      try {
        Files.createLink(target, temp);
      } catch (FileAlreadyExistsException alreadyStored) {
        Long existing = sizeIfPresent(target);
        if (existing == null && attempt < ATTEMPTS) {
          continue; // deleted between our link and our look: publish ours after all
        }
        if (existing == null || existing != size) {
          throw new EvidenceException(ErrorCode.INTEGRITY_FAILURE,
              "blob " + stored.id() + " is already stored with another size; it was left untouched");
        }
        FileOps.deleteQuietly(temp);
        // The engine that linked it may not have synced the directory yet; our caller must not get a
        // durable answer before that, so sync it ourselves.
        FileOps.syncDirectory(target.getParent());
        return stored;
      } catch (UnsupportedOperationException noHardLinks) {
        throw new IOException("the blob directory's file system does not support hard links", noHardLinks);
      }
      FileOps.deleteQuietly(temp);
      FileOps.makeReadOnly(target);
      FileOps.syncDirectory(target.getParent());
      return stored;
    }
  }

  /**
   * Creates the fan-out directories and makes each one's entry in its parent durable, once per store
   * instance. Syncing even directories we did not create closes the window in which another engine
   * has created one but not yet synced its parent.
   */
  private void prepareDirectory(Path directory) throws IOException {
    if (durableDirectories.contains(directory)) {
      return;
    }
    Files.createDirectories(directory);
    for (Path d = directory; !d.equals(layout.root()); d = d.getParent()) {
      if (!durableDirectories.contains(d)) {
        FileOps.syncDirectory(d.getParent());
        durableDirectories.add(d);
      }
    }
  }

  private static @Nullable Long sizeIfPresent(Path file) throws IOException {
    try {
      return Files.readAttributes(file, BasicFileAttributes.class).size();
    } catch (NoSuchFileException gone) {
      return null;
    }
  }
}
