package io.evidencekit.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.spi.PartStaging;
import io.evidencekit.spi.StagedUpload;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract every {@link PartStaging} keeps: each rule of its javadoc is checked here. An implementation
 * proves itself by extending this class:
 *
 * <pre>{@code
 * @DisplayName("S3PartStaging")
 * class S3PartStagingContractTest extends PartStagingContract {
 *   @Override protected PartStaging newStaging(Path scratch) { return new S3PartStaging(settingsFor(scratch)); }
 * }
 * }</pre>
 *
 * <p>Each test gets a fresh, empty staging from {@link #newStaging} on a fresh scratch directory; a second
 * instance on the same backend (another node) comes from {@link #reopen}. Uploads are 12 MiB where parts
 * matter, so an S3 store with 5 MiB parts meets full parts, tails and a short last part. The kit closes
 * every staging it opened.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
public abstract class PartStagingContract {
  private static final int MIB = 1 << 20;
  private final List<PartStaging> opened = new ArrayList<>();
  private Path scratch;
  private PartStaging staging;

  /** A fresh, empty staging on {@code scratch} (a directory, or the key to a bucket of its own). */
  protected abstract PartStaging newStaging(Path scratch) throws Exception;

  /** Another instance on the same backend as {@code newStaging(scratch)}: what another node sees. */
  protected PartStaging reopen(Path scratch) throws Exception {
    return newStaging(scratch);
  }

  @BeforeEach
  final void open(@TempDir Path dir) throws Exception {
    scratch = dir;
    staging = track(newStaging(dir));
  }

  @AfterEach
  final void closeAll() {
    for (PartStaging s : opened) {
      s.close();
      s.close(); // idempotent
    }
    opened.clear();
  }

  private PartStaging track(PartStaging s) {
    opened.add(s);
    return s;
  }

  private PartStaging otherNode() throws Exception {
    return track(reopen(scratch));
  }

  private static String newId() {
    return UUID.randomUUID().toString().replace("-", "").substring(0, 22);
  }

  private static byte[] bytes(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static byte[] whole(PartStaging s, String id) throws IOException {
    try (InputStream in = s.openWhole(id)) {
      return in.readAllBytes();
    }
  }

  private static long offset(PartStaging s, String id) throws IOException {
    return s.find(id).orElseThrow().offset();
  }

  private static InputStream slice(byte[] content, long from, int length) {
    return new ByteArrayInputStream(content, (int) from, length);
  }

  @Nested
  @DisplayName("identity")
  class Identity {
    @Test
    @DisplayName("an id outside 1-64 characters of [A-Za-z0-9_-] is INVALID_INPUT")
    void badIds() {
      for (String bad : List.of("", "a/b", "../x", "x".repeat(65), "a b")) {
        assertThatThrownBy(() -> staging.begin(bad, 1, Map.of()))
            .isInstanceOfSatisfying(EvidenceException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
      }
    }

    @Test
    @DisplayName("beginning an id twice is INVALID_INPUT and keeps the first upload as it was")
    void beginTwice() throws Exception {
      String id = newId();
      staging.begin(id, 10, Map.of("name", "first"));
      staging.append(id, 0, new ByteArrayInputStream(new byte[4]));
      assertThatThrownBy(() -> staging.begin(id, 20, Map.of("name", "second")))
          .isInstanceOfSatisfying(EvidenceException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
      StagedUpload found = staging.find(id).orElseThrow();
      assertThat(found.length()).isEqualTo(10);
      assertThat(found.offset()).isEqualTo(4);
      assertThat(found.metadata()).containsEntry("name", "first");
    }

    @Test
    @DisplayName("an upload never begun is not found, and appending to it is NOT_FOUND")
    void unknownUpload() throws Exception {
      String id = newId();
      assertThat(staging.find(id)).isEmpty();
      assertThatThrownBy(() -> staging.append(id, 0, new ByteArrayInputStream(new byte[1])))
          .isInstanceOfSatisfying(EvidenceException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    }

    @Test
    @DisplayName("ids lists every upload begun and not aborted, finished or not")
    void idsListsUploads() throws Exception {
      String a = newId();
      String b = newId();
      String c = newId();
      staging.begin(a, 3, Map.of());
      staging.begin(b, 0, Map.of());
      staging.begin(c, 3, Map.of());
      staging.finish(b, Map.of("item", "1"));
      staging.abort(c);
      assertThat(otherNode().ids()).containsExactlyInAnyOrder(a, b);
    }
  }

  @Nested
  @DisplayName("acknowledged only when durable")
  class Durability {
    @Test
    @DisplayName("what one instance acknowledged, another instance on the same backend reports and carries on from")
    void appendIsSeenByAnotherInstance() throws Exception {
      byte[] content = bytes(12 * MIB + 123, 1);
      String id = newId();
      staging.begin(id, content.length, Map.of("submission", "s-1", "fileName", "café.mp4"));
      long first = staging.append(id, 0, slice(content, 0, 7 * MIB + 5));
      assertThat(first).isEqualTo(7 * MIB + 5);
      PartStaging other = otherNode();
      StagedUpload seen = other.find(id).orElseThrow();
      assertThat(seen.offset()).isEqualTo(first);
      assertThat(seen.length()).isEqualTo(content.length);
      assertThat(seen.metadata()).containsEntry("fileName", "café.mp4").containsEntry("submission", "s-1");
      assertThat(other.append(id, first, slice(content, first, content.length - (int) first))).isEqualTo(content.length);
      assertThat(staging.find(id).orElseThrow().isWhole()).isTrue();
      assertThat(whole(staging, id)).isEqualTo(content);
    }

    @Test
    @DisplayName("appends of 1 MiB, alternating between two instances, move the offset forward by exactly what each sent")
    void offsetsNeverGoBackwards() throws Exception {
      byte[] content = bytes(12 * MIB, 2);
      String id = newId();
      staging.begin(id, content.length, Map.of());
      PartStaging[] nodes = {staging, otherNode()};
      long at = 0;
      int i = 0;
      while (at < content.length) {
        PartStaging node = nodes[i++ % 2];
        int n = (int) Math.min(MIB, content.length - at);
        long now = node.append(id, at, slice(content, at, n));
        assertThat(now).isEqualTo(at + n);
        assertThat(offset(nodes[i % 2], id)).isEqualTo(now);
        at = now;
      }
      assertThat(whole(nodes[1], id)).isEqualTo(content);
    }

    @Test
    @DisplayName("many appends far smaller than any part size add up to the exact bytes")
    void manySmallAppends() throws Exception {
      byte[] content = bytes(300_000, 3);
      String id = newId();
      staging.begin(id, content.length, Map.of());
      long at = 0;
      while (at < content.length) {
        int n = (int) Math.min(7_777, content.length - at);
        at = staging.append(id, at, slice(content, at, n));
      }
      assertThat(at).isEqualTo(content.length);
      assertThat(whole(otherNode(), id)).isEqualTo(content);
    }
  }

  @Nested
  @DisplayName("appends")
  class Appends {
    @Test
    @DisplayName("an append at another offset than the durable one is INVALID_INPUT and changes nothing")
    void wrongOffset() throws Exception {
      String id = newId();
      staging.begin(id, 100, Map.of());
      staging.append(id, 0, new ByteArrayInputStream(new byte[40]));
      for (long wrong : new long[] {0, 39, 41, 100}) {
        assertThatThrownBy(() -> staging.append(id, wrong, new ByteArrayInputStream(new byte[10])))
            .isInstanceOfSatisfying(EvidenceException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
      }
      assertThat(offset(staging, id)).isEqualTo(40);
    }

    @Test
    @DisplayName("an append never reads more of its content than the upload still misses")
    void neverReadsPastLength() throws Exception {
      String id = newId();
      staging.begin(id, 10, Map.of());
      byte[] content = bytes(10, 4);
      byte[] longer = Arrays.copyOf(content, 25);
      ByteArrayInputStream in = new ByteArrayInputStream(longer);
      assertThat(staging.append(id, 0, in)).isEqualTo(10);
      assertThat(in.available()).isEqualTo(15);
      assertThat(whole(staging, id)).isEqualTo(content);
    }

    @Test
    @DisplayName("content that breaks off keeps what arrived durably, rethrows the content's own exception, and the upload resumes from there")
    void brokenContentKeepsWhatArrived() throws Exception {
      byte[] content = bytes(12 * MIB, 5);
      String id = newId();
      staging.begin(id, content.length, Map.of());
      IOException cut = new IOException("connection reset");
      InputStream breaking = new InputStream() {
        private final InputStream in = slice(content, 0, 6 * MIB + 17);

        @Override
        public int read() throws IOException {
          throw new AssertionError("read in blocks");
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          int n = in.read(b, off, Math.min(len, 64 << 10));
          if (n < 0) {
            throw cut;
          }
          return n;
        }
      };
      assertThatThrownBy(() -> staging.append(id, 0, breaking)).isSameAs(cut);
      long at = offset(otherNode(), id);
      assertThat(at).isEqualTo(6 * MIB + 17);
      staging.append(id, at, slice(content, at, content.length - (int) at));
      assertThat(whole(staging, id)).isEqualTo(content);
    }

    @Test
    @DisplayName("two instances appending the same bytes at the same offset at once leave the upload whole and exact")
    void concurrentSameBytes() throws Exception {
      byte[] content = bytes(12 * MIB, 6);
      String id = newId();
      staging.begin(id, content.length, Map.of());
      staging.append(id, 0, slice(content, 0, 3 * MIB));
      PartStaging other = otherNode();
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        List<Future<Long>> runs = new ArrayList<>();
        int[] ends = {9 * MIB, 7 * MIB + 3};
        PartStaging[] nodes = {staging, other};
        for (int i = 0; i < 2; i++) {
          PartStaging node = nodes[i];
          int end = ends[i];
          runs.add(pool.submit(() -> node.append(id, 3 * MIB, slice(content, 3 * MIB, end - 3 * MIB))));
        }
        long acknowledged = 0;
        for (Future<Long> run : runs) {
          try {
            acknowledged = Math.max(acknowledged, run.get(60, TimeUnit.SECONDS));
          } catch (java.util.concurrent.ExecutionException e) {
            // A staging may refuse the loser of the race; what the winner acknowledged must stand.
          }
        }
        long at = offset(staging, id);
        assertThat(acknowledged).isGreaterThanOrEqualTo(7 * MIB + 3);
        assertThat(at).isGreaterThanOrEqualTo(acknowledged);
        staging.append(id, at, slice(content, at, content.length - (int) at));
        assertThat(whole(other, id)).isEqualTo(content);
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Nested
  @DisplayName("whole and finished")
  class Whole {
    @Test
    @DisplayName("a whole upload reads back exactly, from any instance, as often as asked; appending to it reads nothing")
    void wholeReadsBackExactly() throws Exception {
      byte[] content = bytes(10 * MIB, 7); // exactly two 5 MiB parts
      String id = newId();
      staging.begin(id, content.length, Map.of());
      staging.append(id, 0, new ByteArrayInputStream(content));
      ByteArrayInputStream more = new ByteArrayInputStream(new byte[3]);
      assertThat(otherNode().append(id, content.length, more)).isEqualTo(content.length);
      assertThat(more.available()).as("nothing read once whole").isEqualTo(3);
      assertThat(whole(staging, id)).isEqualTo(content);
      assertThat(whole(otherNode(), id)).isEqualTo(content);
      assertThat(whole(staging, id)).isEqualTo(content);
    }

    @Test
    @DisplayName("an empty upload is whole at once and reads back empty")
    void emptyUpload() throws Exception {
      String id = newId();
      staging.begin(id, 0, Map.of());
      assertThat(staging.find(id).orElseThrow().isWhole()).isTrue();
      assertThat(whole(staging, id)).isEmpty();
    }

    @Test
    @DisplayName("asking for the bytes of an upload not yet whole is INVALID_INPUT")
    void notWholeYet() throws Exception {
      String id = newId();
      staging.begin(id, 10, Map.of());
      staging.append(id, 0, new ByteArrayInputStream(new byte[9]));
      assertThatThrownBy(() -> staging.openWhole(id))
          .isInstanceOfSatisfying(EvidenceException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
    }

    @Test
    @DisplayName("finishing records the outcome for every instance, drops the bytes, and is idempotent")
    void finishKeepsOutcome() throws Exception {
      byte[] content = bytes(6 * MIB, 8);
      String id = newId();
      staging.begin(id, content.length, Map.of("fileName", "a.mp4"));
      staging.append(id, 0, new ByteArrayInputStream(content));
      assertThat(whole(staging, id)).isEqualTo(content);
      staging.finish(id, Map.of("item", "item-1", "sha256", "ab"));
      staging.finish(id, Map.of("item", "item-1", "sha256", "ab"));
      StagedUpload found = otherNode().find(id).orElseThrow();
      assertThat(found.outcome()).contains(Map.of("item", "item-1", "sha256", "ab"));
      assertThat(found.isWhole()).isTrue();
      assertThat(found.metadata()).containsEntry("fileName", "a.mp4");
      assertThatThrownBy(() -> staging.openWhole(id))
          .isInstanceOfSatisfying(EvidenceException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
    }
  }

  @Nested
  @DisplayName("abort")
  class Abort {
    @Test
    @DisplayName("aborting removes an upload, finished or not, for every instance, and again does nothing")
    void abortRemovesEverything() throws Exception {
      byte[] content = bytes(7 * MIB, 9);
      String open = newId();
      String done = newId();
      staging.begin(open, content.length, Map.of());
      staging.append(open, 0, slice(content, 0, 6 * MIB));
      staging.begin(done, 3, Map.of());
      staging.append(done, 0, new ByteArrayInputStream(new byte[3]));
      staging.finish(done, Map.of());
      staging.abort(open);
      staging.abort(done);
      staging.abort(open);
      staging.abort(newId());
      PartStaging other = otherNode();
      assertThat(other.find(open)).isEqualTo(Optional.empty());
      assertThat(other.find(done)).isEmpty();
      assertThat(other.ids()).doesNotContain(open, done);
    }
  }
}
