package io.evidencekit.video.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.evidencekit.spi.Consent;
import io.evidencekit.spi.Consultation;
import io.evidencekit.spi.Recording;
import io.evidencekit.spi.RecordingId;
import io.evidencekit.tck.video.SampleConsultation;
import io.evidencekit.tck.video.VideoPlatform;
import io.evidencekit.tck.video.VideoSamples;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * A consultation platform implementing the module's OpenAPI contract over the JDK's HTTP server, in
 * memory, for tests. Its state outlives the sources connected to it (a source "restarts" by connecting
 * again). Two views share that state: {@code /p/v1/}, where {@link #faults()} apply, and
 * {@code /cut/v1/}, where every recording download breaks off after {@link #cutAfter} bytes (the kit's
 * "platform failing mid-stream"). Every request is recorded for the tests' assertions.
 */
final class FakePlatform implements VideoPlatform {
  static final String TOKEN = "c2VjcmV0LXRva2VuLWZvci10ZXN0cw";
  static final String PLATFORM = "FakeRVR";
  private static final Pattern CURSOR = Pattern.compile("s([0-9]{1,9})");

  /** One request as the platform saw it. */
  record Seen(String method, String path, @Nullable String query, @Nullable String authorization, @Nullable String range) {}

  private record Published(int seq, Consultation consultation, Map<RecordingId, byte[]> content) {}

  private record Deleted(Instant at, String confirmation) {}

  private final ObjectMapper json = new ObjectMapper();
  private final List<Published> published = new ArrayList<>();
  private final Map<String, Deleted> deleted = new HashMap<>();
  private final Map<String, UnaryOperator<ObjectNode>> rewrites = new HashMap<>();
  private final List<Seen> seen = new CopyOnWriteArrayList<>();
  private final Faults faults = new Faults();
  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final Clock clock;
  private final Sleeps sleeps;
  private final boolean tls;
  private @Nullable SSLContext clientContext;
  private long cutAfter;
  private volatile boolean ignoreLimit;

  private FakePlatform(HttpServer server, Clock clock, Sleeps sleeps, boolean tls) {
    this.server = server;
    this.clock = clock;
    this.sleeps = sleeps;
    this.tls = tls;
    server.setExecutor(threads);
    server.createContext("/p/v1/", exchange -> handle(exchange, "/p/v1/", false));
    server.createContext("/cut/v1/", exchange -> handle(exchange, "/cut/v1/", true));
    server.start();
  }

  /** A plain-http platform on loopback, bearer token required. */
  static FakePlatform start(Clock clock, Sleeps sleeps) throws IOException {
    return new FakePlatform(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0), clock, sleeps, false);
  }

  /**
   * An https platform on loopback that requires a client certificate trusted by {@code server}'s context;
   * the sources it connects present {@code client} and send no token.
   */
  static FakePlatform startMutualTls(SSLContext server, SSLContext client, Clock clock, Sleeps sleeps) throws IOException {
    HttpsServer https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    https.setHttpsConfigurator(new HttpsConfigurator(server) {
      @Override
      public void configure(HttpsParameters params) {
        javax.net.ssl.SSLParameters p = server.getDefaultSSLParameters();
        p.setNeedClientAuth(true);
        params.setSSLParameters(p);
      }
    });
    FakePlatform platform = new FakePlatform(https, clock, sleeps, true);
    platform.clientContext = client;
    return platform;
  }

  URI baseUri() {
    return URI.create((tls ? "https" : "http") + "://localhost:" + server.getAddress().getPort() + "/p/v1/");
  }

  URI cutBaseUri() {
    return URI.create((tls ? "https" : "http") + "://localhost:" + server.getAddress().getPort() + "/cut/v1/");
  }

  Faults faults() {
    return faults;
  }

  List<Seen> seen() {
    return List.copyOf(seen);
  }

  /** Replaces a recording's bytes at the platform (a platform re-encoding a file it already listed). */
  synchronized void replaceBytes(String consultationId, RecordingId recording, byte[] bytes) {
    published.stream().filter(p -> p.consultation().id().value().equals(consultationId)).findFirst()
        .orElseThrow().content().put(recording, bytes.clone());
  }

  /** From now on, lists every consultation after the cursor, whatever limit is asked for (a broken platform). */
  void ignoreLimit() {
    ignoreLimit = true;
  }

  /** Changes a consultation's JSON as the platform sends it (to send what the contract forbids). */
  synchronized void rewrite(String consultationId, UnaryOperator<ObjectNode> change) {
    rewrites.put(consultationId, change);
  }

  /** A source over the faulty view, with fast retries whose waits are recorded, not waited. */
  HttpVideoSource.Builder sourceBuilder() {
    return authenticated(baseUri()).retryPolicy(new RetryPolicy(4, java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(8),
            java.time.Duration.ofMinutes(5), 5));
  }

  @Override
  public synchronized void publish(SampleConsultation sample) {
    published.add(new Published(published.size() + 1, sample.consultation(), new LinkedHashMap<>(sample.content())));
  }

  @Override
  public HttpVideoSource connect() {
    return sourceBuilder().build();
  }

  @Override
  public Optional<io.evidencekit.spi.VideoSource> connectFailingAfter(long bytes) {
    synchronized (this) {
      cutAfter = bytes;
    }
    return Optional.of(authenticated(cutBaseUri()).build());
  }

  private HttpVideoSource.Builder authenticated(URI base) {
    HttpVideoSource.Builder builder = HttpVideoSource.builder(base, PLATFORM).clock(clock).sleeper(sleeps);
    return clientContext != null ? builder.sslContext(clientContext) : builder.bearerToken(() -> TOKEN);
  }

  @Override
  public void close() {
    faults.closing.countDown();
    server.stop(0);
    threads.shutdownNow();
  }

  // ---- the HTTP side ----

  private void handle(HttpExchange exchange, String prefix, boolean cutView) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      String rawPath = exchange.getRequestURI().getRawPath().substring(prefix.length());
      seen.add(new Seen(method, rawPath, exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders().getFirst("Authorization"),
          exchange.getRequestHeaders().getFirst("Range")));
      if (!tls && !("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
        problem(exchange, 401, "unauthorized", Map.of("WWW-Authenticate", "Bearer"));
        return;
      }
      Optional<Faults.Action> fault = cutView ? Optional.empty() : faults.take(method, rawPath);
      if (fault.isPresent() && fault.get() instanceof Faults.Status s) {
        problem(exchange, s.status(), "injected", s.headers());
        return;
      }
      if (fault.isPresent() && fault.get() instanceof Faults.StallBeforeHeaders) {
        awaitClosing();
        return;
      }
      String[] parts = rawPath.split("/", -1);
      for (int i = 0; i < parts.length; i++) {
        parts[i] = URLDecoder.decode(parts[i], StandardCharsets.UTF_8);
      }
      if (method.equals("GET") && parts.length == 1 && parts[0].equals("consultations")) {
        list(exchange);
      } else if (method.equals("GET") && parts.length == 2 && parts[0].equals("consultations")) {
        consultation(exchange, parts[1]);
      } else if (method.equals("DELETE") && parts.length == 4 && parts[2].equals("recordings")) {
        delete(exchange, parts[1], parts[3]);
      } else if ((method.equals("GET") || method.equals("HEAD")) && parts.length == 5 && parts[2].equals("recordings")
          && parts[4].equals("content")) {
        long cut;
        synchronized (this) {
          cut = cutView ? cutAfter : -1;
        }
        if (fault.isPresent() && fault.get() instanceof Faults.Cut c) {
          cut = c.afterBytes();
        }
        long stall = fault.isPresent() && fault.get() instanceof Faults.StallAfter s ? s.afterBytes() : -1;
        content(exchange, parts[1], parts[3], cut, stall);
      } else {
        problem(exchange, 404, "no such path", Map.of());
      }
    }
  }

  private void awaitClosing() {
    try {
      faults.closing.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void list(HttpExchange exchange) throws IOException {
    Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
    int limit;
    try {
      limit = Integer.parseInt(query.getOrDefault("limit", "100"));
    } catch (NumberFormatException e) {
      problem(exchange, 400, "bad limit", Map.of());
      return;
    }
    int after = 0;
    if (query.containsKey("after")) {
      Matcher m = CURSOR.matcher(query.get("after"));
      if (!m.matches()) {
        problem(exchange, 400, "invalid_cursor", Map.of());
        return;
      }
      after = Integer.parseInt(m.group(1));
    }
    if (limit < 1 || limit > 1000) {
      problem(exchange, 400, "bad limit", Map.of());
      return;
    }
    ObjectNode page = json.createObjectNode();
    ArrayNode items = page.putArray("consultations");
    int last = after;
    boolean more = false;
    synchronized (this) {
      for (Published p : published) {
        if (p.seq() <= after) {
          continue;
        }
        if (items.size() == limit && !ignoreLimit) {
          more = true;
          break;
        }
        items.add(consultationJson(p));
        last = p.seq();
      }
    }
    page.put("next", "s" + last);
    page.put("more", more);
    page.putArray("refused");
    send(exchange, 200, page);
  }

  private void consultation(HttpExchange exchange, String id) throws IOException {
    Optional<Published> p = find(id);
    if (p.isEmpty()) {
      problem(exchange, 404, "not_found", Map.of());
      return;
    }
    ObjectNode body;
    synchronized (this) {
      body = consultationJson(p.get());
    }
    send(exchange, 200, body);
  }

  private void delete(HttpExchange exchange, String consultation, String recording) throws IOException {
    Optional<Published> p = find(consultation);
    if (p.isEmpty() || p.get().consultation().recording(new RecordingId(recording)).isEmpty()) {
      problem(exchange, 404, "not_found", Map.of());
      return;
    }
    Deleted d;
    synchronized (this) {
      d = deleted.computeIfAbsent(consultation + "/" + recording,
          k -> new Deleted(clock.instant(), "fake-deletion-" + (deleted.size() + 1)));
    }
    ObjectNode receipt = json.createObjectNode();
    receipt.put("consultationId", consultation);
    receipt.put("recordingId", recording);
    receipt.put("deletedAt", d.at().toString());
    receipt.put("confirmation", d.confirmation());
    send(exchange, 200, receipt);
  }

  private void content(HttpExchange exchange, String consultation, String recording, long cut, long stall) throws IOException {
    Optional<Published> p = find(consultation);
    byte[] bytes;
    synchronized (this) {
      bytes = p.isEmpty() || deleted.containsKey(consultation + "/" + recording) ? null
          : p.get().content().get(new RecordingId(recording));
    }
    if (bytes == null) {
      problem(exchange, 404, "not_found", Map.of());
      return;
    }
    String etag = "\"" + VideoSamples.sha256(bytes).hex().substring(0, 16) + "\"";
    exchange.getResponseHeaders().set("ETag", etag);
    exchange.getResponseHeaders().set("Accept-Ranges", "bytes");
    exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
    long from = 0;
    String range = exchange.getRequestHeaders().getFirst("Range");
    String ifRange = exchange.getRequestHeaders().getFirst("If-Range");
    int status = 200;
    if (range != null && (ifRange == null || ifRange.equals(etag))) {
      Matcher m = Pattern.compile("bytes=([0-9]+)-").matcher(range);
      if (!m.matches()) {
        problem(exchange, 400, "bad range", Map.of());
        return;
      }
      from = Long.parseLong(m.group(1));
      if (from >= bytes.length) {
        exchange.getResponseHeaders().set("Content-Range", "bytes */" + bytes.length);
        problem(exchange, 416, "range not satisfiable", Map.of());
        return;
      }
      status = 206;
      exchange.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + (bytes.length - 1) + "/" + bytes.length);
    }
    long length = bytes.length - from;
    if (exchange.getRequestMethod().equals("HEAD")) {
      exchange.getResponseHeaders().set("Content-Length", Long.toString(length));
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    exchange.sendResponseHeaders(status, length);
    OutputStream out = exchange.getResponseBody();
    long send = cut >= 0 ? Math.min(cut, length) : stall >= 0 ? Math.min(stall, length) : length;
    out.write(bytes, (int) from, (int) send);
    out.flush();
    if (send < length && stall >= 0) {
      awaitClosing();
    }
    // A cut: closing the exchange with bytes still owed drops the connection, as a broken platform would.
  }

  private Optional<Published> find(String consultation) {
    synchronized (this) {
      return published.stream().filter(p -> p.consultation().id().value().equals(consultation)).findFirst();
    }
  }

  private ObjectNode consultationJson(Published p) {
    Consultation c = p.consultation();
    ObjectNode node = json.createObjectNode();
    node.put("id", c.id().value());
    node.put("callReference", c.callReference());
    ObjectNode officer = node.putObject("officer");
    officer.put("userId", c.officer().userId());
    officer.put("displayName", c.officer().displayName());
    node.put("caller", c.caller());
    node.put("start", c.start().toString());
    node.put("end", c.end().toString());
    ArrayNode recordings = node.putArray("recordings");
    for (Recording r : c.recordings()) {
      ObjectNode rec = recordings.addObject();
      rec.put("id", r.id().value());
      rec.put("size", r.size());
      rec.put("mediaType", r.mediaType());
      r.platformChecksum().ifPresent(sha -> rec.put("sha256", sha.hex()));
      String state = deleted.containsKey(c.id().value() + "/" + r.id().value()) ? "DELETED"
          : p.content().containsKey(r.id()) ? "AVAILABLE" : "MISSING";
      rec.put("state", state);
    }
    if (c.consent().isEmpty()) {
      node.putNull("consent");
    } else {
      Consent k = c.consent().get();
      ObjectNode consent = node.putObject("consent");
      consent.put("givenBy", k.givenBy());
      consent.put("at", k.at().toString());
      consent.put("method", k.method().name());
      consent.put("decision", k.decision().name());
      consent.put("recordingNoticeGiven", k.recordingNoticeGiven());
      ArrayNode others = consent.putArray("othersPresent");
      k.othersPresent().forEach(others::add);
      k.collateralIntrusionNote().ifPresent(n -> consent.put("collateralIntrusionNote", n));
    }
    UnaryOperator<ObjectNode> rewrite = rewrites.get(c.id().value());
    return rewrite == null ? node : rewrite.apply(node);
  }

  private void problem(HttpExchange exchange, int status, String code, Map<String, String> headers) throws IOException {
    headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
    ObjectNode body = json.createObjectNode();
    body.put("type", "about:blank");
    body.put("title", code);
    body.put("status", status);
    body.put("code", code);
    // What a careless platform might echo back: a test checks it never reaches a message.
    body.put("detail", "request carried Authorization: Bearer " + TOKEN);
    byte[] bytes = json.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/problem+json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  private void send(HttpExchange exchange, int status, ObjectNode body) throws IOException {
    byte[] bytes = json.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  private static Map<String, String> query(@Nullable String raw) {
    Map<String, String> out = new HashMap<>();
    if (raw == null) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return out;
  }
}
