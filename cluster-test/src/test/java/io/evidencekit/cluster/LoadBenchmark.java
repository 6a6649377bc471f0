package io.evidencekit.cluster;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.evidencekit.api.Actor;
import io.evidencekit.api.EmailAddress;
import io.evidencekit.api.EvidenceRequest;
import io.evidencekit.api.IssuedInvitation;
import io.evidencekit.api.NewEvidenceRequest;
import io.evidencekit.api.PhoneNumber;
import io.evidencekit.api.Recipient;
import io.evidencekit.api.RequestingOfficer;
import io.evidencekit.core.EvidenceEngine;
import io.evidencekit.notify.email.SmtpNotifier;
import io.evidencekit.notify.email.SmtpSettings;
import io.evidencekit.notify.email.TransportSecurity;
import io.evidencekit.storage.fs.FilesystemBlobStore;
import io.evidencekit.verify.Ed25519CheckpointSigner;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * Load on the whole portal through the balancer (a main, not a test): N node JVMs ({@link ClusterNode}, the
 * same as {@link ClusterTest}'s) on one embedded PostgreSQL ({@code fsync} and {@code synchronous_commit} on),
 * Debian's haproxy in front (the deployment's configuration, {@link ClusterTest#HAPROXY_CFG}), and simulated
 * submitters over java.net.http, each doing what a member of the public does: open the link (the request page),
 * start a submission, upload 3 files of 5 MB with tus (one creation and one PATCH each, as tus-js-client sends
 * a file it can read whole), submit, and read the receipt (the page the submit answers with). Each submitter
 * uses a link of its own; every file's bytes are different (no deduplication).
 *
 * <p>Closed loop: {@code bench.concurrency} submitters work through {@code bench.submissions} links; node counts
 * alternate from round to round, each run on a fresh database, shared directory and fresh node JVMs, after a
 * warm-up of one submission per submitter. Printed per run: submissions per hour, p50 and p99 latency of the
 * pages (the request page, start, the submit that returns the receipt; not uploads), upload times, errors, and
 * the CPU seconds of every process (nodes, PostgreSQL, haproxy, this client) beside the wall time.
 *
 * <p>Run: {@code mvn -q -pl cluster-test -am -Pbench-load process-test-classes} (options {@code -Dbench.nodes=1,2
 * -Dbench.rounds=2 -Dbench.submissions=120 -Dbench.concurrency=8 -Dbench.fileMb=5}). Needs haproxy.
 */
public final class LoadBenchmark {
  private static final String ORIGIN = "evidencekit.kent.police.example/custody";
  private static final String CSRF = "c".repeat(43);
  private static final Actor.Officer WRIGHT = Actor.Officer.of("pc-4471", "Wright, D.");
  private static final EmailAddress OFFICER_EMAIL = new EmailAddress("d.wright@kent.police.example");
  private static final int FILES = 3;

  private final EmbeddedPostgres postgres;
  private final int smtpPort;
  private final Path work;
  private final int submissions;
  private final int concurrency;
  private final int fileBytes;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();

  private LoadBenchmark(EmbeddedPostgres postgres, int smtpPort, Path work, int submissions, int concurrency, int fileBytes) {
    this.postgres = postgres;
    this.smtpPort = smtpPort;
    this.work = work;
    this.submissions = submissions;
    this.concurrency = concurrency;
    this.fileBytes = fileBytes;
  }

  public static void main(String[] args) throws Exception {
    int[] nodeCounts = Arrays.stream(System.getProperty("bench.nodes", "1,2").split(",")).mapToInt(Integer::parseInt).toArray();
    int rounds = Integer.getInteger("bench.rounds", 2);
    int submissions = Integer.getInteger("bench.submissions", 120);
    int concurrency = Integer.getInteger("bench.concurrency", 8);
    int fileMb = Integer.getInteger("bench.fileMb", 5);
    Path work = Path.of(System.getProperty("bench.dir", "target")).resolve("bench-load").toAbsolutePath();
    deleteTree(work);
    Files.createDirectories(work);
    System.out.printf(Locale.ROOT, "load benchmark: node counts %s, %d rounds, %d submissions per run, %d concurrent submitters,"
            + " %d files of %d MB each; %d CPUs, load average %.2f%n", Arrays.toString(nodeCounts), rounds, submissions,
        concurrency, FILES, fileMb, Runtime.getRuntime().availableProcessors(), load());
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(work.resolve("pg")).setCleanDataDirectory(true)
        .setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on")
        .setServerConfig("max_connections", "300").start()) {
      int smtpPort = freePort();
      GreenMail mail = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
      mail.start();
      try {
        LoadBenchmark bench = new LoadBenchmark(pg, smtpPort, work, submissions, concurrency, fileMb << 20);
        Map<Integer, List<Result>> results = new LinkedHashMap<>();
        for (int round = 1; round <= rounds; round++) {
          for (int i = 0; i < nodeCounts.length; i++) {
            int nodes = nodeCounts[round % 2 == 1 ? i : nodeCounts.length - 1 - i];
            Result r = bench.run(round, nodes);
            results.computeIfAbsent(nodes, k -> new ArrayList<>()).add(r);
            System.out.println(r.line(round));
            mail.purgeEmailFromAllMailboxes(); // keeps this JVM's heap flat across runs
          }
        }
        System.out.println("summary (goal: >= 10,000 submissions/h, page p99 < 500 ms, no errors):");
        for (Map.Entry<Integer, List<Result>> e : results.entrySet()) {
          for (Result r : e.getValue()) {
            System.out.printf(Locale.ROOT, "  %d node(s): %,6.0f submissions/h  page p50 %4.0f ms  p99 %5.0f ms  errors %d  -> %s%n",
                e.getKey(), r.perHour(), r.pageP50(), r.pageP99(), r.errors(),
                r.perHour() >= 10_000 && r.pageP99() < 500 && r.errors() == 0 ? "goal met" : "goal NOT met");
          }
        }
      } finally {
        mail.stop();
      }
    }
    deleteTree(work.resolve("pg")); // the node and balancer logs stay under bench-load/
  }

  /** What one run measured. */
  record Result(int nodes, int done, int errors, List<String> errorSamples, double seconds, double pageP50, double pageP99,
      double startP99, double openP99, double submitP99, double uploadP50, double uploadP99, Map<String, Double> cpu,
      double loadBefore, double loadAfter, long pendingMail) {
    double perHour() {
      return done / seconds * 3600;
    }

    String line(int round) {
      StringBuilder cpuText = new StringBuilder();
      cpu.forEach((k, v) -> cpuText.append(String.format(Locale.ROOT, " %s %.1f s", k, v)));
      return String.format(Locale.ROOT, "round %d, %d node(s): %d submissions in %.1f s = %,.0f/h | pages p50 %.0f ms p99 %.0f ms"
              + " (open p99 %.0f, start p99 %.0f, submit+receipt p99 %.0f) | 5 MB upload p50 %.0f ms p99 %.0f ms"
              + " | errors %d%s | CPU:%s | load %.2f -> %.2f | mail still queued %d", round, nodes, done, seconds,
          perHour(), pageP50, pageP99, openP99, startP99, submitP99, uploadP50, uploadP99, errors,
          errorSamples.isEmpty() ? "" : " " + errorSamples, cpuText, loadBefore, loadAfter, pendingMail);
    }
  }

  private Result run(int round, int nodeCount) throws Exception {
    String name = "load_r" + round + "_n" + nodeCount;
    try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
    DataSource database = postgres.getDatabase("postgres", name);
    Path dir = work.resolve(name);
    Path shared = dir.resolve("shared");
    Path logs = dir.resolve("logs");
    Files.createDirectories(logs);
    byte[] outboxKey = new byte[32];
    new SecureRandom().nextBytes(outboxKey);
    byte[] signingKey = Ed25519CheckpointSigner.generate(ORIGIN, new SecureRandom()).privateKey();
    int balancerPort = freePort();
    URI balancer = URI.create("http://127.0.0.1:" + balancerPort + "/");
    List<Process> nodes = new ArrayList<>();
    Process haproxy = null;
    EvidenceEngine office = EvidenceEngine.builder().dataSource(database)
        .blobStore(new FilesystemBlobStore(shared.resolve("blobs"))).forceCode("46")
        .portalLinkBase(balancer.resolve("r/")).outboxKey(outboxKey).logOrigin(ORIGIN)
        .checkpointSigner(Ed25519CheckpointSigner.fromPrivateKey(ORIGIN, signingKey))
        .notifier(new SmtpNotifier(SmtpSettings.builder("127.0.0.1", new EmailAddress("no-reply@kent.police.example"),
            "Kent Police").port(smtpPort).security(TransportSecurity.NONE).build()))
        .manualDelivery().build();
    try {
      List<Integer> ports = new ArrayList<>();
      for (int n = 1; n <= nodeCount; n++) {
        int port = freePort();
        ports.add(port);
        Properties p = new Properties();
        p.setProperty("jdbcUrl", "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + name);
        p.setProperty("user", "postgres");
        p.setProperty("sharedDirectory", shared.toString());
        p.setProperty("port", Integer.toString(port));
        p.setProperty("smtpPort", Integer.toString(smtpPort));
        p.setProperty("publicBase", balancer.toString());
        p.setProperty("outboxKey", HexFormat.of().formatHex(outboxKey));
        p.setProperty("signingKey", HexFormat.of().formatHex(signingKey));
        p.setProperty("logOrigin", ORIGIN);
        Path settings = dir.resolve("node" + n + ".properties");
        try (var out = Files.newOutputStream(settings)) {
          p.store(out, "load benchmark node " + n);
        }
        nodes.add(startNode(settings, logs.resolve("node" + n + ".log")));
      }
      for (Process node : nodes) {
        ClusterTest.awaitReady(node);
      }
      haproxy = ClusterTest.startHaproxy(dir, logs, balancerPort, ports);
      awaitHealthy(balancer, nodeCount);

      // The links, made by the force's own system before anything is timed: a link serves one submission.
      List<String> tokens = links(office, concurrency + submissions);
      Stats warmUp = new Stats();
      drive(balancer, tokens.subList(0, concurrency), warmUp);

      Stats stats = new Stats();
      Map<String, Long> cpu0 = cpu(nodes, haproxy);
      double loadBefore = load();
      long t0 = System.nanoTime();
      drive(balancer, tokens.subList(concurrency, tokens.size()), stats);
      double seconds = (System.nanoTime() - t0) / 1e9;
      Map<String, Long> cpu1 = cpu(nodes, haproxy);
      Map<String, Double> cpu = new LinkedHashMap<>();
      cpu1.forEach((k, v) -> cpu.put(k, (v - cpu0.getOrDefault(k, 0L)) / 1e9));
      long pending = office.operations().pendingNotifications();
      return new Result(nodeCount, stats.done.get(), stats.errors.get(), List.copyOf(stats.errorSamples), seconds,
          percentile(stats.pages, 50), percentile(stats.pages, 99), percentile(stats.start, 99), percentile(stats.open, 99),
          percentile(stats.submit, 99), percentile(stats.uploads, 50), percentile(stats.uploads, 99), cpu, loadBefore, load(),
          pending);
    } finally {
      for (Process node : nodes) {
        node.destroy();
      }
      for (Process node : nodes) {
        if (!node.waitFor(20, TimeUnit.SECONDS)) {
          node.destroyForcibly();
        }
      }
      if (haproxy != null) {
        haproxy.destroy();
        haproxy.waitFor(10, TimeUnit.SECONDS);
      }
      office.close();
      deleteTree(shared); // several GB of blobs per run otherwise
    }
  }

  private List<String> links(EvidenceEngine office, int count) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<String>> made = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        int n = i;
        made.add(pool.submit(() -> {
          EvidenceRequest r = office.officers().createRequest(WRIGHT, new NewEvidenceRequest("Burglary at " + (n + 1)
              + " High Street", "CCTV from 01:00 to 03:00 on 3 May.", new RequestingOfficer("pc-4471", "Wright, D.",
              OFFICER_EMAIL, new PhoneNumber("+441622690690")),
              new Recipient("D Smith", Optional.of(new EmailAddress("witness" + n + "@example.org")), Optional.empty())));
          IssuedInvitation link = office.officers().issueInvitation(WRIGHT, r.id(), "load benchmark");
          return link.token();
        }));
      }
      List<String> tokens = new ArrayList<>();
      for (Future<String> f : made) {
        tokens.add(f.get());
      }
      return tokens;
    } finally {
      pool.shutdownNow();
    }
  }

  /** Latencies in nanoseconds and counts; thread-safe. */
  private static final class Stats {
    final ConcurrentLinkedQueue<Long> pages = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<Long> open = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<Long> start = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<Long> submit = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<Long> uploads = new ConcurrentLinkedQueue<>();
    final AtomicInteger done = new AtomicInteger();
    final AtomicInteger errors = new AtomicInteger();
    final ConcurrentLinkedQueue<String> errorSamples = new ConcurrentLinkedQueue<>();

    void error(String what) {
      if (errors.incrementAndGet() <= 3) {
        errorSamples.add(what);
      }
    }
  }

  /** {@code concurrency} submitters take the links one after another until every link is used. */
  private void drive(URI balancer, List<String> tokens, Stats stats) throws Exception {
    AtomicInteger next = new AtomicInteger();
    int until = tokens.size();
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    AtomicLong uniq = new AtomicLong(System.nanoTime());
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int t = 0; t < concurrency; t++) {
        long seed = t;
        running.add(pool.submit(() -> {
          byte[] content = new byte[fileBytes];
          new SplittableRandom(seed).nextBytes(content);
          for (int i; (i = next.getAndIncrement()) < until; ) {
            try {
              submitter(balancer.resolve("r/" + tokens.get(i) + "/"), content, uniq, stats);
              stats.done.incrementAndGet();
            } catch (Exception e) {
              stats.error(e.getMessage());
            }
          }
          return null;
        }));
      }
      for (Future<?> f : running) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private void submitter(URI base, byte[] content, AtomicLong uniq, Stats stats) throws Exception {
    long t = System.nanoTime();
    URI link = URI.create(base.toString().substring(0, base.toString().length() - 1)); // the link as sent: /r/<token>
    HttpResponse<String> page = http.send(HttpRequest.newBuilder(link).timeout(Duration.ofSeconds(60)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    page(stats, stats.open, t);
    expect(page, 200, "open");

    t = System.nanoTime();
    HttpResponse<String> started = http.send(authed(base.resolve("start")).POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    page(stats, stats.start, t);
    if (started.statusCode() != 200 && started.statusCode() != 201) {
      throw new IllegalStateException("start answered " + started.statusCode());
    }
    String submission = started.body().replaceAll(".*\"submission\":\"([^\"]+)\".*", "$1").trim();

    MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
    List<String> shas = new ArrayList<>();
    for (int f = 0; f < FILES; f++) {
      // Different bytes every time: the engine deduplicates identical files.
      long u = uniq.incrementAndGet();
      for (int b = 0; b < 8; b++) {
        content[b] = (byte) (u >>> (8 * b));
      }
      String expected = HexFormat.of().formatHex(sha256.digest(content));
      t = System.nanoTime();
      String meta = "filename " + b64("camera-" + f + ".mp4") + ",filetype " + b64("video/mp4") + ",submission " + b64(submission);
      HttpResponse<String> created = http.send(authed(base.resolve("uploads")).header("Upload-Length", Integer.toString(content.length))
          .header("Upload-Metadata", meta).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
      expect(created, 201, "tus create");
      URI upload = base.resolve("uploads").resolve(created.headers().firstValue("Location").orElseThrow());
      HttpResponse<String> patched = http.send(authed(upload).header("Upload-Offset", "0")
          .header("Content-Type", "application/offset+octet-stream")
          .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(content)).build(), HttpResponse.BodyHandlers.ofString());
      stats.uploads.add(System.nanoTime() - t);
      expect(patched, 204, "tus PATCH");
      String sha = patched.headers().firstValue("Evidence-Sha256").orElse("");
      if (!sha.equals(expected)) {
        throw new IllegalStateException("file hashed " + sha + ", sent " + expected);
      }
      shas.add(expected);
    }

    String form = "csrf=" + CSRF + "&submission=" + URLEncoder.encode(submission, StandardCharsets.UTF_8)
        + "&caption=front+camera&declaration=agreed&files=" + shas.size();
    t = System.nanoTime();
    HttpResponse<String> receipt = http.send(HttpRequest.newBuilder(base.resolve("submit")).timeout(Duration.ofSeconds(60))
        .header("Cookie", "ek_csrf=" + CSRF).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    page(stats, stats.submit, t);
    expect(receipt, 200, "submit");
    for (String sha : shas) {
      if (!receipt.body().contains(sha)) {
        throw new IllegalStateException("the receipt lacks a file's SHA-256");
      }
    }
  }

  private static void page(Stats stats, ConcurrentLinkedQueue<Long> kind, long t0) {
    long nanos = System.nanoTime() - t0;
    stats.pages.add(nanos);
    kind.add(nanos);
  }

  private static void expect(HttpResponse<String> r, int status, String what) {
    if (r.statusCode() != status) {
      throw new IllegalStateException(what + " answered " + r.statusCode());
    }
  }

  private static HttpRequest.Builder authed(URI uri) {
    return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).header("Tus-Resumable", "1.0.0")
        .header("X-CSRF-Token", CSRF).header("Cookie", "ek_csrf=" + CSRF);
  }

  private static double percentile(ConcurrentLinkedQueue<Long> nanos, int p) {
    long[] s = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
    return s.length == 0 ? Double.NaN : s[Math.min(s.length - 1, (int) Math.ceil(s.length * p / 100.0) - 1)] / 1e6;
  }

  // ------------------------------------------------------------------ processes and their CPU time

  private static Process startNode(Path settings, Path log) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // As a host would run a node: the default JIT (ClusterTest stops at C1 to start faster), a small heap.
    return new ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
        ClusterNode.class.getName(), settings.toString())
        .redirectError(log.toFile())
        .start();
  }

  private void awaitHealthy(URI balancer, int nodes) throws Exception {
    int ok = 0;
    for (int i = 0; i < 600 && ok < 2 * nodes; i++) {
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(balancer.resolve("healthz")).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.ofString());
        ok = r.statusCode() == 200 ? ok + 1 : 0;
      } catch (IOException e) {
        ok = 0;
      }
      if (ok < 2 * nodes) {
        Thread.sleep(100); // waiting for haproxy's health checks, not timing anything
      }
    }
    if (ok < 2 * nodes) {
      throw new IllegalStateException("the balancer does not reach the nodes");
    }
  }

  /** CPU nanoseconds so far of each node, of PostgreSQL (postmaster, reaped and live children), haproxy and this JVM. */
  private Map<String, Long> cpu(List<Process> nodes, Process haproxy) throws IOException {
    Map<String, Long> cpu = new LinkedHashMap<>();
    for (int i = 0; i < nodes.size(); i++) {
      cpu.put("node" + (i + 1), ticks(nodes.get(i).pid(), false));
    }
    long postmaster = Long.parseLong(Files.readAllLines(work.resolve("pg").resolve("postmaster.pid")).get(0).trim());
    long pg = ticks(postmaster, true);
    String children = Files.readString(Path.of("/proc", Long.toString(postmaster), "task", Long.toString(postmaster), "children"));
    for (String child : children.trim().split(" ")) {
      if (!child.isEmpty()) {
        pg += ticks(Long.parseLong(child), false);
      }
    }
    cpu.put("postgres", pg);
    cpu.put("haproxy", ticks(haproxy.pid(), false));
    cpu.put("client", ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime());
    return cpu;
  }

  /** utime + stime (+ reaped children's with {@code children}) of a process, in nanoseconds; 0 once it is gone. */
  private static long ticks(long pid, boolean children) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long t = Long.parseLong(f[11]) + Long.parseLong(f[12]);
      if (children) {
        t += Long.parseLong(f[13]) + Long.parseLong(f[14]);
      }
      return t * 10_000_000L; // USER_HZ is 100 on Linux
    } catch (IOException e) {
      return 0;
    }
  }

  private static double load() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }
}
