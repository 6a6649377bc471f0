package io.evidencekit.video.http;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.spi.Consultation;
import io.evidencekit.spi.ConsultationId;
import io.evidencekit.spi.ConsultationPage;
import io.evidencekit.spi.DeletionReceipt;
import io.evidencekit.spi.Recording;
import io.evidencekit.spi.RecordingId;
import io.evidencekit.spi.RecordingState;
import io.evidencekit.spi.VideoCursor;
import io.evidencekit.spi.VideoSource;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * A {@link VideoSource} for a consultation platform that offers the HTTP contract shipped with this module
 * ({@code io/evidencekit/video/http/video-source-openapi.yaml}): JSON over HTTPS, a bearer token and/or a
 * client certificate (mutual TLS).
 *
 * <pre>{@code
 * VideoSource source = HttpVideoSource.builder(URI.create("https://rvr.example.net/evidencekit/v1/"), "GoodSAM")
 *     .bearerToken(() -> secrets.read("goodsam-token"))
 *     .build();
 * }</pre>
 *
 * <p>What it guarantees on top of the {@link VideoSource} rules:
 * <ul>
 *   <li>A recording streams exactly its listed size: a cut or stalled download resumes with {@code Range}
 *       from the offset read so far, a bounded number of times, then throws {@link IOException}.
 *   <li>5xx answers, 429 and an unreachable platform are retried within the {@link RetryPolicy}; a
 *       {@code Retry-After} is honoured up to its bound. Then {@link IOException}.
 *   <li>400 is {@code INVALID_INPUT} (a cursor the platform does not know, for one), 401 and 403
 *       {@code CONFIGURATION}, 404 {@code NOT_FOUND}. Redirects are never followed, so a token never
 *       travels to another address.
 *   <li>A platform's SHA-256 is checked to be well formed and passed on as given; a consultation with a
 *       malformed one, or any field out of the contract, is reported in {@link ConsultationPage#refused()}
 *       of the page that held it. JSON answers are refused past a size bound.
 *   <li>Plain {@code http} is refused except to a loopback address, unless the host allows it explicitly.
 *   <li>Messages name operations, ids and statuses; never the token, nor what the platform wrote in a body.
 * </ul>
 *
 * <p>Thread-safe: any method from any thread. The caller closes the streams {@link #open} returns; the
 * host closes the source ({@link #close()} is idempotent and shuts down the stall-watch thread the source
 * started, not a scheduler the host gave). A stream opened before {@code close} still reads, without the
 * stall watch when the source owned it. The JDK's HTTP client has no {@code close} in Java 17: its
 * threads end once the source is no longer referenced (or run on the host's {@link Builder#executor}).
 */
public final class HttpVideoSource implements VideoSource {
  static final String CURSOR_PREFIX = "http1:";
  private static final Pattern PLATFORM_NAME = Pattern.compile("[\\x20-\\x7e]{1,64}");

  private final String platform;
  private final PlatformClient client;
  private final PlatformJson json = new PlatformJson();
  private final int maxPageSize;
  private final Duration readTimeout;
  private final ScheduledExecutorService scheduler;
  private final boolean ownsScheduler;
  private volatile boolean closed;

  private HttpVideoSource(Builder b, HttpClient http, ScheduledExecutorService scheduler, boolean ownsScheduler) {
    this.platform = b.platform;
    this.client = new PlatformClient(http, b.baseUri, b.bearerToken, b.requestTimeout, b.retryPolicy, b.sleeper,
        b.clock, b.maxJsonBytes);
    this.maxPageSize = b.maxPageSize;
    this.readTimeout = b.readTimeout;
    this.scheduler = scheduler;
    this.ownsScheduler = ownsScheduler;
  }

  /**
   * Starts a builder.
   *
   * @param baseUri where the contract's paths start (its {@code servers} URL), e.g.
   *     {@code https://rvr.example.net/evidencekit/v1/}; a trailing slash is added when missing
   * @param platform the platform's name, recorded as the source of what is imported (e.g. {@code GoodSAM})
   */
  public static Builder builder(URI baseUri, String platform) {
    return new Builder(baseUri, platform);
  }

  @Override
  public String platform() {
    return platform;
  }

  private void checkOpen() {
    if (closed) {
      throw new EvidenceException(ErrorCode.CLOSED, "the HTTP video source for " + platform + " is closed");
    }
  }

  @Override
  public ConsultationPage list(Optional<VideoCursor> after, int limit) throws IOException {
    checkOpen();
    if (limit < 1 || limit > 1000) {
      throw new EvidenceException(ErrorCode.INVALID_INPUT, "a page limit is 1 to 1000");
    }
    int asked = Math.min(limit, maxPageSize);
    StringBuilder path = new StringBuilder("consultations?limit=").append(asked);
    if (after.isPresent()) {
      String value = after.get().value();
      if (!value.startsWith(CURSOR_PREFIX) || value.length() == CURSOR_PREFIX.length()) {
        throw new EvidenceException(ErrorCode.INVALID_INPUT, "not a cursor of an HTTP video source");
      }
      path.append("&after=").append(PlatformClient.encode(value.substring(CURSOR_PREFIX.length())));
    }
    String what = "list consultations";
    HttpResponse<InputStream> response = client.exchange("GET", path.toString(), Map.of("Accept", "application/json"), what);
    if (response.statusCode() == 400 && after.isPresent()) {
      PlatformClient.discard(response);
      throw new EvidenceException(ErrorCode.INVALID_INPUT, what + ": the platform does not know this cursor (HTTP 400)");
    }
    if (response.statusCode() == 404) {
      PlatformClient.discard(response);
      throw new EvidenceException(ErrorCode.CONFIGURATION, what + ": the platform answered 404 for its listing; check the base URI");
    }
    if (response.statusCode() != 200) {
      throw client.failure(response, what);
    }
    PlatformJson.Page page = json.page(client.json(response, what), asked, 1024 - CURSOR_PREFIX.length());
    return new ConsultationPage(page.consultations(), new VideoCursor(CURSOR_PREFIX + page.next()), page.more(), page.refused());
  }

  @Override
  public InputStream open(ConsultationId consultation, RecordingId recording) throws IOException {
    checkOpen();
    String what = "open recording " + recording + " of consultation " + consultation;
    Recording listed = fetch(consultation, what).recording(recording)
        .orElseThrow(() -> notFound(what, "the consultation has no such recording"));
    if (listed.state() != RecordingState.AVAILABLE) {
      throw notFound(what, "the platform lists it " + listed.state());
    }
    try {
      return ResumingDownload.open(client, recordingPath(consultation, recording) + "/content", listed.size(), what,
          scheduler, readTimeout);
    } catch (RejectedExecutionException e) {
      // The stall watch's scheduler is shut down: this source was closed meanwhile, or the host's scheduler was.
      throw new EvidenceException(ErrorCode.CLOSED, what + ": the source (or its scheduler) is closed", e);
    }
  }

  @Override
  public DeletionReceipt delete(ConsultationId consultation, RecordingId recording) throws IOException {
    checkOpen();
    String what = "delete recording " + recording + " of consultation " + consultation;
    HttpResponse<InputStream> response = client.exchange("DELETE", recordingPath(consultation, recording),
        Map.of("Accept", "application/json"), what);
    if (response.statusCode() != 200) {
      if (response.statusCode() == 202) {
        PlatformClient.discard(response);
        throw new IOException(what + ": the platform accepted the deletion but has not confirmed it yet; ask again");
      }
      throw client.failure(response, what);
    }
    DeletionReceipt receipt = json.receipt(client.json(response, what));
    if (!receipt.consultation().equals(consultation) || !receipt.recording().equals(recording)) {
      throw new IOException(what + ": the platform's receipt names another recording");
    }
    return receipt;
  }

  @Override
  public boolean holds(ConsultationId consultation, RecordingId recording) throws IOException {
    checkOpen();
    String what = "check recording " + recording + " of consultation " + consultation;
    try {
      return fetch(consultation, what).recording(recording).map(r -> r.state() == RecordingState.AVAILABLE).orElse(false);
    } catch (EvidenceException e) {
      if (e.code() == ErrorCode.NOT_FOUND) {
        return false;
      }
      throw e;
    }
  }

  private Consultation fetch(ConsultationId consultation, String what) throws IOException {
    Consultation c = json.consultation(client.getJson("consultations/" + PlatformClient.segment(consultation.value()), what));
    if (!c.id().equals(consultation)) {
      throw new IOException(what + ": the platform answered with another consultation");
    }
    return c;
  }

  private static String recordingPath(ConsultationId consultation, RecordingId recording) {
    return "consultations/" + PlatformClient.segment(consultation.value()) + "/recordings/" + PlatformClient.segment(recording.value());
  }

  private static EvidenceException notFound(String what, String why) {
    return new EvidenceException(ErrorCode.NOT_FOUND, what + ": " + why);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (ownsScheduler) {
      scheduler.shutdownNow();
    }
  }

  /**
   * Configures an {@link HttpVideoSource}. Not thread-safe; {@link #build()} checks everything and answers
   * {@code CONFIGURATION} for what is wrong.
   */
  public static final class Builder {
    private final URI baseUri;
    private final String platform;
    private @Nullable Supplier<String> bearerToken;
    private @Nullable SSLContext sslContext;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration requestTimeout = Duration.ofSeconds(30);
    private Duration readTimeout = Duration.ofSeconds(60);
    private int maxPageSize = 200;
    private long maxJsonBytes = 16L * 1024 * 1024;
    private RetryPolicy retryPolicy = RetryPolicy.defaults();
    private Clock clock = Clock.systemUTC();
    private Sleeper sleeper = Sleeper.system();
    private @Nullable Executor executor;
    private @Nullable ScheduledExecutorService scheduler;
    private boolean allowPlainHttp;

    private Builder(URI baseUri, String platform) {
      Objects.requireNonNull(baseUri, "base URI");
      Objects.requireNonNull(platform, "platform");
      if (!PLATFORM_NAME.matcher(platform).matches() || platform.isBlank()) {
        throw config("the platform name must be 1 to 64 printable characters");
      }
      String s = baseUri.toString();
      this.baseUri = s.endsWith("/") ? baseUri : URI.create(s + "/");
      this.platform = platform;
    }

    /**
     * Sends {@code Authorization: Bearer <token>} on every request. The supplier is asked each time, so a
     * rotated token is picked up; it must be thread-safe. The token never appears in a message.
     */
    public Builder bearerToken(Supplier<String> token) {
      this.bearerToken = Objects.requireNonNull(token, "bearer token supplier");
      return this;
    }

    /** TLS settings, e.g. a key manager holding this client's certificate for mutual TLS, and the platform's CA. */
    public Builder sslContext(SSLContext context) {
      this.sslContext = Objects.requireNonNull(context, "SSL context");
      return this;
    }

    /** How long to wait for a connection (default 10 s). */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive(timeout, "connect timeout");
      return this;
    }

    /** How long to wait for an answer's status and headers (default 30 s); then the attempt failed. */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = positive(timeout, "request timeout");
      return this;
    }

    /**
     * How long a recording download may go without a byte (default 60 s) before it counts as stalled and
     * resumes; detected within one to two such periods.
     */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = positive(timeout, "read timeout");
      return this;
    }

    /** The most consultations asked for in one page (default 200; 1 to 1000); a smaller {@code limit} wins. */
    public Builder maxPageSize(int size) {
      if (size < 1 || size > 1000) {
        throw config("the page size must be 1 to 1000");
      }
      this.maxPageSize = size;
      return this;
    }

    /** The longest JSON answer read (default 16 MiB), so a broken or hostile platform cannot exhaust memory. */
    public Builder maxJsonBytes(long bytes) {
      if (bytes < 1024 || bytes > 256L * 1024 * 1024) {
        throw config("the JSON size bound must be 1 KiB to 256 MiB");
      }
      this.maxJsonBytes = bytes;
      return this;
    }

    public Builder retryPolicy(RetryPolicy policy) {
      this.retryPolicy = Objects.requireNonNull(policy, "retry policy");
      return this;
    }

    /** The clock an HTTP-date {@code Retry-After} is measured against (default the system UTC clock). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** How to wait between attempts (default {@link Sleeper#system()}). */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
      return this;
    }

    /** The executor the JDK HTTP client runs its work on (default: the client's own); the host owns it. */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * Where the stall watch of open downloads runs; the host owns it and shuts it down. By default the
     * source starts one daemon thread for it and stops it on {@link HttpVideoSource#close()}.
     */
    public Builder scheduler(ScheduledExecutorService scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /**
     * Allows plain {@code http} to a host that is not a loopback address. Only for a platform reached
     * through a channel that is already encrypted and authenticated (a VPN, a service mesh); a bearer token
     * sent in clear can be replayed by anyone on the path.
     */
    public Builder allowPlainHttp(boolean allow) {
      this.allowPlainHttp = allow;
      return this;
    }

    public HttpVideoSource build() {
      String scheme = baseUri.getScheme();
      if (!baseUri.isAbsolute() || baseUri.getHost() == null || scheme == null
          || !(scheme.equalsIgnoreCase("https") || scheme.equalsIgnoreCase("http"))) {
        throw config("the base URI must be an absolute https URI with a host");
      }
      if (baseUri.getRawQuery() != null || baseUri.getRawFragment() != null || baseUri.getRawUserInfo() != null) {
        throw config("the base URI must not carry a query, a fragment or user information");
      }
      if (scheme.equalsIgnoreCase("http") && !allowPlainHttp && !loopback(baseUri.getHost())) {
        throw config("the base URI uses plain http to a host that is not loopback; use https, or allowPlainHttp(true) on an already encrypted channel");
      }
      if (bearerToken == null && sslContext == null) {
        throw config("give a bearer token or an SSL context with a client certificate: the platform must know who asks");
      }
      HttpClient.Builder http = HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(connectTimeout);
      if (sslContext != null) {
        http.sslContext(sslContext);
      }
      if (executor != null) {
        http.executor(executor);
      }
      ScheduledExecutorService watch = scheduler;
      boolean owns = watch == null;
      if (watch == null) {
        watch = Executors.newSingleThreadScheduledExecutor(task -> {
          Thread t = new Thread(task, "evidencekit-video-http-watch");
          t.setDaemon(true);
          return t;
        });
      }
      return new HttpVideoSource(this, http.build(), watch, owns);
    }

    /** A loopback literal or {@code localhost}; names are never resolved here, so DNS cannot make one loopback. */
    private static boolean loopback(String host) {
      String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
      if (h.equalsIgnoreCase("localhost")) {
        return true;
      }
      // Only literals are looked up, so InetAddress answers without asking DNS.
      if (!h.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}") && !(h.contains(":") && h.matches("[0-9A-Fa-f:.]+"))) {
        return false;
      }
      try {
        return InetAddress.getByName(h).isLoopbackAddress();
      } catch (UnknownHostException e) {
        return false;
      }
    }

    private static Duration positive(Duration d, String what) {
      Objects.requireNonNull(d, what);
      if (d.isNegative() || d.isZero() || d.compareTo(Duration.ofHours(1)) > 0) {
        throw config(what + " must be more than zero and at most an hour");
      }
      return d;
    }

    private static EvidenceException config(String message) {
      return new EvidenceException(ErrorCode.CONFIGURATION, "HTTP video source: " + message);
    }
  }
}
