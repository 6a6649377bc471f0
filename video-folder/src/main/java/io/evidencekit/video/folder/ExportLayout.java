package io.evidencekit.video.folder;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;

/**
 * Where things are in an export directory: manifests and media at the top, and for each consultation
 * whose recordings were taken, {@code done/<manifest name>/} with the media moved there, a
 * {@code <file>.deleted} marker per recording holding when it was taken, and the manifest itself once
 * every recording is taken. Moves are renames within one file system, each followed by an fsync of
 * both directories, so a crash leaves every file in one place or the other.
 */
final class ExportLayout {
  static final String DONE = "done";
  static final String DELETED_SUFFIX = ".deleted";

  private final Path root;

  ExportLayout(Path root) {
    this.root = root;
  }

  Path root() {
    return root;
  }

  Path done() {
    return root.resolve(DONE);
  }

  Path media(String file) {
    return root.resolve(file);
  }

  Path doneFolder(String manifestName) {
    return done().resolve(manifestName);
  }

  Path marker(String manifestName, String file) {
    return doneFolder(manifestName).resolve(file + DELETED_SUFFIX);
  }

  static boolean regularFile(Path path) {
    return Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS);
  }

  /** When the recording in {@code file} was taken, if it was. */
  Optional<Instant> takenAt(String manifestName, String file) throws IOException {
    Path marker = marker(manifestName, file);
    if (!regularFile(marker)) {
      return Optional.empty();
    }
    return Optional.of(Instant.parse(Files.readString(marker).strip()));
  }

  /**
   * Takes a recording's media into {@code done/}: first the marker (so the recording is never listed as
   * missing, whatever happens next), then the media file. Repeating it finishes what a crash left.
   */
  Instant take(String manifestName, String file, Instant now) throws IOException {
    Path folder = doneFolder(manifestName);
    Files.createDirectories(folder);
    fsyncDirectory(done());
    Optional<Instant> taken = takenAt(manifestName, file);
    if (taken.isEmpty()) {
      Path temp = folder.resolve(".marker-" + file);
      try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        out.write(java.nio.ByteBuffer.wrap((now + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        out.force(true);
      }
      Files.move(temp, marker(manifestName, file), StandardCopyOption.ATOMIC_MOVE);
      fsyncDirectory(folder);
    }
    moveIn(media(file), folder.resolve(file));
    return taken.orElse(now);
  }

  /** Moves the manifest in last, once every recording is taken. */
  void takeManifest(String manifestName) throws IOException {
    Path folder = doneFolder(manifestName);
    Files.createDirectories(folder);
    moveIn(root.resolve(manifestName + ".json"), folder.resolve(manifestName + ".json"));
  }

  private void moveIn(Path from, Path to) throws IOException {
    if (!regularFile(from)) {
      return; // already moved, by us before a crash or by an earlier call
    }
    if (Files.exists(to, LinkOption.NOFOLLOW_LINKS)) {
      // A rename would silently replace it on Linux; two different files must not become one.
      throw new IOException("done/ already holds a file named " + to.getFileName() + "; leaving both in place");
    }
    Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    fsyncDirectory(to.getParent());
    fsyncDirectory(from.getParent());
  }

  static void fsyncDirectory(Path dir) throws IOException {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }
}
