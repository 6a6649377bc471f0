package io.evidencekit.storage.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.evidencekit.api.ByteRange;
import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.Sha256;
import io.evidencekit.spi.BlobId;
import io.evidencekit.spi.BlobStore;
import io.evidencekit.spi.BlobWriter;
import io.evidencekit.spi.StoredBlob;
import io.evidencekit.tck.BlobStoreContract;
import io.evidencekit.tck.blob.Blobs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("FilesystemBlobStore")
class FilesystemBlobStoreTest extends BlobStoreContract {
  private static final String HEX = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

  @Override
  protected BlobStore newStore(Path scratch) {
    return new FilesystemBlobStore(scratch);
  }

  static Stream<String> foreignIds() {
    return Stream.of(
        "../../etc/passwd",
        "sha256/../../../etc/passwd",
        "/etc/passwd",
        "sha256/" + HEX.toUpperCase(),
        "sha256/" + HEX.substring(1),
        "sha256/" + HEX + "/..",
        "sha256/01/23/" + HEX,
        "sha256/..\\..\\" + HEX.substring(6),
        "md5/" + HEX.substring(32),
        HEX);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("foreignIds")
  @DisplayName("an id not of the form sha256/<64 hex> is refused with INVALID_INPUT by every operation")
  void foreignIdsAreRefused(String value) throws IOException {
    BlobId id = new BlobId(value);
    Path outside = Files.writeString(scratch().resolveSibling("victim-" + UUID.randomUUID()), "keep");

    assertInvalid(() -> store().open(id, ByteRange.ALL).close());
    assertInvalid(() -> store().exists(id));
    assertInvalid(() -> store().size(id));
    assertInvalid(() -> store().delete(id));
    assertInvalid(() -> store().delete(new BlobId("../" + outside.getFileName())));

    assertThat(outside).hasContent("keep");
    Files.delete(outside);
  }

  @Test
  @DisplayName("blobs are laid out by content address, sha256/ab/cd/<hex>, and nothing stays in tmp")
  void contentAddressedLayout() throws IOException {
    byte[] content = content(1000);
    String hex = Blobs.sha256(content).hex();

    StoredBlob stored = Blobs.put(store(), content);

    assertThat(stored.id().value()).isEqualTo("sha256/" + hex);
    assertThat(blobFile(hex)).hasBinaryContent(content);
    assertThat(scratch().resolve("tmp")).isEmptyDirectory();
  }

  @Test
  @DisplayName("a published blob file is not writable")
  void publishedFileIsReadOnly() throws IOException {
    assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "needs POSIX permissions");

    StoredBlob stored = Blobs.put(store(), content(100));

    assertThat(Files.getPosixFilePermissions(blobFile(stored.sha256().hex())))
        .doesNotContain(PosixFilePermission.OWNER_WRITE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);
  }

  @Test
  @DisplayName("a commit whose address already holds another engine's file returns it and leaves it untouched")
  void neverOverwrites() throws IOException {
    byte[] content = content(1000);
    byte[] planted = content(1000);
    String hex = Blobs.sha256(content).hex();
    Path target = plant(hex, planted);

    StoredBlob stored = Blobs.put(store(), content);

    assertThat(stored.id().value()).isEqualTo("sha256/" + hex);
    assertThat(target).hasBinaryContent(planted);
    assertThat(scratch().resolve("tmp")).isEmptyDirectory();
  }

  @Test
  @DisplayName("a commit whose address holds a file of another size fails with INTEGRITY_FAILURE and leaves it untouched")
  void conflictingSizeIsAnIntegrityFailure() throws IOException {
    byte[] content = content(1000);
    byte[] planted = content(999);
    String hex = Blobs.sha256(content).hex();
    Path target = plant(hex, planted);

    assertThatThrownBy(() -> Blobs.put(store(), content))
        .isInstanceOfSatisfying(EvidenceException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INTEGRITY_FAILURE));

    assertThat(target).hasBinaryContent(planted);
    assertThat(scratch().resolve("tmp")).isEmptyDirectory();
  }

  @Test
  @DisplayName("start-up removes our temporary files older than the grace period, keeps younger ones and files it did not name")
  void sweepsLeftovers() throws IOException {
    Instant now = Instant.parse("2030-01-01T12:00:00Z");
    Path root = scratch().resolve("shared");
    Path tmp = Files.createDirectories(root.resolve("tmp"));
    Path stale = leftover(tmp.resolve(UUID.randomUUID() + ".part"), now.minus(Duration.ofMinutes(61)));
    Path young = leftover(tmp.resolve(UUID.randomUUID() + ".part"), now.minus(Duration.ofMinutes(59)));
    Path foreign = leftover(tmp.resolve("notes.txt"), now.minus(Duration.ofDays(10)));

    track(FilesystemBlobStore.builder(root)
        .tempGracePeriod(Duration.ofHours(1))
        .clock(Clock.fixed(now, ZoneOffset.UTC))
        .build());

    assertThat(stale).doesNotExist();
    assertThat(young).exists();
    assertThat(foreign).exists();
  }

  @Test
  @DisplayName("a failed or abandoned writer leaves no temporary file behind")
  void failedWritersCleanUp() throws IOException {
    byte[] content = content(5000);
    try (BlobWriter abandoned = store().create()) {
      abandoned.write(content, 0, content.length);
    }
    try (BlobWriter wrongSize = store().create()) {
      wrongSize.write(content, 0, content.length);
      assertThatThrownBy(() -> wrongSize.commit(Blobs.sha256(content), 1)).isInstanceOf(IOException.class);
    }

    assertThat(scratch().resolve("tmp")).isEmptyDirectory();
  }

  @Test
  @DisplayName("a writer interrupted while writing fails at once, publishes nothing and leaves no temporary file")
  void interruptedWriterFails() throws Exception {
    byte[] content = content(3 * FileBlobWriter.BUFFER_BYTES);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread writerThread = new Thread(() -> {
      try (BlobWriter writer = store().create()) {
        Thread.currentThread().interrupt();
        writer.write(content, 0, content.length);
      } catch (Throwable e) {
        failure.set(e);
      } finally {
        Thread.interrupted();
      }
    });

    writerThread.start();
    writerThread.join();

    assertThat(failure.get()).isInstanceOf(ClosedByInterruptException.class);
    assertThat(blobFile(Blobs.sha256(content).hex())).doesNotExist();
    assertThat(scratch().resolve("tmp")).isEmptyDirectory();
  }

  @Test
  @DisplayName("a writer whose temporary file was swept by another engine fails its commit and publishes nothing")
  void sweptWriterFails() throws IOException {
    byte[] content = content(5000);
    try (BlobWriter writer = store().create()) {
      writer.write(content, 0, content.length);
      try (Stream<Path> temps = Files.list(scratch().resolve("tmp"))) {
        for (Path temp : temps.toList()) {
          Files.delete(temp);
        }
      }

      assertThatThrownBy(() -> writer.commit(Blobs.sha256(content), content.length)).isInstanceOf(IOException.class);
    }

    assertThat(blobFile(Blobs.sha256(content).hex())).doesNotExist();
  }

  @Test
  @DisplayName("a closed store refuses every operation with CLOSED, including the commit of a writer opened before")
  void closedStoreRefuses() throws IOException {
    byte[] content = content(100);
    StoredBlob stored = Blobs.put(store(), content);
    BlobWriter writer = store().create();
    writer.write(content, 0, content.length);

    store().close();

    assertClosed(() -> store().create());
    assertClosed(() -> store().open(stored.id(), ByteRange.ALL));
    assertClosed(() -> store().exists(stored.id()));
    assertClosed(() -> store().size(stored.id()));
    assertClosed(() -> store().delete(stored.id()));
    assertClosed(() -> writer.commit(Blobs.sha256(content), content.length));
    writer.close();
    assertThat(scratch().resolve("tmp")).isEmptyDirectory();
  }

  @Test
  @DisplayName("adopt publishes a file on the same file system by hard link: no copy, read-only, nothing left in tmp")
  void adoptLinksWithoutCopying() throws IOException {
    byte[] content = content(300_000);
    Path staged = staged(content);

    StoredBlob adopted = store().adopt(staged, Blobs.sha256(content), content.length).orElseThrow();

    Path published = blobFile(adopted.sha256().hex());
    assertThat(adopted.id().value()).isEqualTo("sha256/" + Blobs.sha256(content).hex());
    assertThat(Files.isSameFile(published, staged)).isTrue();
    assertThat(scratch().resolve("tmp")).isEmptyDirectory();
    Files.delete(staged);
    assertThat(published).hasBinaryContent(content);
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      assertThat(Files.getPosixFilePermissions(published)).doesNotContain(PosixFilePermission.OWNER_WRITE);
    }
  }

  @Test
  @DisplayName("adopting content already stored returns the stored blob and leaves it untouched")
  void adoptDeduplicates() throws IOException {
    byte[] content = content(4000);
    StoredBlob first = Blobs.put(store(), content);
    Path staged = staged(content);

    StoredBlob adopted = store().adopt(staged, Blobs.sha256(content), content.length).orElseThrow();

    assertThat(adopted).isEqualTo(first);
    assertThat(Files.isSameFile(blobFile(first.sha256().hex()), staged)).isFalse();
    assertThat(scratch().resolve("tmp")).isEmptyDirectory();
  }

  @Test
  @DisplayName("adopting onto an address that holds a file of another size fails with INTEGRITY_FAILURE and changes neither file")
  void adoptConflictingSize() throws IOException {
    byte[] content = content(1000);
    byte[] planted = content(999);
    Path target = plant(Blobs.sha256(content).hex(), planted);
    Path staged = staged(content);

    assertThatThrownBy(() -> store().adopt(staged, Blobs.sha256(content), content.length))
        .isInstanceOfSatisfying(EvidenceException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INTEGRITY_FAILURE));

    assertThat(target).hasBinaryContent(planted);
    assertThat(staged).hasBinaryContent(content);
    assertThat(scratch().resolve("tmp")).isEmptyDirectory();
  }

  @Test
  @DisplayName("adopting a file whose size is not the declared one fails with an IOException and publishes nothing")
  void adoptWrongSizeFails() throws IOException {
    byte[] content = content(1000);
    Path staged = staged(content);

    assertThatThrownBy(() -> store().adopt(staged, Blobs.sha256(content), 1001)).isInstanceOf(IOException.class);

    assertThat(blobFile(Blobs.sha256(content).hex())).doesNotExist();
    assertThat(scratch().resolve("tmp")).isEmptyDirectory();
  }

  @Test
  @DisplayName("a symbolic link is not adopted: only a regular file can become a blob")
  void adoptRefusesSymbolicLinks() throws IOException {
    byte[] content = content(1000);
    Path staged = staged(content);
    Path link;
    try {
      link = Files.createSymbolicLink(staged.resolveSibling("link"), staged);
    } catch (UnsupportedOperationException | IOException e) {
      assumeTrue(false, "cannot create symbolic links here");
      return;
    }

    assertThatThrownBy(() -> store().adopt(link, Blobs.sha256(content), content.length)).isInstanceOf(IOException.class);

    assertThat(blobFile(Blobs.sha256(content).hex())).doesNotExist();
  }

  @Test
  @DisplayName("a file on another file system is declined (a hard link cannot cross), and nothing is stored")
  void adoptDeclinesAnotherFileSystem() throws IOException {
    Path shm = Path.of("/dev/shm");
    assumeTrue(Files.isDirectory(shm) && Files.isWritable(shm)
        && !Files.getFileStore(shm).equals(Files.getFileStore(scratch())), "needs a second file system at /dev/shm");
    byte[] content = content(1000);
    Path elsewhere = Files.createTempFile(shm, "adopt", ".test");
    try {
      Files.write(elsewhere, content);

      Optional<StoredBlob> adopted = store().adopt(elsewhere, Blobs.sha256(content), content.length);

      assertThat(adopted).isEmpty();
      assertThat(blobFile(Blobs.sha256(content).hex())).doesNotExist();
      assertThat(scratch().resolve("tmp")).isEmptyDirectory();
    } finally {
      Files.delete(elsewhere);
    }
  }

  @Test
  @DisplayName("a closed store refuses to adopt with CLOSED")
  void closedStoreRefusesAdopt() throws IOException {
    byte[] content = content(100);
    Path staged = staged(content);
    Sha256 sha256 = Blobs.sha256(content);

    store().close();

    assertClosed(() -> store().adopt(staged, sha256, content.length));
  }

  @Test
  @DisplayName("a range can be copied out with transferTo and skipped into")
  void transferAndSkip() throws IOException {
    byte[] content = content(700_000);
    StoredBlob stored = Blobs.put(store(), content);
    ByteArrayOutputStream copy = new ByteArrayOutputStream();

    try (InputStream in = store().open(stored.id(), new ByteRange(10, 600_000))) {
      assertThat(in.skip(90)).isEqualTo(90);
      assertThat(in.transferTo(copy)).isEqualTo(599_910);
      assertThat(in.read()).isEqualTo(-1);
    }

    assertThat(copy.toByteArray()).isEqualTo(Arrays.copyOfRange(content, 100, 600_010));
  }

  @Test
  @DisplayName("a root that is a regular file is refused with CONFIGURATION")
  void unusableRoot() throws IOException {
    Path file = Files.createFile(scratch().resolve("not-a-directory"));

    assertThatThrownBy(() -> new FilesystemBlobStore(file))
        .isInstanceOfSatisfying(EvidenceException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION));
  }

  @Test
  @DisplayName("a negative grace period is refused with CONFIGURATION")
  void negativeGracePeriod() {
    assertThatThrownBy(() -> FilesystemBlobStore.builder(scratch()).tempGracePeriod(Duration.ofSeconds(-1)))
        .isInstanceOfSatisfying(EvidenceException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION));
  }

  private Path blobFile(String hex) {
    return scratch().resolve("sha256").resolve(hex.substring(0, 2)).resolve(hex.substring(2, 4)).resolve(hex);
  }

  /** A finished upload as the portal leaves it: a file beside the store's own directories, on the same disk. */
  private Path staged(byte[] content) throws IOException {
    Path dir = Files.createDirectories(scratch().resolve("staging"));
    return Files.write(dir.resolve(UUID.randomUUID().toString()), content);
  }

  private Path plant(String hex, byte[] content) throws IOException {
    Path target = blobFile(hex);
    Files.createDirectories(target.getParent());
    return Files.write(target, content);
  }

  private static Path leftover(Path file, Instant modified) throws IOException {
    Files.writeString(file, "partial upload");
    Files.setLastModifiedTime(file, FileTime.from(modified));
    return file;
  }

  private static void assertInvalid(ThrowingCallable call) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(EvidenceException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
  }

  private static void assertClosed(ThrowingCallable call) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(EvidenceException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CLOSED));
  }
}
