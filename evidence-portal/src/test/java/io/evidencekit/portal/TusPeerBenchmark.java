package io.evidencekit.portal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Our tus endpoint against the reference tus server (npm {@code @tus/server} + {@code @tus/file-store}),
 * each a separate process, driven by the same {@code curl} clients. Not a test: run it with
 * {@code mvn -q -pl evidence-portal -am -Pbench-peer -DskipTests process-test-classes} (options as system
 * properties, see {@link Options}).
 *
 * <p>Servers: {@code ours} ({@link TusBenchServer}: a real engine on the embedded defaults, in its own
 * JVM), {@code stock} (the peer as shipped: it never syncs) and {@code fsync} (the peer with an fdatasync
 * of the file after each PATCH's bytes and before its answer, so what it acknowledges is durable, as
 * ours is). The peer is installed with {@code npm ci} under {@code target/tus-peer} from the committed
 * lock file in {@code src/test/tus-peer}.
 *
 * <p>{@code before} is ours again from another build ({@code bench.beforeClasspath}: a classpath holding
 * that build's classes, for example copies of {@code target/classes} taken before a change), so a change
 * to our side is measured against the previous code in the same run.
 *
 * <p>With {@code bench.syscalls=true}, {@code perf stat} counts the server's {@code read}, {@code write},
 * {@code pwrite64}, {@code fsync} and {@code fdatasync} calls in each round (needs Linux {@code perf}).
 *
 * <p>For each concurrency N, rounds alternate the servers (the order rotates each round). A round sends
 * {@code max(N, minUploads)} distinct files of {@code roundMb / uploads} each, N at a time, each as one
 * creation POST and PATCHes of {@code chunkMb} (a {@code curl} process per request, as a browser's
 * tus-js-client sends 64 MiB requests). Server CPU is read from {@code /proc/PID/stat} of the server
 * process before and after (clients excluded). Before each round {@code sync} runs untimed, so no
 * server pays for another's dirty pages; the peer's files are deleted after each round (ours keep their
 * blobs: identical bytes in later rounds are deduplicated by the engine after being received, staged,
 * forced and hashed in full). Prints every round, then medians, then {@code tus_peer_ratio=} last: the
 * lowest, over the concurrencies, of our median throughput over the fsyncing peer's.
 */
public final class TusPeerBenchmark {
  private static final long MB = 1L << 20;
  private static final double GB = 1L << 30;

  private TusPeerBenchmark() {}

  /** What to run; each from a system property {@code bench.NAME}. */
  record Options(List<Integer> concurrency, int rounds, long roundBytes, int minUploads, long chunkBytes,
      List<String> servers, List<String> serverJvm, Path work, Path peerSource, String beforeClasspath,
      boolean syscalls, long warmupBytes) {
    static Options fromSystemProperties() {
      return new Options(
          Arrays.stream(prop("bench.concurrency", "1,8,64").split(",")).map(String::strip).map(Integer::valueOf).toList(),
          Integer.parseInt(prop("bench.rounds", "3")),
          Long.parseLong(prop("bench.roundMb", "800")) * MB,
          Integer.parseInt(prop("bench.minUploads", "8")),
          Long.parseLong(prop("bench.chunkMb", "64")) * MB,
          Arrays.stream(prop("bench.servers", "ours,stock,fsync").split(",")).map(String::strip).toList(),
          Arrays.stream(prop("bench.serverJvm", "-Xmx512m").split(" ")).filter(s -> !s.isBlank()).toList(),
          Path.of(prop("bench.dir", "target")).resolve("tus-peer-bench"),
          Path.of(prop("peer.source", "src/test/tus-peer")),
          prop("bench.beforeClasspath", ""),
          Boolean.parseBoolean(prop("bench.syscalls", "false")),
          Long.parseLong(prop("bench.warmupMb", "512")) * MB);
    }

    private static String prop(String name, String fallback) {
      String v = System.getProperty(name);
      return v == null || v.isBlank() ? fallback : v;
    }
  }

  public static void main(String[] args) throws Exception {
    Options o = Options.fromSystemProperties();
    PrintStream out = System.out;
    Files.createDirectories(o.work());
    Path peer = installPeer(o);
    List<TusServer> servers = new ArrayList<>();
    try {
      for (String name : o.servers()) {
        int links = Math.max(o.minUploads(), max(o.concurrency()));
        TusServer s = switch (name) {
          case "ours" -> Ours.start(o, "ours", System.getProperty("java.class.path"), links);
          case "before" -> Ours.start(o, "before", o.beforeClasspath(), links);
          default -> Peer.start(o, peer, name);
        };
        servers.add(s);
        out.printf("server %-5s pid %d%n", s.name(), s.pid());
      }
      // Warm-up, not counted (bench.warmupMb per server, 2 at a time): the JIT compiles the upload path first.
      Inputs warm = Inputs.of(o.work(), Math.max(1, (int) (o.warmupBytes() / (64 * MB))), 64 * MB, o.chunkBytes());
      for (TusServer s : servers) {
        round(s, 2, warm, false);
      }
      Map<String, Map<Integer, List<Result>>> results = new LinkedHashMap<>();
      for (int n : o.concurrency()) {
        int uploads = Math.max(n, o.minUploads());
        Inputs inputs = Inputs.of(o.work(), uploads, o.roundBytes() / uploads, o.chunkBytes());
        out.printf("%nN=%d: %d uploads of %.1f MB per round, PATCHes of %d MB%n", n, uploads,
            inputs.size() / (double) MB, o.chunkBytes() / MB);
        for (int r = 0; r < o.rounds(); r++) {
          for (int i = 0; i < servers.size(); i++) {
            TusServer s = servers.get((i + r) % servers.size());
            Result res = round(s, n, inputs, o.syscalls());
            results.computeIfAbsent(s.name(), k -> new LinkedHashMap<>()).computeIfAbsent(n, k -> new ArrayList<>()).add(res);
            out.printf("N=%-2d round %d  %-6s %7.2f s  %7.1f MB/s  server cpu %6.2f s = %5.2f s/GB  load %s%s%n", n,
                r + 1, s.name(), res.seconds, res.mbPerSecond(), res.cpuSeconds, res.cpuPerGb(), res.load, res.syscalls);
          }
        }
      }
      out.printf("%nmedians (MB/s, server CPU s/GB):%n");
      double ratio = Double.MAX_VALUE;
      for (int n : o.concurrency()) {
        StringBuilder line = new StringBuilder("N=" + n + ":");
        for (String name : results.keySet()) {
          List<Result> rs = results.get(name).get(n);
          line.append(String.format("  %s %.1f MB/s %.2f s/GB", name, median(rs, Result::mbPerSecond),
              median(rs, Result::cpuPerGb)));
        }
        if (results.containsKey("ours") && results.containsKey("fsync")) {
          double tp = median(results.get("ours").get(n), Result::mbPerSecond)
              / median(results.get("fsync").get(n), Result::mbPerSecond);
          double cpu = median(results.get("ours").get(n), Result::cpuPerGb)
              / median(results.get("fsync").get(n), Result::cpuPerGb);
          line.append(String.format("  | ours/fsync-peer: throughput %.2f, cpu %.2f", tp, cpu));
          ratio = Math.min(ratio, tp);
        }
        if (results.containsKey("ours") && results.containsKey("stock")) {
          double tp = median(results.get("ours").get(n), Result::mbPerSecond)
              / median(results.get("stock").get(n), Result::mbPerSecond);
          line.append(String.format("; ours/stock-peer: throughput %.2f", tp));
        }
        if (results.containsKey("ours") && results.containsKey("before")) {
          line.append(String.format("; ours/before: throughput %.2f, cpu %.2f",
              median(results.get("ours").get(n), Result::mbPerSecond) / median(results.get("before").get(n), Result::mbPerSecond),
              median(results.get("ours").get(n), Result::cpuPerGb) / median(results.get("before").get(n), Result::cpuPerGb)));
        }
        out.println(line);
      }
      if (ratio != Double.MAX_VALUE) {
        out.printf("tus_peer_ratio=%.3f%n", ratio);
      }
    } finally {
      for (TusServer s : servers) {
        s.close();
      }
    }
  }

  // ------------------------------------------------------------------ one round

  record Result(long bytes, double seconds, double cpuSeconds, String load, String syscalls) {
    double mbPerSecond() {
      return bytes / (double) MB / seconds;
    }

    double cpuPerGb() {
      return cpuSeconds / (bytes / GB);
    }
  }

  private static Result round(TusServer server, int concurrency, Inputs inputs, boolean syscalls) throws Exception {
    run(List.of("sync"));
    ExecutorService clients = Executors.newFixedThreadPool(concurrency);
    Process perf = syscalls ? new ProcessBuilder("perf", "stat", "-x", ",", "-e", String.join(",", SYSCALLS), "-p",
        Long.toString(server.pid())).redirectOutput(ProcessBuilder.Redirect.DISCARD).start() : null;
    try {
      if (perf != null) {
        Thread.sleep(300); // perf attaches
      }
      long cpu0 = cpuTicks(server.pid());
      long t0 = System.nanoTime();
      List<Future<?>> done = new ArrayList<>();
      for (int c = 0; c < concurrency; c++) {
        int client = c;
        done.add(clients.submit(() -> {
          for (int j = client; j < inputs.uploads(); j += concurrency) {
            upload(server, inputs, j);
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      double cpu = (cpuTicks(server.pid()) - cpu0) / (double) TICKS;
      String load = Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
      String counts = perf == null ? "" : syscallCounts(perf, inputs.size() * inputs.uploads());
      server.afterRound();
      return new Result(inputs.size() * inputs.uploads(), seconds, cpu, load, counts);
    } finally {
      clients.shutdownNow();
      if (perf != null && perf.isAlive()) {
        perf.destroyForcibly();
      }
    }
  }

  private static final List<String> SYSCALLS = List.of("syscalls:sys_enter_read", "syscalls:sys_enter_write",
      "syscalls:sys_enter_pwrite64", "syscalls:sys_enter_fsync", "syscalls:sys_enter_fdatasync");

  /** Stops {@code perf stat} (SIGINT, so it prints) and formats its counts per GB. */
  private static String syscallCounts(Process perf, long bytes) throws IOException, InterruptedException {
    run(List.of("kill", "-INT", Long.toString(perf.pid())));
    String report = new String(perf.getErrorStream().readAllBytes(), StandardCharsets.US_ASCII);
    perf.waitFor(10, TimeUnit.SECONDS);
    StringBuilder b = new StringBuilder("  per GB:");
    for (String line : report.lines().toList()) {
      String[] f = line.split(",");
      if (f.length > 2 && f[2].startsWith("syscalls:sys_enter_") && f[0].matches("[0-9.]+")) {
        b.append(' ').append(f[2].substring(19)).append('=').append(Math.round(Double.parseDouble(f[0]) / (bytes / GB)));
      }
    }
    return b.toString();
  }

  /** One tus upload through curl: a creation POST, then a PATCH per part. */
  private static void upload(TusServer server, Inputs inputs, int j) throws IOException, InterruptedException {
    List<String> create = new ArrayList<>(List.of("curl", "-sS", "-o", "/dev/null", "-D", "-", "-X", "POST",
        "-H", "Tus-Resumable: 1.0.0", "-H", "Upload-Length: " + inputs.size(),
        "-H", "Upload-Metadata: " + server.metadata(j)));
    server.headers().forEach(h -> {
      create.add("-H");
      create.add(h);
    });
    create.add(server.creation(j).toString());
    String headers = run(create);
    if (!headers.startsWith("HTTP/1.1 201")) {
      throw new IllegalStateException(server.name() + " refused a creation: " + headers.lines().findFirst().orElse(""));
    }
    String location = headers.lines().filter(l -> l.regionMatches(true, 0, "Location:", 0, 9))
        .map(l -> l.substring(9).strip()).findFirst().orElseThrow();
    URI upload = server.creation(j).resolve(location);
    long offset = 0;
    for (Path part : inputs.parts(j)) {
      List<String> patch = new ArrayList<>(List.of("curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", "-X", "PATCH",
          "-H", "Expect:", "-H", "Tus-Resumable: 1.0.0", "-H", "Upload-Offset: " + offset,
          "-H", "Content-Type: application/offset+octet-stream"));
      server.headers().forEach(h -> {
        patch.add("-H");
        patch.add(h);
      });
      patch.add("-T");
      patch.add(part.toString());
      patch.add(upload.toString());
      String status = run(patch).strip();
      if (!status.equals("204")) {
        throw new IllegalStateException(server.name() + " answered a PATCH with " + status);
      }
      offset += Files.size(part);
    }
  }

  // ------------------------------------------------------------------ servers

  /** A tus server in a process of its own. */
  interface TusServer extends AutoCloseable {
    String name();

    long pid();

    /** Where upload number {@code upload} is created. */
    URI creation(int upload);

    /** Extra request headers (ours wants its CSRF pair; the peer ignores them). */
    List<String> headers();

    String metadata(int upload);

    default void afterRound() throws IOException {}

    @Override
    void close();
  }

  /** {@link TusBenchServer} in its own JVM. */
  static final class Ours implements TusServer {
    private static final String CSRF = "b".repeat(43);
    private final String name;
    private final Process process;
    private final int port;
    /** token:submission pairs, one per request. */
    private final List<String> links;

    private Ours(String name, Process process, int port, List<String> links) {
      this.name = name;
      this.process = process;
      this.port = port;
      this.links = links;
    }

    static Ours start(Options o, String name, String classpath, int submissions) throws IOException {
      if (classpath.isBlank()) {
        throw new IllegalArgumentException("the server 'before' needs -Dbench.beforeClasspath");
      }
      Path dir = o.work().resolve(name);
      deleteTree(dir);
      String java = ProcessHandle.current().info().command().orElse("java");
      List<String> cmd = new ArrayList<>(List.of(java));
      cmd.addAll(o.serverJvm());
      cmd.addAll(List.of("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
          "-cp", classpath, TusBenchServer.class.getName(), dir.toString(),
          Integer.toString(submissions)));
      Path log = o.work().resolve(name + ".log");
      Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
      String ready = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII)).readLine();
      if (ready == null || !ready.startsWith("ready ")) {
        p.destroy();
        throw new IllegalStateException("our portal did not start; see " + log);
      }
      String[] f = ready.split(" ");
      return new Ours(name, p, Integer.parseInt(f[1]), List.of(f[2].split(",")));
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public long pid() {
      return process.pid();
    }

    @Override
    public URI creation(int upload) {
      return URI.create("http://127.0.0.1:" + port + "/r/" + link(upload)[0] + "/uploads");
    }

    private String[] link(int upload) {
      return links.get(upload % links.size()).split(":");
    }

    @Override
    public List<String> headers() {
      return List.of("Cookie: " + Csrf.COOKIE + "=" + CSRF, Csrf.HEADER + ": " + CSRF);
    }

    @Override
    public String metadata(int upload) {
      return "filename " + b64("camera-" + upload + ".mp4") + ",filetype " + b64("video/mp4") + ",submission "
          + b64(link(upload)[1]);
    }

    @Override
    public void close() {
      try {
        process.getOutputStream().close(); // it stops when its input closes
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          process.destroy();
        }
      } catch (IOException | InterruptedException e) {
        process.destroy();
      }
    }
  }

  /** The reference tus server, stock or syncing each PATCH. */
  static final class Peer implements TusServer {
    private final Process process;
    private final String mode;
    private final Path store;
    private final URI creation;

    private Peer(Process process, String mode, Path store, URI creation) {
      this.process = process;
      this.mode = mode;
      this.store = store;
      this.creation = creation;
    }

    static Peer start(Options o, Path installed, String mode) throws IOException {
      if (!mode.equals("stock") && !mode.equals("fsync")) {
        throw new IllegalArgumentException("servers are ours, before, stock and fsync, not " + mode);
      }
      Path store = o.work().resolve("peer-" + mode);
      deleteTree(store);
      Files.createDirectories(store);
      int port = freePort();
      Process p = new ProcessBuilder("node", "peer-server.mjs", Integer.toString(port), store.toString(), mode)
          .directory(installed.toFile()).redirectError(o.work().resolve("peer-" + mode + ".log").toFile()).start();
      String ready = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII)).readLine();
      if (ready == null || !ready.startsWith("listening")) {
        p.destroy();
        throw new IllegalStateException("the peer did not start; see " + o.work().resolve("peer-" + mode + ".log"));
      }
      return new Peer(p, mode, store, URI.create("http://127.0.0.1:" + port + "/files"));
    }

    @Override
    public String name() {
      return mode;
    }

    @Override
    public long pid() {
      return process.pid();
    }

    @Override
    public URI creation(int upload) {
      return creation;
    }

    @Override
    public List<String> headers() {
      return List.of();
    }

    @Override
    public String metadata(int upload) {
      return "filename " + b64("camera-" + upload + ".mp4") + ",filetype " + b64("video/mp4");
    }

    @Override
    public void afterRound() throws IOException {
      try (Stream<Path> files = Files.list(store)) {
        for (Path f : files.toList()) {
          Files.deleteIfExists(f);
        }
      }
    }

    @Override
    public void close() {
      process.destroy();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Installs the peer from the committed lock file (once; later runs reuse it). */
  private static Path installPeer(Options o) throws IOException, InterruptedException {
    Path dir = o.work().getParent().resolve("tus-peer");
    Files.createDirectories(dir);
    for (String f : List.of("package.json", "package-lock.json", "peer-server.mjs")) {
      Files.copy(o.peerSource().resolve(f), dir.resolve(f), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    if (!Files.isDirectory(dir.resolve("node_modules/@tus/server"))) {
      Process p = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error").directory(dir.toFile())
          .inheritIO().start();
      if (p.waitFor() != 0) {
        throw new IllegalStateException("npm ci of the peer failed");
      }
    }
    return dir;
  }

  // ------------------------------------------------------------------ inputs

  /** {@code uploads} distinct files of {@code size} bytes, stored as parts of {@code chunk} bytes (one per PATCH). */
  record Inputs(Path dir, int uploads, long size, long chunk) {
    static Inputs of(Path work, int uploads, long size, long chunk) throws IOException {
      Inputs in = new Inputs(work.resolve("input").resolve(size + "-" + chunk), uploads, size, chunk);
      Files.createDirectories(in.dir());
      byte[] block = new byte[(int) MB];
      for (int j = 0; j < uploads; j++) {
        Random random = new Random(j);
        random.nextBytes(block);
        long written = 0;
        for (Path part : in.parts(j)) {
          long partSize = Math.min(chunk, size - written);
          if (Files.exists(part) && Files.size(part) == partSize) {
            written += partSize;
            continue;
          }
          try (OutputStream o = Files.newOutputStream(part)) {
            for (long p = 0; p < partSize; p += block.length) {
              // A counter in each block keeps every MiB of every file distinct.
              long n = (written + p) / MB;
              for (int b = 0; b < 8; b++) {
                block[b] = (byte) (n >>> (8 * b));
              }
              o.write(block, 0, (int) Math.min(block.length, partSize - p));
            }
          }
          written += partSize;
        }
      }
      return in;
    }

    List<Path> parts(int upload) {
      int count = (int) ((size + chunk - 1) / chunk);
      List<Path> parts = new ArrayList<>();
      for (int k = 0; k < count; k++) {
        parts.add(dir.resolve("u" + upload + ".p" + k));
      }
      return parts;
    }
  }

  // ------------------------------------------------------------------ helpers

  private static final long TICKS = ticksPerSecond();

  private static long ticksPerSecond() {
    try {
      return Long.parseLong(run(List.of("getconf", "CLK_TCK")).strip());
    } catch (IOException | InterruptedException | RuntimeException e) {
      return 100;
    }
  }

  /** User plus system CPU of a process (all its threads), in clock ticks, from {@code /proc/PID/stat}. */
  static long cpuTicks(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 (utime) and 15 (stime)
  }

  private static String run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    if (p.waitFor() != 0) {
      throw new IllegalStateException(command.get(0) + " failed with exit code " + p.exitValue());
    }
    return output;
  }

  private static double median(List<Result> results, java.util.function.ToDoubleFunction<Result> value) {
    double[] v = results.stream().mapToDouble(value).sorted().toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  private static int max(List<Integer> values) {
    return values.stream().mapToInt(Integer::intValue).max().orElse(1);
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
