package io.evidencekit.storage.fs;

import io.evidencekit.api.ByteRange;
import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.Sha256;
import io.evidencekit.spi.BlobId;
import io.evidencekit.spi.BlobStore;
import io.evidencekit.spi.BlobWriter;
import io.evidencekit.spi.StoreCapability;
import io.evidencekit.spi.StoredBlob;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link BlobStore} in a directory on a local disk or a shared (NFS) file system.
 *
 * <p><b>Layout.</b> Blobs are content-addressed: a blob whose SHA-256 is {@code abcd…} lives at
 * {@code root/sha256/ab/cd/abcd…} and its id is {@code sha256/abcd…}. Blobs being written live in
 * {@code root/tmp/} under random names until they are committed. The store never sees user file names.
 *
 * <p><b>Publishing.</b> A commit checks the byte count, fsyncs the file, hard-links it to its content
 * address (which fails rather than replace an existing blob), removes the temporary name and fsyncs the
 * directory. When commit returns the blob survives a crash. Committing content that is already stored
 * keeps the first copy and returns it. Published files are made read-only (best effort). The file
 * system must support hard links; this is checked when the store is built.
 *
 * <p><b>Adopting.</b> {@link #adopt} publishes a finished file that lies on the same file system (for
 * example an upload staged by the portal) the same way, by hard link, so its bytes are written once.
 * A file elsewhere is not adopted and the caller streams it instead.
 *
 * <p><b>Reading.</b> {@link #open} with a range that reaches past the end stops at the end, and a range
 * that starts at or beyond the end gives an empty stream.
 *
 * <p><b>Sharing.</b> Several stores, in one process or in several on different machines, may use the
 * same root at once. On start-up a store deletes temporary files untouched for longer than the grace
 * period (default one hour): choose it longer than any writer may stay idle,
 * or a writer of another engine may lose its file and fail its commit.
 *
 * <p><b>Threads and ownership.</b> Thread-safe. Each {@link BlobWriter} is used by one thread at a time
 * and is closed by its caller. Streams returned by {@link #open} belong to the caller, who closes them;
 * they stay readable after the store is closed. After {@link #close()} every other operation, and the
 * commit of a writer still open, fails with {@link ErrorCode#CLOSED}.
 */
public final class FilesystemBlobStore implements BlobStore {
  static final long DEFAULT_GRACE_HOURS = 1;

  private static final Set<StoreCapability> CAPABILITIES = Set.of(
      StoreCapability.WRITE_ONCE,
      StoreCapability.DEDUPLICATES,
      StoreCapability.DURABLE_ON_COMMIT,
      StoreCapability.SHARED_BY_PROCESSES);

  private final BlobLayout layout;
  private final Publisher publisher;
  private final Lifecycle lifecycle = new Lifecycle();

  /** A store in {@code root}, created if needed, with the default grace period and the system clock. */
  public FilesystemBlobStore(Path root) {
    this(builder(root));
  }

  private FilesystemBlobStore(Builder builder) {
    this.layout = new BlobLayout(builder.root);
    this.publisher = new Publisher(layout);
    try {
      Files.createDirectories(layout.blobDirectory());
      Files.createDirectories(layout.tempDirectory());
      Path parent = layout.root().getParent();
      if (parent != null) {
        FileOps.syncDirectory(parent);
      }
      FileOps.syncDirectory(layout.root());
      checkHardLinks();
      LeftoverSweeper.sweep(layout.tempDirectory(), builder.clock.instant().minus(builder.tempGracePeriod));
    } catch (IOException e) {
      throw new EvidenceException(ErrorCode.CONFIGURATION,
          "cannot use " + layout.root() + " as a blob directory: " + e.getMessage(), e);
    }
  }

  public static Builder builder(Path root) {
    return new Builder(root);
  }

  @Override
  public BlobWriter create() throws IOException {
    lifecycle.ensureOpen();
    return FileBlobWriter.create(layout.newTempFile(), publisher, lifecycle);
  }

  /**
   * Publishes {@code file} under its content address by hard link, exactly as a commit publishes its
   * temporary file: forced to disk first, never replacing a stored blob, the directory forced after.
   * The file then shares its inode with the blob (and becomes read-only with it): the caller deletes its
   * own name and must not write to it. Empty when the file is on another file system (a hard link
   * cannot cross file systems) or the system refuses the link, for example because of
   * {@code fs.protected_hardlinks} on a file owned by another user.
   */
  @Override
  public Optional<StoredBlob> adopt(Path file, Sha256 sha256, long size) throws IOException {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(sha256, "sha256");
    lifecycle.ensureOpen();
    // link(2) would link a symbolic link itself, not its target: only a regular file can become a blob.
    if (!Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isRegularFile()) {
      throw new IOException("only a regular file can be adopted");
    }
    // A second name under tmp/ first: if anything fails from here on, the start-up sweep can remove it,
    // and from then on the publishing steps are exactly those of a commit.
    Path temp = layout.newTempFile();
    try {
      Files.createLink(temp, file);
    } catch (NoSuchFileException e) {
      throw e;
    } catch (FileSystemException | UnsupportedOperationException cannotLink) {
      return Optional.empty(); // EXDEV (another file system) or EPERM: the caller streams the file
    }
    try {
      long actual = Files.size(temp);
      if (actual != size) {
        throw new IOException("adopt declared " + size + " bytes but the file has " + actual);
      }
      // The caller may already have forced it; forcing a clean file costs next to nothing, and the store
      // must not publish a blob that a crash could still lose.
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.READ)) {
        channel.force(true);
      }
      lifecycle.ensureOpen();
      return Optional.of(publisher.publish(temp, sha256, size));
    } catch (IOException | RuntimeException e) {
      FileOps.deleteQuietly(temp);
      throw e;
    }
  }

  @Override
  public InputStream open(BlobId id, ByteRange range) throws IOException {
    Objects.requireNonNull(range, "range");
    Path file = existingBlob(id);
    FileChannel channel;
    try {
      channel = FileChannel.open(file, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      throw notFound(id);
    }
    try {
      long size = channel.size();
      long start = Math.min(range.offset(), size);
      return new RangeInputStream(channel, start, Math.min(range.length(), size - start));
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  @Override
  public boolean exists(BlobId id) throws IOException {
    Path file = existingBlob(id);
    try {
      return Files.readAttributes(file, BasicFileAttributes.class).isRegularFile();
    } catch (NoSuchFileException e) {
      return false;
    }
  }

  @Override
  public long size(BlobId id) throws IOException {
    Path file = existingBlob(id);
    try {
      return Files.readAttributes(file, BasicFileAttributes.class).size();
    } catch (NoSuchFileException e) {
      throw notFound(id);
    }
  }

  @Override
  public void delete(BlobId id) throws IOException {
    Path file = existingBlob(id);
    if (FileOps.delete(file)) {
      FileOps.syncDirectory(file.getParent());
    }
  }

  @Override
  public Set<StoreCapability> capabilities() {
    return CAPABILITIES;
  }

  @Override
  public void close() {
    lifecycle.close();
  }

  @Override
  public String toString() {
    return "FilesystemBlobStore[" + layout.root() + "]";
  }

  /** The path an id names, after checking the store is open and the id is one of ours. */
  private Path existingBlob(BlobId id) {
    Objects.requireNonNull(id, "id");
    lifecycle.ensureOpen();
    return layout.blobPath(id);
  }

  /** Fails at start-up, not at the first commit, on file systems that cannot publish by hard link. */
  private void checkHardLinks() throws IOException {
    Path probe = layout.newTempFile();
    Path link = layout.newTempFile();
    try {
      Files.createFile(probe);
      Files.createLink(link, probe);
    } catch (UnsupportedOperationException e) {
      throw new IOException("the file system does not support hard links", e);
    } finally {
      FileOps.deleteQuietly(link);
      FileOps.deleteQuietly(probe);
    }
  }

  private static EvidenceException notFound(BlobId id) {
    return new EvidenceException(ErrorCode.BLOB_NOT_FOUND, "no blob " + id + " in the filesystem store");
  }

  /** Configures a {@link FilesystemBlobStore}. Not thread-safe; build once. */
  public static final class Builder {
    private final Path root;
    private Duration tempGracePeriod = Duration.ofHours(DEFAULT_GRACE_HOURS);
    private Clock clock = Clock.systemUTC();

    private Builder(Path root) {
      this.root = Objects.requireNonNull(root, "root");
    }

    /**
     * How long a temporary file must have been untouched before start-up deletes it as a leftover.
     * Longer than any writer, of any engine sharing the root, may stay idle.
     */
    public Builder tempGracePeriod(Duration gracePeriod) {
      Objects.requireNonNull(gracePeriod, "gracePeriod");
      if (gracePeriod.isNegative()) {
        throw new EvidenceException(ErrorCode.CONFIGURATION, "the temporary file grace period must not be negative");
      }
      this.tempGracePeriod = gracePeriod;
      return this;
    }

    /** The clock that decides which temporary files are old enough to sweep. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Creates the directories, checks hard-link support and sweeps leftovers.
     *
     * @throws EvidenceException with {@code CONFIGURATION} if the root cannot be used
     */
    public FilesystemBlobStore build() {
      return new FilesystemBlobStore(this);
    }
  }
}
