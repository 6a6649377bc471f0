package io.evidencekit.portal;

import io.evidencekit.api.Limits;
import io.evidencekit.api.SubmissionId;
import io.tus.java.client.TusClient;
import io.tus.java.client.TusURLMemoryStore;
import io.tus.java.client.TusUpload;
import io.tus.java.client.TusUploader;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Throughput of the tus endpoint under concurrency against the engine's single-stream ingest,
 * measured in the same run on the same disk. Not a test: run it with
 * {@code mvn -q -pl evidence-portal -am -Pbench -DskipTests test-compile exec:java}
 * (add {@code -Dexec.args="--uploads 20 --size-mb 200"} to change the load). Prints the ratio last.
 */
public final class TusBenchmark {
  private static final int MB = 1 << 20;

  private TusBenchmark() {}

  public static void main(String[] args) throws Exception {
    List<String> a = List.of(args);
    int uploads = intOption(a, "--uploads", 20);
    int sizeMb = intOption(a, "--size-mb", 200);
    run(uploads, (long) sizeMb * MB, System.out);
  }

  static double run(int uploads, long size, PrintStream out) throws Exception {
    Path dir = Files.createTempDirectory(Path.of(System.getProperty("bench.dir", "target")), "tus-bench");
    try (PortalFixture portal = new PortalFixture(dir, new Limits(10_000, size, Long.MAX_VALUE / 4))) {
      String token = portal.token();
      out.printf("load: %d concurrent tus uploads of %d MB; baseline: %d MB through engine.addFile, one stream%n",
          uploads, size / MB, size / MB * 2);

      // Baseline: the engine's own streaming ingest, one stream (warm-up file first, not counted).
      SubmissionId warm = portal.engine.publicSide().startSubmission(token);
      portal.engine.publicSide().addFile(token, warm, "warm-up", "video/mp4", new Footage(Math.min(size, 64L * MB), 99));
      long c0 = cpuNanos();
      long t0 = System.nanoTime();
      SubmissionId base = portal.engine.publicSide().startSubmission(token);
      for (int i = 0; i < 2; i++) {
        portal.engine.publicSide().addFile(token, base, "baseline-" + i, "video/mp4", new Footage(size, i));
      }
      double baseSeconds = (System.nanoTime() - t0) / 1e9;
      double baseCpu = (cpuNanos() - c0) / 1e9;
      double baseRate = 2.0 * size / MB / baseSeconds;
      out.printf("single-stream ingest: %8.2f s  %8.1f MB/s  cpu %.2f s/GB%n", baseSeconds, baseRate,
          baseCpu / (2.0 * size / (1 << 30)));

      // Load: concurrent tus uploads, each its own client, submission and connection.
      ExecutorService pool = Executors.newFixedThreadPool(uploads);
      List<Future<?>> done = new ArrayList<>();
      long c1 = cpuNanos();
      long t1 = System.nanoTime();
      for (int i = 0; i < uploads; i++) {
        int n = i;
        SubmissionId submission = portal.engine.publicSide().startSubmission(token);
        done.add(pool.submit(() -> {
          TusClient client = new TusClient();
          client.setUploadCreationURL(portal.base().resolve("r/" + token + "/uploads").toURL());
          String csrf = "b".repeat(43);
          client.setHeaders(Map.of("Cookie", Csrf.COOKIE + "=" + csrf, Csrf.HEADER, csrf));
          client.enableResuming(new TusURLMemoryStore());
          TusUpload upload = new TusUpload();
          upload.setInputStream(new Footage(size, 1000 + n));
          upload.setSize(size);
          upload.setFingerprint("bench-" + n);
          upload.setMetadata(Map.of("filename", "camera-" + n + ".mp4", "filetype", "video/mp4",
              "submission", submission.toString()));
          TusUploader uploader = client.createUpload(upload);
          uploader.setChunkSize(MB);
          uploader.setRequestPayloadSize(64 * MB);
          while (uploader.uploadChunk() > -1) {
            // next chunk
          }
          uploader.finish();
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
      double tusSeconds = (System.nanoTime() - t1) / 1e9;
      double tusCpu = (cpuNanos() - c1) / 1e9;
      pool.shutdown();
      double tusRate = (double) uploads * size / MB / tusSeconds;
      out.printf("tus, %d concurrent:  %8.2f s  %8.1f MB/s  cpu %.2f s/GB (server and client)%n", uploads, tusSeconds,
          tusRate, tusCpu / ((double) uploads * size / (1 << 30)));
      double ratio = tusRate / baseRate;
      out.printf("tus_ratio=%.3f%n", ratio);
      return ratio;
    } finally {
      try (Stream<Path> paths = Files.walk(dir)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** CPU time of the whole process (server, client, engine), which the shared machine's load does not inflate. */
  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static int intOption(List<String> args, String name, int fallback) {
    int i = args.indexOf(name);
    return i >= 0 && i + 1 < args.size() ? Integer.parseInt(args.get(i + 1)) : fallback;
  }

  /** Deterministic incompressible bytes without holding the file in memory. */
  static final class Footage extends InputStream {
    private final byte[] block = new byte[MB];
    private final long size;
    private long position;

    Footage(long size, long seed) {
      this.size = size;
      new Random(seed).nextBytes(block);
    }

    @Override
    public int read() {
      if (position >= size) {
        return -1;
      }
      return block[(int) (position++ % MB)] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (position >= size) {
        return -1;
      }
      int start = (int) (position % MB);
      int n = (int) Math.min(Math.min(len, MB - start), size - position);
      System.arraycopy(block, start, b, off, n);
      position += n;
      return n;
    }
  }
}
