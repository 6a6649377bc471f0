package io.evidencekit.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.evidencekit.api.Actor;
import io.evidencekit.api.CustodyAction;
import io.evidencekit.api.CustodyEvent;
import io.evidencekit.api.EmailAddress;
import io.evidencekit.api.EvidenceRequest;
import io.evidencekit.api.IssuedInvitation;
import io.evidencekit.api.NewEvidenceRequest;
import io.evidencekit.api.PhoneNumber;
import io.evidencekit.api.Recipient;
import io.evidencekit.api.RequestingOfficer;
import io.evidencekit.api.Submission;
import io.evidencekit.api.SubmissionState;
import io.evidencekit.core.EvidenceEngine;
import io.evidencekit.core.custody.AuditReport;
import io.evidencekit.notify.email.SmtpNotifier;
import io.evidencekit.notify.email.SmtpSettings;
import io.evidencekit.notify.email.TransportSecurity;
import io.evidencekit.spi.BlobStore;
import io.evidencekit.storage.fs.FilesystemBlobStore;
import io.evidencekit.tck.tools.ExternalTool;
import io.evidencekit.tck.tools.RequiresTool;
import io.evidencekit.tck.tools.ToolEnvironment;
import io.evidencekit.verify.Checkpoint;
import io.evidencekit.verify.Ed25519CheckpointSigner;
import io.evidencekit.verify.ProofVerifier;
import io.evidencekit.verify.SignedCheckpoint;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
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
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several nodes as separate JVMs ({@link ClusterNode}) on one embedded PostgreSQL (durable commits), sharing
 * a blob directory with the portal's staging beside it, behind Debian's haproxy (round robin, health
 * checked). Submitters speak tus over java.net.http through the balancer; one node is killed with SIGKILL
 * while uploads are under way. Kept small for a 2-core machine: 50 submitters, two files of 256 KiB each,
 * sent in 64 KiB PATCHes.
 */
@RequiresTool(ExternalTool.HAPROXY)
@DisplayName("Three nodes behind haproxy on one PostgreSQL")
@Timeout(value = 420, unit = TimeUnit.SECONDS)
class ClusterTest {
  private static final int NODES = 3;
  private static final String ORIGIN = "evidencekit.kent.police.example/custody";
  private static final String CSRF = "c".repeat(43);
  private static final Actor.Officer WRIGHT = Actor.Officer.of("pc-4471", "Wright, D.");
  private static final Actor.Officer AUDITOR = Actor.Officer.of("aud-7", "Khan, S.", "auditor");
  private static final EmailAddress OFFICER_EMAIL = new EmailAddress("d.wright@kent.police.example");

  @TempDir
  Path dir;

  private final Workload work = workload();
  private final int submitters = work.submitters();
  private final int files = work.fileSizes().size();
  private final int chunk = work.chunk();
  private final List<AutoCloseable> open = new ArrayList<>();
  private final List<Process> nodes = new ArrayList<>();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final AtomicLong acknowledged = new AtomicLong();
  private final AtomicBoolean killed = new AtomicBoolean();
  private final List<String> violations = new CopyOnWriteArrayList<>();
  private URI balancer;
  /** Node and balancer logs, kept after the test for a look when it fails. */
  private final Path logs = Path.of("target", "cluster-logs");

  @AfterEach
  void stopEverything() throws Exception {
    for (Process p : nodes) {
      p.destroyForcibly();
    }
    for (int i = open.size() - 1; i >= 0; i--) {
      try {
        open.get(i).close();
      } catch (Exception e) {
        // keep closing the rest
      }
    }
  }

  /** How many submitters, each sending files of these sizes in PATCHes of {@code chunk} bytes. */
  protected record Workload(int submitters, List<Integer> fileSizes, int chunk) {}

  /** Kept small for a 2-core machine: 50 submitters, two files of 256 KiB each, in 64 KiB PATCHes. */
  protected Workload workload() {
    return new Workload(50, List.of(256 << 10, 256 << 10), 64 << 10);
  }

  /** What every node stores into: settings added to each node's properties, and the office's blob store. */
  protected record Storage(Map<String, String> nodeSettings, BlobStore officeStore) {}

  /**
   * Starts the storage the nodes share (anything to stop goes to {@link #closeLater}): here a shared
   * directory, blobs and the portal's staging beside each other.
   */
  protected Storage startStorage(Path dir) throws Exception {
    return new Storage(Map.of(), new FilesystemBlobStore(dir.resolve("shared").resolve("blobs")));
  }

  /** Heap of each node JVM. */
  protected String nodeHeap() {
    return "-Xmx192m";
  }

  protected final void closeLater(AutoCloseable closeable) {
    open.add(closeable);
  }

  /** What one submitter did. */
  private record Outcome(EvidenceRequest request, List<String> sha256s, int resumes) {}

  @Test
  @DisplayName("with a node killed mid-upload every acknowledged byte survives, every upload completes through another node, each submission is recorded once with one officer email, and the log audits intact as one tree")
  void killOneNodeMidUpload() throws Exception {
    EmbeddedPostgres postgres = EmbeddedPostgres.builder()
        .setServerConfig("synchronous_commit", "on")
        .setServerConfig("max_connections", "300")
        .start();
    open.add(postgres);
    try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE cluster");
    }
    DataSource database = postgres.getDatabase("postgres", "cluster");
    int smtpPort = freePort();
    GreenMail mail = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    mail.start();
    open.add(mail::stop);

    byte[] outboxKey = new byte[32];
    new SecureRandom().nextBytes(outboxKey);
    byte[] signingKey = Ed25519CheckpointSigner.generate(ORIGIN, new SecureRandom()).privateKey();
    Path shared = dir.resolve("shared");
    Files.createDirectories(logs);
    int balancerPort = freePort();
    balancer = URI.create("http://127.0.0.1:" + balancerPort + "/");

    // The force's own system (the test): officers create requests on the same database; it delivers nothing.
    Storage storage = startStorage(dir);
    EvidenceEngine office = EvidenceEngine.builder().dataSource(database)
        .blobStore(storage.officeStore()).forceCode("46")
        .portalLinkBase(balancer.resolve("r/")).outboxKey(outboxKey).logOrigin(ORIGIN)
        .checkpointSigner(Ed25519CheckpointSigner.fromPrivateKey(ORIGIN, signingKey))
        // The nodes send the links; the office names the channel so its links are queued for email.
        .notifier(new SmtpNotifier(SmtpSettings.builder("127.0.0.1", new EmailAddress("no-reply@kent.police.example"),
            "Kent Police").port(smtpPort).security(TransportSecurity.NONE).build()))
        .manualDelivery().build();
    open.add(storage.officeStore());
    open.add(office);

    List<Integer> ports = new ArrayList<>();
    for (int n = 1; n <= NODES; n++) {
      int port = freePort();
      ports.add(port);
      Properties p = new Properties();
      p.setProperty("jdbcUrl", "jdbc:postgresql://localhost:" + postgres.getPort() + "/cluster");
      p.setProperty("user", "postgres");
      p.setProperty("sharedDirectory", shared.toString());
      p.setProperty("port", Integer.toString(port));
      p.setProperty("smtpPort", Integer.toString(smtpPort));
      p.setProperty("publicBase", balancer.toString());
      p.setProperty("outboxKey", HexFormat.of().formatHex(outboxKey));
      p.setProperty("signingKey", HexFormat.of().formatHex(signingKey));
      p.setProperty("logOrigin", ORIGIN);
      p.setProperty("localDirectory", dir.resolve("node" + n).toString());
      storage.nodeSettings().forEach(p::setProperty);
      Path settings = dir.resolve("node" + n + ".properties");
      try (var out = Files.newOutputStream(settings)) {
        p.store(out, "cluster node " + n);
      }
      nodes.add(startNode(n, settings));
    }
    for (Process node : nodes) {
      awaitReady(node);
    }
    Process haproxy = startHaproxy(balancerPort, ports);
    open.add(haproxy::destroyForcibly);
    awaitHealthy();

    List<IssuedInvitation> links = new ArrayList<>();
    List<EvidenceRequest> requests = new ArrayList<>();
    for (int i = 0; i < submitters; i++) {
      EvidenceRequest r = office.officers().createRequest(WRIGHT, new NewEvidenceRequest("Burglary at " + (i + 1)
          + " High Street", "CCTV from 01:00 to 03:00 on 3 May.", new RequestingOfficer("pc-4471", "Wright, D.",
          OFFICER_EMAIL, new PhoneNumber("+441622690690")),
          new Recipient("D Smith", Optional.of(new EmailAddress("witness" + i + "@example.org")), Optional.empty())));
      requests.add(r);
      links.add(office.officers().issueInvitation(WRIGHT, r.id(), "initial request"));
    }

    System.out.printf("cluster: database, mail, %d nodes and the balancer up%n", NODES);
    long total = (long) submitters * work.fileSizes().stream().mapToLong(Integer::longValue).sum();
    long started = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(submitters);
    List<Future<Outcome>> running = new ArrayList<>();
    for (int i = 0; i < submitters; i++) {
      int n = i;
      running.add(pool.submit(() -> submitter(n, requests.get(n), links.get(n).token(), total)));
    }
    List<Outcome> outcomes = new ArrayList<>();
    Thread progress = new Thread(() -> {
      try {
        while (true) {
          Thread.sleep(5_000);
          System.out.printf("cluster: %d of %d bytes acknowledged%n", acknowledged.get(), total);
        }
      } catch (InterruptedException e) {
        // done
      }
    });
    progress.setDaemon(true);
    progress.start();
    try {
      for (Future<Outcome> f : running) {
        outcomes.add(f.get(180, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
      progress.interrupt();
    }
    long tookMs = Duration.ofNanos(System.nanoTime() - started).toMillis();
    int resumes = outcomes.stream().mapToInt(Outcome::resumes).sum();
    System.out.printf("cluster: %d submitters, %d files of %s bytes, node 2 killed: %s; %d resumes; %d ms%n",
        submitters, submitters * files, work.fileSizes(), killed.get(), resumes, tookMs);

    assertThat(killed).as("a node was killed while uploads were under way").isTrue();
    assertThat(nodes.get(1).isAlive()).isFalse();
    assertThat(violations).as("acknowledged bytes lost or wrong hashes").isEmpty();
    assertThat(resumes).as("some uploads were cut by the kill and resumed through another node").isPositive();

    long phase = System.nanoTime();
    // Each submission recorded exactly once, with exactly its files.
    Map<io.evidencekit.api.RequestId, List<CustodyEvent>> byRequest = office.custody()
        .events(AUDITOR, 0, 10_000, "check the cluster test").stream().filter(e -> e.requestId().isPresent())
        .collect(Collectors.groupingBy(e -> e.requestId().orElseThrow()));
    for (Outcome o : outcomes) {
      List<Submission> submissions = office.officers().submissions(WRIGHT, o.request().id(), "check the cluster test");
      assertThat(submissions.stream().filter(s -> s.state() == SubmissionState.SUBMITTED))
          .as("submissions of %s", o.request().reference()).hasSize(1);
      Submission s = submissions.stream().filter(x -> x.state() == SubmissionState.SUBMITTED).findFirst().orElseThrow();
      assertThat(s.items()).extracting(i -> i.sha256().hex()).containsExactlyInAnyOrderElementsOf(o.sha256s());
      List<CustodyEvent> events = byRequest.getOrDefault(o.request().id(), List.of());
      assertThat(events).filteredOn(e -> e.action() == CustodyAction.SUBMISSION_SUBMITTED).hasSize(1);
      assertThat(events).filteredOn(e -> e.action() == CustodyAction.ITEM_RECEIVED).hasSize(files);
    }

    System.out.printf("cluster: submissions checked in %d ms%n", Duration.ofNanos(System.nanoTime() - phase).toMillis());
    phase = System.nanoTime();
    // One officer email per submission, once every message is out of the outbox. A message the killed node had
    // claimed waits for its lease (2 minutes) to run out before a surviving node sends it: wait past that.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (office.operations().pendingNotifications() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(200); // waiting for the surviving nodes' outbox workers, not timing anything
    }
    assertThat(office.operations().pendingNotifications()).isZero();
    // The outbox delivers at least once: a message the killed node sent but had not recorded is sent again by
    // a survivor under the same Message-ID, which a mail client shows once. Count distinct messages.
    List<MimeMessage> received = distinctMessages(mail.getReceivedMessages());
    Map<String, Long> toOfficer = received.stream()
        .filter(m -> recipients(m).contains(OFFICER_EMAIL.value()))
        .collect(Collectors.groupingBy(ClusterTest::subject, Collectors.counting()));
    assertThat(toOfficer.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(submitters);
    for (int i = 0; i < submitters; i++) {
      String witness = "witness" + i + "@example.org";
      assertThat(received.stream().filter(m -> recipients(m).contains(witness)))
          .as("invitations to %s: %s; all recipients: %s", witness,
              office.officers().deliveries(WRIGHT, requests.get(i).id(), "check the cluster test"),
              Arrays.stream(mail.getReceivedMessages()).map(ClusterTest::recipients).limit(3).toList()).hasSize(1);
    }
    for (EvidenceRequest r : requests) {
      assertThat(toOfficer.entrySet().stream().filter(e -> e.getKey().contains(r.reference().toString()))
          .mapToLong(Map.Entry::getValue).sum()).as("officer emails about %s", r.reference()).isEqualTo(1);
    }

    System.out.printf("cluster: emails checked in %d ms%n", Duration.ofNanos(System.nanoTime() - phase).toMillis());
    phase = System.nanoTime();
    // The custody log audits intact, and every checkpoint any node made is of one tree.
    SignedCheckpoint last = office.custody().checkpoint();
    AuditReport report = office.custody().audit(office.custody().verifierKey());
    assertThat(report.findings()).isEmpty();
    assertThat(report.intact()).isTrue();
    Checkpoint head = Checkpoint.verify(last.bytes(), office.custody().verifierKey());
    List<SignedCheckpoint> all = office.custody().checkpoints();
    assertThat(all.size()).as("scheduled checkpoints by the nodes, plus the last").isGreaterThan(1);
    for (SignedCheckpoint c : all) {
      if (c.size() < last.size()) {
        assertThat(ProofVerifier.verifyConsistency(c.size(), last.size(),
            office.custody().consistencyProof(c.size(), last.size()).proof(), c.checkpoint().root(), head.root()).valid())
            .isTrue();
      }
    }
    // One scheduled checkpoint per size; the test's own on-demand one may repeat the size of the last scheduled one.
    assertThat(all).filteredOn(c -> !Arrays.equals(c.bytes(), last.bytes())).extracting(SignedCheckpoint::size)
        .doesNotHaveDuplicates();
    System.out.printf("cluster: %d events, %d checkpoints, audited in %d ms%n", last.size(), all.size(),
        Duration.ofNanos(System.nanoTime() - phase).toMillis());
  }

  // ------------------------------------------------------------------ one submitter

  private Outcome submitter(int n, EvidenceRequest request, String token, long total) throws Exception {
    URI base = balancer.resolve("r/" + token + "/");
    String submission = start(base);
    Random random = new Random(n);
    List<String> shas = new ArrayList<>();
    int resumes = 0;
    for (int f = 0; f < files; f++) {
      byte[] content = new byte[work.fileSizes().get(f)];
      random.nextBytes(content);
      String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
      URI upload = create(base, submission, content.length, "camera-" + f + ".mp4");
      long acked = 0;
      String sha = null;
      while (sha == null) {
        int end = (int) Math.min(content.length, acked + chunk);
        HttpResponse<String> r = trySend(authed(upload).header("Upload-Offset", Long.toString(acked))
            .header("Content-Type", "application/offset+octet-stream")
            .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(Arrays.copyOfRange(content, (int) acked, end))));
        if (r != null && r.statusCode() == 204) {
          long offset = Long.parseLong(r.headers().firstValue("Upload-Offset").orElseThrow());
          note(acked, offset, request);
          acknowledged.addAndGet(offset - acked);
          acked = offset;
          sha = r.headers().firstValue("Evidence-Sha256").orElse(null);
          maybeKill(total);
          continue;
        }
        // Cut off (the node died), refused while the balancer caught up, or an offset conflict: ask where it stands.
        resumes++;
        HttpResponse<String> head = send(authed(upload).method("HEAD", HttpRequest.BodyPublishers.noBody()));
        if (head.statusCode() != 200) {
          violations.add(request.reference() + ": HEAD answered " + head.statusCode());
          throw new IllegalStateException("upload lost: HEAD " + head.statusCode());
        }
        long offset = Long.parseLong(head.headers().firstValue("Upload-Offset").orElseThrow());
        note(acked, offset, request);
        acked = offset;
        sha = head.headers().firstValue("Evidence-Sha256").orElse(null);
      }
      if (!sha.equals(expected)) {
        violations.add(request.reference() + ": file " + f + " hashed " + sha + ", sent " + expected);
      }
      shas.add(expected);
    }
    submit(base, submission, shas);
    return new Outcome(request, shas, resumes);
  }

  private void note(long acked, long offset, EvidenceRequest request) {
    if (offset < acked) {
      violations.add(request.reference() + ": offset went back from " + acked + " to " + offset);
    }
  }

  private void maybeKill(long total) {
    if (acknowledged.get() >= total / 3 && killed.compareAndSet(false, true)) {
      nodes.get(1).destroyForcibly(); // SIGKILL: no shutdown hook, no goodbye
    }
  }

  private String start(URI base) {
    HttpResponse<String> r = send(authed(base.resolve("start")).POST(HttpRequest.BodyPublishers.noBody()));
    assertThat(r.statusCode()).as("start: %s", r.body()).isIn(200, 201);
    return r.body().replaceAll(".*\"submission\":\"([^\"]+)\".*", "$1").trim();
  }

  private URI create(URI base, String submission, long length, String name) {
    String meta = "filename " + b64(name) + ",filetype " + b64("video/mp4") + ",submission " + b64(submission);
    HttpResponse<String> r = send(authed(base.resolve("uploads")).header("Upload-Length", Long.toString(length))
        .header("Upload-Metadata", meta).POST(HttpRequest.BodyPublishers.noBody()));
    assertThat(r.statusCode()).as("create: %s", r.body()).isEqualTo(201);
    return base.resolve("uploads").resolve(r.headers().firstValue("Location").orElseThrow());
  }

  private void submit(URI base, String submission, List<String> shas) {
    String form = "csrf=" + CSRF + "&submission=" + URLEncoder.encode(submission, StandardCharsets.UTF_8)
        + "&caption=front+camera&declaration=agreed&files=" + shas.size();
    HttpResponse<String> r = send(HttpRequest.newBuilder(base.resolve("submit"))
        .header("Cookie", "ek_csrf=" + CSRF).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)));
    assertThat(r.statusCode()).as("submit").isEqualTo(200);
    for (String sha : shas) {
      assertThat(r.body()).contains(sha);
    }
  }

  private HttpRequest.Builder authed(URI uri) {
    return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).header("Tus-Resumable", "1.0.0")
        .header("X-CSRF-Token", CSRF).header("Cookie", "ek_csrf=" + CSRF);
  }

  /** One try: the answer, or null if the connection failed or the balancer had no node for it (5xx). */
  private HttpResponse<String> trySend(HttpRequest.Builder request) {
    try {
      HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return r.statusCode() >= 500 ? null : r;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Sends until a node answers (not 5xx), as a browser's retry would; the requests sent here are safe to repeat. */
  private HttpResponse<String> send(HttpRequest.Builder request) {
    for (int attempt = 1; ; attempt++) {
      HttpResponse<String> r = trySend(request);
      if (r != null) {
        return r;
      }
      if (attempt == 50) {
        throw new IllegalStateException("no node answered " + request.build().uri().getPath());
      }
      try {
        Thread.sleep(100); // back off while the balancer notices the dead node
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  // ------------------------------------------------------------------ processes

  private Process startNode(int n, Path settings) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(java, nodeHeap(), "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"), ClusterNode.class.getName(), settings.toString())
        .redirectError(logs.resolve("node" + n + ".log").toFile())
        .start();
  }

  /** Waits for a node's READY line, then keeps its stdout drained. Shared with {@link LoadBenchmark}. */
  static void awaitReady(Process node) throws IOException {
    BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
    for (String line; (line = out.readLine()) != null; ) {
      if (line.startsWith("READY")) {
        Thread drain = new Thread(() -> {
          try {
            while (out.readLine() != null) {
              // keep the pipe empty
            }
          } catch (IOException e) {
            // the node ended
          }
        });
        drain.setDaemon(true);
        drain.start();
        return;
      }
    }
    throw new IllegalStateException("a node ended before it was ready");
  }

  private Process startHaproxy(int port, List<Integer> nodePorts) throws IOException {
    return startHaproxy(dir, logs, port, nodePorts);
  }

  /**
   * Starts haproxy with {@link #HAPROXY_CFG} on {@code port} in front of {@code nodePorts}, its configuration in
   * {@code dir} and its log in {@code logs}. Shared with {@link LoadBenchmark}.
   */
  static Process startHaproxy(Path dir, Path logs, int port, List<Integer> nodePorts) throws IOException {
    StringBuilder cfg = new StringBuilder(HAPROXY_CFG.replace("BALANCER_PORT", Integer.toString(port)));
    for (int i = 0; i < nodePorts.size(); i++) {
      cfg.append("  server node").append(i + 1).append(" 127.0.0.1:").append(nodePorts.get(i)).append(" check\n");
    }
    Path file = dir.resolve("haproxy.cfg");
    Files.writeString(file, cfg);
    Path haproxy = ExternalTool.HAPROXY.locate(ToolEnvironment.ofThisProcess()).executable("haproxy");
    return new ProcessBuilder(haproxy.toString(), "-db", "-f", file.toString())
        .redirectErrorStream(true).redirectOutput(logs.resolve("haproxy.log").toFile()).start();
  }

  /** The deployment's balancer configuration (the README shows the same). */
  static final String HAPROXY_CFG = """
      global
        maxconn 2000
      defaults
        mode http
        timeout connect 2s
        timeout client 60s
        timeout server 60s
        retries 3
        option redispatch 1
        option forwardfor
      frontend portal
        bind 127.0.0.1:BALANCER_PORT
        default_backend nodes
      backend nodes
        balance roundrobin
        option httpchk GET /healthz
        http-check expect status 200
        timeout check 5s
        default-server inter 1s fall 3 rise 2
      """;

  private void awaitHealthy() throws InterruptedException {
    int ok = 0;
    for (int i = 0; i < 300 && ok < 2 * NODES; i++) {
      HttpResponse<String> r = trySend(HttpRequest.newBuilder(balancer.resolve("healthz")).timeout(Duration.ofSeconds(5)));
      ok = r != null && r.statusCode() == 200 ? ok + 1 : 0;
      if (ok < 2 * NODES) {
        Thread.sleep(100);
      }
    }
    assertThat(ok).as("the balancer reaches the nodes").isGreaterThanOrEqualTo(2 * NODES);
  }

  private static Set<String> recipients(Message m) {
    try {
      return Arrays.stream(m.getAllRecipients()).map(a -> ((jakarta.mail.internet.InternetAddress) a).getAddress())
          .collect(Collectors.toSet());
    } catch (jakarta.mail.MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<MimeMessage> distinctMessages(MimeMessage[] messages) {
    Map<String, MimeMessage> byId = new java.util.LinkedHashMap<>();
    for (MimeMessage m : messages) {
      try {
        byId.putIfAbsent(m.getMessageID(), m);
      } catch (jakarta.mail.MessagingException e) {
        throw new IllegalStateException(e);
      }
    }
    return List.copyOf(byId.values());
  }

  private static String subject(MimeMessage m) {
    try {
      return m.getSubject();
    } catch (jakarta.mail.MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
