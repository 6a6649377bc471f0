package io.evidencekit.core.bench;

import io.evidencekit.api.EvidenceRequest;
import io.evidencekit.api.IngestListener;
import io.evidencekit.core.EvidenceEngine;
import io.evidencekit.core.ExportOrder;
import io.evidencekit.core.ExportSummary;
import io.evidencekit.core.testing.TestData;
import io.evidencekit.storage.fs.FilesystemBlobStore;
import io.evidencekit.tck.blob.SyntheticContent;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Export speed against {@code cp -r SRC DEST && sha256sum DEST/* && sync} on the same files and disk, in
 * the same run: one pass (read from the store, hash, write, fsync) against copy-then-hash. Not a test: a
 * main, run by the {@code bench-export} profile (see README "Disclosure packages").
 *
 * <p>The evidence (SIZE in FILES files of pseudo-random bytes) is generated and ingested once, untimed.
 * Each round deletes both outputs and runs {@code sync} untimed, then times the baseline and the export
 * alternately; the best of each is compared. Arguments: {@code SIZE [ROUNDS [FILES]]}, e.g. {@code 4g 2 4}.
 */
public final class ExportBenchmark {
  private ExportBenchmark() {}

  public static void main(String[] args) throws Exception {
    long size = IngestBenchmark.parseSize(args.length > 0 ? args[0] : "4g");
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    int count = args.length > 2 ? Integer.parseInt(args[2]) : 4;
    Path work = Path.of("target", "bench-export").toAbsolutePath();
    Path source = work.resolve("source");
    Path engineDir = work.resolve("engine");
    deleteTree(work);
    Files.createDirectories(source);
    List<Path> files = generate(source, size, count);
    shell("sync");
    System.out.printf(Locale.ROOT, "%d files, %.2f GiB in all, max heap %d MiB, %d rounds%n", count,
        size / (double) (1L << 30), Runtime.getRuntime().maxMemory() >> 20, rounds);
    try (FilesystemBlobStore store = new FilesystemBlobStore(engineDir.resolve("blobs"));
        EvidenceEngine engine = EvidenceEngine.builder()
            .embeddedDatabase(engineDir.resolve("db"))
            .blobStore(store)
            .forceCode("46")
            .portalLinkBase(URI.create("https://evidence.example/r/"))
            .manualDelivery()
            .outboxKey(new byte[32])
            .build()) {
      EvidenceRequest request = engine.officers().createRequest(TestData.WRIGHT, TestData.burglaryRequest());
      engine.officers().ingestFiles(TestData.WRIGHT, request.id(), files, "benchmark evidence", IngestListener.NONE);
      double bestBaseline = Double.MAX_VALUE;
      double bestOurs = Double.MAX_VALUE;
      for (int round = 1; round <= rounds; round++) {
        Path copy = work.resolve("copy");
        deleteTree(copy);
        shell("sync");
        double baseline = time(() -> shell("cp -r '" + source + "' '" + copy + "' && sha256sum '" + copy
            + "'/* > /dev/null && sync"));
        deleteTree(copy);
        bestBaseline = Math.min(bestBaseline, baseline);
        System.out.printf(Locale.ROOT, "round %d baseline (cp -r && sha256sum && sync): %6.2f s  %5.2f GB/s%n", round,
            baseline, size / baseline / 1e9);
        Path bag = work.resolve("bag");
        deleteTree(bag);
        shell("sync");
        ExportSummary[] summary = new ExportSummary[1];
        double ours = time(() -> summary[0] = engine.exports().exportRequest(TestData.WRIGHT, request.id(),
            new ExportOrder("CPS Kent", "benchmark", "Kent Police"), bag));
        if (summary[0].bytes() != size) {
          throw new IllegalStateException("exported " + summary[0].bytes() + " bytes of " + size);
        }
        deleteTree(bag);
        bestOurs = Math.min(bestOurs, ours);
        System.out.printf(Locale.ROOT, "round %d evidencekit export (bag, fsynced): %6.2f s  %5.2f GB/s%n", round, ours,
            size / ours / 1e9);
      }
      System.out.printf(Locale.ROOT, "best baseline: %6.2f s   best export: %6.2f s%n", bestBaseline, bestOurs);
      System.out.printf(Locale.ROOT, "export_ratio=%.3f%n", bestOurs / bestBaseline);
    } finally {
      deleteTree(work);
    }
  }

  private static List<Path> generate(Path dir, long size, int count) throws IOException {
    List<Path> files = new ArrayList<>();
    byte[] chunk = new byte[1 << 20];
    long each = size / count;
    for (int i = 0; i < count; i++) {
      long length = i == count - 1 ? size - each * (count - 1) : each;
      SyntheticContent content = new SyntheticContent(20241206 + i);
      Path file = dir.resolve("camera-" + (i + 1) + ".bin");
      try (OutputStream out = Files.newOutputStream(file)) {
        for (long offset = 0; offset < length; offset += chunk.length) {
          int n = (int) Math.min(chunk.length, length - offset);
          content.fill(offset, chunk, 0, n);
          out.write(chunk, 0, n);
        }
      }
      files.add(file);
    }
    return files;
  }

  private interface Timed {
    void run() throws Exception;
  }

  private static double time(Timed task) throws Exception {
    long start = System.nanoTime();
    task.run();
    return (System.nanoTime() - start) / 1e9;
  }

  private static void shell(String command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("bash", "-c", command).inheritIO().start();
    if (p.waitFor() != 0) {
      throw new IOException("failed: " + command);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        p.toFile().setWritable(true);
        Files.delete(p);
      }
    }
  }
}
