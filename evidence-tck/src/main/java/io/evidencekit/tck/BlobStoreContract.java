package io.evidencekit.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.evidencekit.api.ByteRange;
import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.spi.BlobId;
import io.evidencekit.spi.BlobStore;
import io.evidencekit.spi.BlobWriter;
import io.evidencekit.spi.StoreCapability;
import io.evidencekit.spi.StoredBlob;
import io.evidencekit.tck.blob.Blobs;
import io.evidencekit.tck.blob.SyntheticContent;
import io.evidencekit.api.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.jspecify.annotations.Nullable;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The contract every {@link BlobStore} keeps, as written in its javadoc. A plugin proves its store by
 * extending this class in its own tests:
 *
 * <pre>{@code
 * @DisplayName("MyBlobStore")
 * class MyBlobStoreTest extends BlobStoreContract {
 *   @Override protected BlobStore newStore(Path scratch) { return new MyBlobStore(scratch); }
 * }
 * }</pre>
 *
 * <p>Each test gets a fresh store from {@link #newStore} on a fresh scratch directory and closes it
 * afterwards. Some tests need the id that content would get without storing it in the store under
 * test: they commit it to a second store built by {@link #newStore} on another scratch directory. For a
 * content-addressed store that id is the content's address, so abandoned content is checked to be
 * invisible under it. Each scratch directory must therefore give an independent, empty store.
 *
 * <p>The tests of a {@link StoreCapability} form a group ({@code @Nested}) that runs only if the store
 * declares the capability; otherwise every test of the group is skipped, for that one reason.
 * {@code VERSIONING} cannot be observed through {@link BlobStore}; a store declaring it tests it itself.
 */
public abstract class BlobStoreContract {
  @TempDir Path scratch;
  @TempDir Path elsewhere;

  private final List<BlobStore> opened = new ArrayList<>();
  private @Nullable BlobStore store;
  private @Nullable BlobStore elsewhereStore;
  private long nextSeed = 1;

  /** A new, empty store keeping its data under {@code scratch} (or isolated by it, for remote stores). */
  protected abstract BlobStore newStore(Path scratch) throws Exception;

  /**
   * Another store on the same location, as a restarted engine or a second process would open it. Used
   * by the {@code DURABLE_ON_COMMIT} and {@code SHARED_BY_PROCESSES} tests.
   */
  protected BlobStore reopen(Path scratch) throws Exception {
    return newStore(scratch);
  }

  /** Size of the large-blob test; override to run, say, 5 GiB before a release. */
  protected long largeBlobSize() {
    return 64L << 20;
  }

  /** The store under test in the current test. */
  protected final BlobStore store() {
    if (store == null) {
      throw new IllegalStateException("the store is created before each test");
    }
    return store;
  }

  /** The scratch directory the current test's store was created on. */
  protected final Path scratch() {
    return scratch;
  }

  @BeforeEach
  final void openStore() throws Exception {
    store = track(newStore(scratch));
  }

  @AfterEach
  final void closeStores() {
    for (int i = opened.size() - 1; i >= 0; i--) {
      opened.get(i).close();
    }
    opened.clear();
    store = null;
    elsewhereStore = null;
  }

  @Test
  @DisplayName("a store declares the same capabilities on every call and on every location")
  void capabilitiesAreStable() throws Exception {
    Set<StoreCapability> first = Set.copyOf(store().capabilities());

    assertThat(store().capabilities()).isEqualTo(first);
    assertThat(elsewhereStore().capabilities()).as("a store on another location").isEqualTo(first);
  }

  // ---- storing and reading

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {1, 4096, (1 << 20) + 17})
  @DisplayName("a committed blob reads back byte for byte, with the size and digest it was committed with")
  void roundTrip(int size) throws Exception {
    byte[] content = content(size);

    StoredBlob stored = Blobs.put(store(), content);

    assertThat(stored.size()).isEqualTo(size);
    assertThat(stored.sha256()).isEqualTo(Blobs.sha256(content));
    assertThat(Blobs.read(store(), stored.id())).isEqualTo(content);
  }

  @Test
  @DisplayName("an empty blob can be committed, has size 0 and reads back empty")
  void emptyBlob() throws Exception {
    StoredBlob stored = Blobs.put(store(), new byte[0]);

    assertThat(store().exists(stored.id())).isTrue();
    assertThat(store().size(stored.id())).isZero();
    assertThat(Blobs.read(store(), stored.id())).isEmpty();
    assertThat(Blobs.read(store(), stored.id(), new ByteRange(0, 10))).isEmpty();
  }

  @ParameterizedTest(name = "offset {0}, length {1}: {3} bytes from {2}")
  @CsvSource({
      "0,     100,                 0,     100",
      "4000,  100,                 4000,  100",
      "9900,  100,                 9900,  100",
      "9950,  100,                 9950,  50",
      "1234,  9223372036854775807, 1234,  8766",
      "5000,  0,                   5000,  0",
      "10000, 10,                  10000, 0",
      "20000, 10,                  10000, 0"})
  @DisplayName("a range read returns the bytes inside the blob and stops at its end; past the end it is empty")
  void rangeRead(long offset, long length, int expectedFrom, int expectedLength) throws Exception {
    byte[] content = content(10_000);
    StoredBlob stored = Blobs.put(store(), content);

    byte[] read = Blobs.read(store(), stored.id(), new ByteRange(offset, length));

    assertThat(read).isEqualTo(Arrays.copyOfRange(content, expectedFrom, expectedFrom + expectedLength));
  }

  @Test
  @DisplayName("exists and size describe a committed blob")
  void existsAndSize() throws Exception {
    StoredBlob stored = Blobs.put(store(), content(12_345));

    assertThat(store().exists(stored.id())).isTrue();
    assertThat(store().size(stored.id())).isEqualTo(12_345);
  }

  @Test
  @DisplayName("two readers of one blob read independently")
  void independentReaders() throws Exception {
    byte[] content = content(50_000);
    StoredBlob stored = Blobs.put(store(), content);

    try (var first = store().open(stored.id(), ByteRange.ALL);
        var second = store().open(stored.id(), ByteRange.ALL)) {
      byte[] head = first.readNBytes(1000);
      assertThat(second.readAllBytes()).isEqualTo(content);
      assertThat(head).isEqualTo(Arrays.copyOf(content, 1000));
      assertThat(first.readAllBytes()).isEqualTo(Arrays.copyOfRange(content, 1000, content.length));
    }
  }

  // ---- deleting and missing blobs

  @Test
  @DisplayName("a deleted blob no longer exists, and open and size fail with BLOB_NOT_FOUND")
  void deletedBlob() throws Exception {
    StoredBlob stored = Blobs.put(store(), content(1000));

    store().delete(stored.id());

    assertThat(store().exists(stored.id())).isFalse();
    assertBlobNotFound(() -> store().open(stored.id(), ByteRange.ALL).close());
    assertBlobNotFound(() -> store().size(stored.id()));
  }

  @Test
  @DisplayName("deleting a blob twice does nothing the second time, and leaves other blobs alone")
  void deleteIsIdempotent() throws Exception {
    byte[] kept = content(2000);
    StoredBlob keep = Blobs.put(store(), kept);
    StoredBlob gone = Blobs.put(store(), content(1000));

    store().delete(gone.id());
    assertThatCode(() -> store().delete(gone.id())).doesNotThrowAnyException();

    assertThat(Blobs.read(store(), keep.id())).isEqualTo(kept);
  }

  @Test
  @DisplayName("an id the store never issued is not found: exists is false, open and size fail with BLOB_NOT_FOUND, delete does nothing")
  void neverStored() throws Exception {
    BlobId id = idElsewhere(content(1000));

    assertThat(store().exists(id)).isFalse();
    assertBlobNotFound(() -> store().open(id, ByteRange.ALL).close());
    assertBlobNotFound(() -> store().size(id));
    assertThatCode(() -> store().delete(id)).doesNotThrowAnyException();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"../../etc/passwd", "sha256/../../../etc/passwd", "/etc/passwd", "blobs/..", "x"})
  @DisplayName("an id the store could not have issued is refused with INVALID_INPUT or not found, by every operation, and reaches nothing")
  void foreignIdRefusedOrNotFound(String value) throws Exception {
    BlobId id = new BlobId(value);
    StoredBlob kept = Blobs.put(store(), content(100));

    assertInvalidOr(() -> assertThat(store().exists(id)).isFalse());
    assertFailsWithOneOf(() -> store().open(id, ByteRange.ALL).close(), ErrorCode.BLOB_NOT_FOUND, ErrorCode.INVALID_INPUT);
    assertFailsWithOneOf(() -> store().size(id), ErrorCode.BLOB_NOT_FOUND, ErrorCode.INVALID_INPUT);
    assertInvalidOr(() -> store().delete(id));

    assertThat(store().exists(kept.id())).isTrue();
  }

  // ---- writers

  @Test
  @DisplayName("nothing written is visible before commit")
  void invisibleBeforeCommit() throws Exception {
    byte[] content = content(5000);
    BlobId address = idElsewhere(content);

    try (BlobWriter writer = store().create()) {
      writer.write(content, 0, content.length);
      assertThat(store().exists(address)).isFalse();
      StoredBlob stored = writer.commit(Blobs.sha256(content), content.length);
      assertThat(store().exists(stored.id())).isTrue();
    }
  }

  @Test
  @DisplayName("a writer closed without commit leaves nothing visible, and the same content can still be committed later")
  void abandonedWriter() throws Exception {
    byte[] content = content(300_000);
    BlobWriter writer = store().create();
    writer.write(content, 0, content.length);

    writer.close();

    assertThat(store().exists(idElsewhere(content))).isFalse();
    assertThatThrownBy(() -> writer.commit(Blobs.sha256(content), content.length))
        .isInstanceOf(EvidenceException.class).extracting("code").isEqualTo(ErrorCode.CLOSED);
    assertThat(Blobs.read(store(), Blobs.put(store(), content).id())).isEqualTo(content);
  }

  @ParameterizedTest(name = "declared size {0} byte(s) off")
  @ValueSource(longs = {-1, 1})
  @DisplayName("a commit whose size differs from the bytes written fails and leaves nothing visible")
  void wrongSize(long difference) throws Exception {
    byte[] content = content(4000);
    try (BlobWriter writer = store().create()) {
      writer.write(content, 0, content.length);

      assertThatThrownBy(() -> writer.commit(Blobs.sha256(content), content.length + difference))
          .isInstanceOf(IOException.class);
    }
    assertThat(store().exists(idElsewhere(content))).isFalse();
  }

  @Test
  @DisplayName("a writer whose commit failed is discarded: a second commit fails with IOException and publishes nothing")
  void writerAfterFailure() throws Exception {
    byte[] content = content(4000);
    try (BlobWriter writer = store().create()) {
      writer.write(content, 0, content.length);
      assertThatThrownBy(() -> writer.commit(Blobs.sha256(content), content.length + 1)).isInstanceOf(IOException.class);

      assertThatThrownBy(() -> writer.commit(Blobs.sha256(content), content.length)).isInstanceOf(IOException.class);
    }
    assertThat(store().exists(idElsewhere(content))).isFalse();
  }

  @Test
  @DisplayName("a writer keeps what it was given: the caller may reuse its array as soon as write returns")
  void writerCopiesTheCallersBuffer() throws Exception {
    byte[] content = content(3 * 65_536 + 11);
    byte[] buffer = new byte[65_536];
    StoredBlob stored;
    try (BlobWriter writer = store().create()) {
      for (int offset = 0; offset < content.length; offset += buffer.length) {
        int n = Math.min(buffer.length, content.length - offset);
        System.arraycopy(content, offset, buffer, 0, n);
        writer.write(buffer, 0, n);
        Arrays.fill(buffer, (byte) 0x5a); // the engine refills its one buffer at once
      }
      stored = writer.commit(Blobs.sha256(content), content.length);
    }

    assertThat(Blobs.read(store(), stored.id())).isEqualTo(content);
  }

  @Test
  @DisplayName("a writer created with the size it will receive commits and reads back like any other")
  void expectedSizeKept() throws Exception {
    byte[] content = content(300_001);
    StoredBlob stored;
    try (BlobWriter writer = store().create(content.length)) {
      for (int offset = 0; offset < content.length; offset += 100_000) {
        writer.write(content, offset, Math.min(100_000, content.length - offset));
      }
      stored = writer.commit(Blobs.sha256(content), content.length);
    }

    assertThat(stored.size()).isEqualTo(content.length);
    assertThat(Blobs.read(store(), stored.id())).isEqualTo(content);
  }

  @ParameterizedTest(name = "promised {0} byte(s) off")
  @ValueSource(longs = {-1, 1})
  @DisplayName("a writer given another number of bytes than promised fails with IOException and publishes nothing, or, ignoring the promise, commits exactly what was written")
  void expectedSizeBroken(long difference) throws Exception {
    byte[] content = content(5000);
    StoredBlob stored = null;
    try (BlobWriter writer = store().create(content.length + difference)) {
      writer.write(content, 0, content.length);
      stored = writer.commit(Blobs.sha256(content), content.length);
    } catch (IOException refused) {
      // the store used the promise and noticed it was broken
    }

    if (stored != null) {
      assertThat(Blobs.read(store(), stored.id())).isEqualTo(content);
    } else {
      assertThat(store().exists(idElsewhere(content))).isFalse();
    }
  }

  @Test
  @DisplayName("a committed writer refuses more bytes and a second commit, and closing it twice keeps the blob")
  void writerAfterCommit() throws Exception {
    byte[] content = content(1000);
    BlobWriter writer = store().create();
    writer.write(content, 0, content.length);
    StoredBlob stored = writer.commit(Blobs.sha256(content), content.length);

    assertThatThrownBy(() -> writer.write(content, 0, 10))
        .isInstanceOf(EvidenceException.class).extracting("code").isEqualTo(ErrorCode.CLOSED);
    assertThatThrownBy(() -> writer.commit(Blobs.sha256(content), content.length))
        .isInstanceOf(EvidenceException.class).extracting("code").isEqualTo(ErrorCode.CLOSED);
    writer.close();
    writer.close();

    assertThat(Blobs.read(store(), stored.id())).isEqualTo(content);
  }

  @Test
  @DisplayName("two writers open at once keep their contents apart")
  void interleavedWriters() throws Exception {
    byte[] a = content(3000);
    byte[] b = content(3000);
    try (BlobWriter first = store().create(); BlobWriter second = store().create()) {
      for (int offset = 0; offset < 3000; offset += 1000) {
        first.write(a, offset, 1000);
        second.write(b, offset, 1000);
      }
      StoredBlob storedB = second.commit(Blobs.sha256(b), b.length);
      StoredBlob storedA = first.commit(Blobs.sha256(a), a.length);

      assertThat(storedA.id()).isNotEqualTo(storedB.id());
      assertThat(Blobs.read(store(), storedA.id())).isEqualTo(a);
      assertThat(Blobs.read(store(), storedB.id())).isEqualTo(b);
    }
  }

  @Test
  @Timeout(60)
  @DisplayName("a writer whose thread is interrupted part-way publishes either the whole blob or nothing")
  void interruptedWriter() throws Exception {
    byte[] content = content((3 << 20) + 5);
    AtomicReference<@Nullable StoredBlob> committed = new AtomicReference<>();
    Thread writerThread = new Thread(() -> {
      try (BlobWriter writer = store().create()) {
        writer.write(content, 0, 1 << 20);
        Thread.currentThread().interrupt();
        writer.write(content, 1 << 20, content.length - (1 << 20));
        committed.set(writer.commit(Blobs.sha256(content), content.length));
      } catch (Exception noticedTheInterrupt) {
        // allowed, as long as nothing was published
      } finally {
        Thread.interrupted();
      }
    }, "interrupted-blob-writer");

    writerThread.start();
    writerThread.join();

    StoredBlob stored = committed.get();
    if (stored != null) {
      assertThat(Blobs.read(store(), stored.id())).isEqualTo(content);
    } else {
      assertThat(store().exists(idElsewhere(content))).isFalse();
    }
    assertThat(Blobs.read(store(), Blobs.put(store(), content).id())).isEqualTo(content);
  }

  // ---- concurrency and scale

  @Test
  @Timeout(120)
  @DisplayName("eight threads committing the same content at once all succeed, and every reader sees those bytes")
  void concurrentSameContent() throws Exception {
    byte[] content = content(256 * 1024 + 3);

    List<StoredBlob> stored = inParallel(8, i -> Blobs.put(store(), content));
    List<byte[]> read = inParallel(8, i -> Blobs.read(store(), stored.get(i).id()));

    assertThat(read).allSatisfy(bytes -> assertThat(bytes).isEqualTo(content));
  }

  @Test
  @Timeout(120)
  @DisplayName("eight threads committing different contents at once each read back their own bytes")
  void concurrentDifferentContents() throws Exception {
    List<byte[]> contents = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      contents.add(content(100_000 + i));
    }

    List<StoredBlob> stored = inParallel(8, i -> Blobs.put(store(), contents.get(i)));
    List<byte[]> read = inParallel(8, i -> Blobs.read(store(), stored.get(i).id()));

    assertThat(stored).extracting(StoredBlob::id).doesNotHaveDuplicates();
    for (int i = 0; i < 8; i++) {
      assertThat(read.get(i)).isEqualTo(contents.get(i));
    }
  }

  @Test
  @DisplayName("a large blob streams in and out without being held in memory and keeps its SHA-256")
  void largeBlob() throws Exception {
    long size = largeBlobSize();
    SyntheticContent content = new SyntheticContent(nextSeed++);

    StoredBlob stored = Blobs.put(store(), content, size);
    Blobs.Digested read = Blobs.digest(store(), stored.id());

    assertThat(store().size(stored.id())).isEqualTo(size);
    assertThat(read.size()).isEqualTo(size);
    assertThat(read.sha256()).isEqualTo(stored.sha256());
    int tail = (int) Math.min(size, 1001); // odd, so the check also covers an unaligned offset
    assertThat(Blobs.read(store(), stored.id(), new ByteRange(size - tail, 4096)))
        .isEqualTo(content.bytes(size - tail, tail));
  }

  // ---- adopting a finished local file

  @Test
  @DisplayName("adopting a finished file either declines and stores nothing, or gives a blob that reads back as the file")
  void adoptOrDecline() throws Exception {
    byte[] content = content(200_000);
    Sha256 sha256 = Blobs.sha256(content);
    Path file = Files.write(Files.createDirectories(scratch.resolve("adopt-source")).resolve("staged"), content);

    Optional<StoredBlob> adopted = store().adopt(file, sha256, content.length);

    if (adopted.isPresent()) {
      assertThat(adopted.get().sha256()).isEqualTo(sha256);
      assertThat(adopted.get().size()).isEqualTo(content.length);
      Files.delete(file); // the caller's part once the store has taken the file over
      assertThat(Blobs.read(store(), adopted.get().id())).isEqualTo(content);
    } else {
      assertThat(file).hasBinaryContent(content);
      assertThat(store().exists(idElsewhere(content))).isFalse();
    }
  }

  @Test
  @DisplayName("adopting a file whose size is not the one declared fails with IOException or declines, and publishes nothing")
  void adoptWrongSize() throws Exception {
    byte[] content = content(5000);
    Path file = Files.write(Files.createDirectories(scratch.resolve("adopt-source")).resolve("staged"), content);

    Optional<StoredBlob> adopted;
    try {
      adopted = store().adopt(file, Blobs.sha256(content), content.length - 1);
    } catch (IOException refused) {
      adopted = Optional.empty();
    }

    assertThat(adopted).isEmpty();
    assertThat(store().exists(idElsewhere(content))).isFalse();
  }

  @Test
  @DisplayName("after close, an operation either still works (a store that holds nothing) or fails with CLOSED")
  void afterClose() throws Exception {
    StoredBlob stored = Blobs.put(store(), content(100));

    store().close();

    assertClosedOr(() -> store().create().close());
    assertClosedOr(() -> store().exists(stored.id()));
    assertClosedOr(() -> store().open(stored.id(), ByteRange.ALL).close());
    assertClosedOr(() -> store().size(stored.id()));
  }

  @Test
  @DisplayName("closing the store twice does nothing")
  void closeIsIdempotent() {
    assertThatCode(() -> {
      store().close();
      store().close();
    }).doesNotThrowAnyException();
  }

  // ---- declared capabilities: one group each, skipped as a whole when not declared

  /**
   * A group of tests that runs only for a store declaring {@link #capability}: otherwise every test of the
   * group is skipped, for that one reason. (Skipping in {@code @BeforeEach} rather than at the group's start
   * keeps one fresh instance of the plugin's test class per test, as everywhere else.)
   */
  abstract class DeclaredCapability {
    private final StoreCapability capability;

    DeclaredCapability(StoreCapability capability) {
      this.capability = capability;
    }

    @BeforeEach
    final void skipUnlessDeclared() throws IOException {
      assumeTrue(store().capabilities().contains(capability), () -> "the store does not declare " + capability);
    }
  }

  @Nested
  @DisplayName("WRITE_ONCE")
  class WriteOnce extends DeclaredCapability {
    WriteOnce() {
      super(StoreCapability.WRITE_ONCE);
    }

    @Test
    @DisplayName("WRITE_ONCE: a later commit under the same digest never replaces the stored bytes")
    void writeOnce() throws Exception {
      byte[] original = content(2000);
      byte[] impostor = content(2000);
      StoredBlob first = Blobs.put(store(), original);

      StoredBlob again = Blobs.put(store(), original);
      StoredBlob second = null;
      try (BlobWriter writer = store().create()) {
        writer.write(impostor, 0, impostor.length);
        second = writer.commit(first.sha256(), impostor.length);
      } catch (EvidenceException refused) {
        // a store that checks digests refuses the impostor outright: also write-once
        assertThat(refused.code()).isEqualTo(ErrorCode.INTEGRITY_FAILURE);
      }

      assertThat(again.id()).isEqualTo(first.id());
      assertThat(Blobs.read(store(), first.id())).isEqualTo(original);
      if (second != null && second.id().equals(first.id())) {
        assertThat(Blobs.read(store(), second.id())).isEqualTo(original);
      }
    }
  }

  @Nested
  @DisplayName("DEDUPLICATES")
  class Deduplicates extends DeclaredCapability {
    Deduplicates() {
      super(StoreCapability.DEDUPLICATES);
    }

    @Test
    @DisplayName("DEDUPLICATES: the same content committed twice gets the same id, different content another")
    void deduplicates() throws Exception {
      byte[] content = content(3000);

      StoredBlob first = Blobs.put(store(), content);
      StoredBlob second = Blobs.put(store(), content);
      StoredBlob other = Blobs.put(store(), content(3000));

      assertThat(second).isEqualTo(first);
      assertThat(other.id()).isNotEqualTo(first.id());
    }
  }

  @Nested
  @DisplayName("DURABLE_ON_COMMIT")
  class DurableOnCommit extends DeclaredCapability {
    DurableOnCommit() {
      super(StoreCapability.DURABLE_ON_COMMIT);
    }

    @Test
    @DisplayName("DURABLE_ON_COMMIT: a store reopened on the same location finds every committed blob")
    void durableOnCommit() throws Exception {
      byte[] content = content(70_000);
      StoredBlob stored = Blobs.put(store(), content);
      StoredBlob empty = Blobs.put(store(), new byte[0]);
      store().close();

      BlobStore reopened = track(reopen(scratch));

      assertThat(Blobs.read(reopened, stored.id())).isEqualTo(content);
      assertThat(reopened.size(empty.id())).isZero();
    }
  }

  @Nested
  @DisplayName("SHARED_BY_PROCESSES")
  class SharedByProcesses extends DeclaredCapability {
    SharedByProcesses() {
      super(StoreCapability.SHARED_BY_PROCESSES);
    }

    @Test
    @DisplayName("SHARED_BY_PROCESSES: two stores on one location see each other's blobs, and starting one does not disturb a writer of the other")
    void sharedLocation() throws Exception {
      byte[] inFlight = content(2 << 20);
      byte[] fromOther = content(10_000);

      try (BlobWriter writer = store().create()) {
        writer.write(inFlight, 0, 1 << 20);
        BlobStore other = track(reopen(scratch));
        StoredBlob storedByOther = Blobs.put(other, fromOther);
        writer.write(inFlight, 1 << 20, inFlight.length - (1 << 20));
        StoredBlob storedHere = writer.commit(Blobs.sha256(inFlight), inFlight.length);

        assertThat(Blobs.read(store(), storedByOther.id())).isEqualTo(fromOther);
        assertThat(Blobs.read(other, storedHere.id())).isEqualTo(inFlight);
      }
    }

    @Test
    @Timeout(120)
    @DisplayName("SHARED_BY_PROCESSES: two stores on one location committing the same content at once all succeed")
    void sharedLocationSameContent() throws Exception {
      BlobStore other = track(reopen(scratch));
      byte[] content = content(200_000);

      List<StoredBlob> stored = inParallel(8, i -> Blobs.put(i % 2 == 0 ? store() : other, content));

      for (StoredBlob blob : stored) {
        assertThat(Blobs.read(store(), blob.id())).isEqualTo(content);
        assertThat(Blobs.read(other, blob.id())).isEqualTo(content);
      }
    }
  }

  @Nested
  @DisplayName("SERVER_SIDE_CHECKSUM")
  class ServerSideChecksum extends DeclaredCapability {
    ServerSideChecksum() {
      super(StoreCapability.SERVER_SIDE_CHECKSUM);
    }

    @Test
    @DisplayName("SERVER_SIDE_CHECKSUM: a commit whose digest does not match the bytes fails with INTEGRITY_FAILURE and leaves nothing")
    void serverSideChecksum() throws Exception {
      byte[] content = content(5000);
      byte[] claimed = content(5000);

      try (BlobWriter writer = store().create()) {
        writer.write(content, 0, content.length);
        assertThatThrownBy(() -> writer.commit(Blobs.sha256(claimed), content.length))
            .isInstanceOfSatisfying(EvidenceException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INTEGRITY_FAILURE));
      }

      assertThat(store().exists(idElsewhere(content))).isFalse();
      assertThat(store().exists(idElsewhere(claimed))).isFalse();
    }
  }

  @Nested
  @DisplayName("LEGAL_HOLD")
  class LegalHold extends DeclaredCapability {
    LegalHold() {
      super(StoreCapability.LEGAL_HOLD);
    }

    @Test
    @DisplayName("LEGAL_HOLD: a blob just committed is held: delete fails with IOException and the blob still reads back")
    void heldBlobSurvivesDelete() throws Exception {
      assertProtectedFromDelete();
    }
  }

  @Nested
  @DisplayName("RETENTION_LOCK")
  class RetentionLock extends DeclaredCapability {
    RetentionLock() {
      super(StoreCapability.RETENTION_LOCK);
    }

    @Test
    @DisplayName("RETENTION_LOCK: a blob just committed is under retention: delete fails with IOException and the blob still reads back")
    void lockedBlobSurvivesDelete() throws Exception {
      assertProtectedFromDelete();
    }
  }

  private void assertProtectedFromDelete() throws Exception {
    byte[] content = content(2000);
    StoredBlob stored = Blobs.put(store(), content);

    assertThatThrownBy(() -> store().delete(stored.id())).isInstanceOf(IOException.class);

    assertThat(store().exists(stored.id())).isTrue();
    assertThat(Blobs.read(store(), stored.id())).isEqualTo(content);
  }

  // ---- helpers

  /** Distinct pseudo-random content on each call. */
  protected final byte[] content(int size) {
    return new SyntheticContent(nextSeed++).bytes(0, size);
  }

  /** Closes {@code opened} after the test. */
  protected final BlobStore track(BlobStore opened) {
    this.opened.add(opened);
    return opened;
  }

  /** The id {@code content} gets in an independent store; see the class description. */
  private BlobId idElsewhere(byte[] content) throws Exception {
    return Blobs.put(elsewhereStore(), content).id();
  }

  private BlobStore elsewhereStore() throws Exception {
    BlobStore other = elsewhereStore;
    if (other == null) {
      other = track(newStore(elsewhere));
      elsewhereStore = other;
    }
    return other;
  }

  private static void assertInvalidOr(ThrowingCallable call) {
    assertCodeOr(ErrorCode.INVALID_INPUT, call);
  }

  private static void assertClosedOr(ThrowingCallable call) {
    assertCodeOr(ErrorCode.CLOSED, call);
  }

  /** Runs {@code call}: it succeeds (and its own assertions hold), or throws an EvidenceException with {@code code}. */
  private static void assertCodeOr(ErrorCode code, ThrowingCallable call) {
    try {
      call.call();
    } catch (EvidenceException e) {
      assertThat(e.code()).as("the code of %s", e).isEqualTo(code);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new AssertionError("expected success or " + code + ", got " + e, e);
    }
  }

  private static void assertFailsWithOneOf(ThrowingCallable call, ErrorCode... codes) {
    assertThatThrownBy(call).isInstanceOfSatisfying(EvidenceException.class, e -> assertThat(e.code()).isIn((Object[]) codes));
  }

  private static void assertBlobNotFound(ThrowingCallable call) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(EvidenceException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BLOB_NOT_FOUND));
  }

  /** Runs {@code threads} tasks released at the same instant, to make them really contend. */
  private static <T> List<T> inParallel(int threads, Task<T> task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CyclicBarrier start = new CyclicBarrier(threads);
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        int index = i;
        futures.add(pool.submit(() -> {
          start.await();
          return task.run(index);
        }));
      }
      List<T> results = new ArrayList<>();
      for (Future<T> future : futures) {
        results.add(future.get());
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  @FunctionalInterface
  private interface Task<T> {
    T run(int index) throws Exception;
  }
}
