package io.evidencekit.portal;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.PublicSide;
import io.evidencekit.spi.PartStaging;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The submission portal as servlets and filters a host mounts in its own Servlet 6 container:
 * {@code /r/*} (request pages, form posts, the tus endpoint), {@code /assets/*} (GOV.UK Frontend),
 * {@code /static/*} (the portal's own scripts and styles), {@link #ERROR_PAGE_PATH} (the portal's error
 * page) and a catch-all that answers 404.
 *
 * <pre>{@code
 * Portal portal = Portal.builder(engine.publicSide()).forceName("Kent Police").stagingDirectory(dir).secure(true).build();
 * portal.register(servletContext);   // e.g. from a ServletContextListener or ServletContainerInitializer
 * }</pre>
 *
 * <p>Errors the container raises itself (a malformed address, headers too large, an uncaught exception)
 * get the portal's page only if the host names {@link #ERROR_PAGE_PATH} as the container's default error
 * page ({@code <error-page><location>/evidencekit-error</location></error-page>} in {@code web.xml}, or
 * the container's API), and, on Jetty, puts {@link #errorHandler(String)} on the {@code Server} for requests
 * refused before they reach a context. {@link PortalServer} does all of this.
 *
 * <p>All wording comes from the message bundle {@code io/evidencekit/portal/messages.properties} in
 * the configured {@link Builder#locale locale}; a force translates by adding
 * {@code messages_<lang>.properties} to the class path. The engine's portal link base must point at
 * {@code <context>/r/}. Immutable and thread-safe.
 */
public final class Portal {
  /** Where {@link #register} maps the portal's error page; name it as the container's default error page. */
  public static final String ERROR_PAGE_PATH = "/evidencekit-error";
  private static final Logger LOG = LoggerFactory.getLogger(Portal.class);

  private final PublicSide engine;
  private final Settings settings;
  private final Clock clock;
  private final SecureRandom random;
  private final LongSupplier usableSpace;
  private final Messages messages;
  private final Views views;
  private final ErrorPages pages;
  private final @Nullable LinkGuessBudget sharedBudget;
  private final @Nullable PartStaging partStaging;

  /**
   * Everything configurable about the portal, validated.
   *
   * @param serviceName the service's name; empty: the bundle's wording ({@code service.name})
   * @param stagingPerLink most bytes staged at once through one link (declared lengths of unfinished
   *     uploads plus form uploads being received); beyond it new uploads answer 507
   * @param stagingPerServer most bytes staged at once on this server; beyond it new uploads answer 503
   * @param stagingKeepFree bytes of the staging disk kept free after every upload still to arrive; an
   *     upload that would eat into it answers 507
   */
  public record Settings(String forceName, Optional<String> serviceName, boolean secure, Path stagingDirectory,
      Duration uploadExpiry, int guessBurst, Duration guessRefill, int globalGuessBurst, Duration globalGuessRefill,
      ZoneId zone, Locale locale, long stagingPerLink, long stagingPerServer, long stagingKeepFree) {
    public Settings {
      requireText(forceName, "force name");
      serviceName.ifPresent(s -> requireText(s, "service name"));
      Objects.requireNonNull(stagingDirectory, "stagingDirectory");
      if (uploadExpiry.isNegative() || uploadExpiry.isZero()) {
        throw new EvidenceException(ErrorCode.CONFIGURATION, "upload expiry must be positive");
      }
      if (guessBurst < 1 || guessRefill.isNegative() || guessRefill.isZero()
          || globalGuessBurst < 1 || globalGuessRefill.isNegative() || globalGuessRefill.isZero()) {
        throw new EvidenceException(ErrorCode.CONFIGURATION, "a guessing limit needs a burst >= 1 and a positive refill");
      }
      Objects.requireNonNull(zone, "zone");
      Objects.requireNonNull(locale, "locale");
      if (stagingPerLink < 1 || stagingPerServer < 1 || stagingKeepFree < 0) {
        throw new EvidenceException(ErrorCode.CONFIGURATION, "staging caps must be positive and the free margin not negative");
      }
    }

    private static void requireText(String s, String what) {
      if (s == null || s.isBlank() || s.length() > 200) {
        throw new EvidenceException(ErrorCode.CONFIGURATION, "the " + what + " must be 1 to 200 characters");
      }
    }
  }

  private Portal(Builder b) {
    this.engine = Objects.requireNonNull(b.engine, "engine");
    if (b.stagingDirectory == null) {
      throw new EvidenceException(ErrorCode.CONFIGURATION, "a staging directory for resumable uploads is required");
    }
    // By default a link may stage one submission's worth at once, plus a form's fields: never less than
    // one legitimate form upload needs.
    long perLink = b.stagingPerLink > 0 ? b.stagingPerLink : multipartLimit(engine);
    this.settings = new Settings(b.forceName, Optional.ofNullable(b.serviceName), b.secure, b.stagingDirectory,
        b.uploadExpiry, b.guessBurst, b.guessRefill, b.globalGuessBurst, b.globalGuessRefill, b.zone, b.locale,
        perLink, b.stagingPerServer, b.stagingKeepFree);
    this.clock = b.clock;
    this.random = b.random;
    this.sharedBudget = b.guessBudget;
    this.partStaging = b.partStaging;
    // Resumable uploads staged in a bucket take no local disk; form spills are bounded by the caps alone then.
    this.usableSpace = b.usableSpace != null ? b.usableSpace
        : b.partStaging != null ? () -> Long.MAX_VALUE : usableSpaceOf(b.stagingDirectory);
    this.messages = new Messages(b.locale);
    this.views = new Views(settings, messages);
    this.pages = new ErrorPages(views, settings.secure());
  }

  public static Builder builder(PublicSide engine) {
    return new Builder(engine);
  }

  public Settings settings() {
    return settings;
  }

  /**
   * Jetty's error handler replaced by the portal's page (security headers, no address, no message):
   * for a host on Jetty 12 to set on its {@code Server} and {@code ServletContextHandler}
   * ({@code setErrorHandler}) so even requests Jetty refuses before routing get the portal's page.
   * The page's links assume the portal is mounted at {@code contextPath}.
   */
  public PortalErrorHandler errorHandler(String contextPath) {
    return new PortalErrorHandler(pages, contextPath);
  }

  /**
   * Adds the portal's servlets and filters to a servlet context (before it starts). Works in any
   * Servlet 6 container; multipart parts spill to {@code staging/multipart} on disk from the first byte,
   * so a large form upload is never held in memory.
   */
  public void register(ServletContext context) {
    PortalServlet portal = newPortalServlet();
    FilterRegistration.Dynamic headers = context.addFilter("evidencekit-security-headers",
        new SecurityHeadersFilter(settings.secure()));
    headers.addMappingForUrlPatterns(EnumSet.allOf(DispatcherType.class), false, "/*");
    ServletRegistration.Dynamic r = context.addServlet("evidencekit-portal", portal);
    r.addMapping("/r/*");
    r.setMultipartConfig(multipartConfig());
    context.addServlet("evidencekit-assets", new AssetServlet(pages)).addMapping("/assets/*", "/static/*");
    context.addServlet("evidencekit-error", new ErrorPageServlet(pages)).addMapping(ERROR_PAGE_PATH);
    context.addServlet("evidencekit-not-found", new NotFoundServlet(pages)).addMapping("/");
    // The guard covers what reaches the portal's servlets (whatever spelling routed it there), and leaves a
    // host's own servlets in the same context alone.
    FilterRegistration.Dynamic guard = context.addFilter("evidencekit-request-guard", new RequestGuard(pages));
    guard.addMappingForServletNames(EnumSet.of(DispatcherType.REQUEST), true, "evidencekit-portal", "evidencekit-assets",
        "evidencekit-error", "evidencekit-not-found");
  }

  PortalServlet newPortalServlet() {
    StagingQuota quota = new StagingQuota(new StagingQuota.Caps(settings.stagingPerLink(), settings.stagingPerServer(),
        settings.stagingKeepFree()), usableSpace);
    TusStaging staging = partStaging != null ? new PartUploadStaging(partStaging, clock, random, quota)
        : new UploadStaging(settings.stagingDirectory().resolve("tus"), clock, random, quota);
    LinkGuessBudget limiter = sharedBudget != null ? sharedBudget : new TokenRateLimiter(clock, settings.guessBurst(),
        settings.guessRefill(), settings.globalGuessBurst(), settings.globalGuessRefill(), this::recordGuessing);
    return new PortalServlet(engine, settings, views, pages, new Csrf(random, settings.secure()), limiter,
        new TusEndpoint(engine, staging, clock, settings.uploadExpiry(), messages), multipartLimit(), clock);
  }

  private void recordGuessing(TokenRateLimiter.Episode episode) {
    LOG.warn("link guessing suspected: {} failed link look-ups from {} addresses since {}", episode.failures(),
        episode.addresses(), episode.since());
    try {
      engine.recordLinkGuessing(episode.failures(), episode.addresses(), episode.since());
    } catch (EvidenceException e) {
      LOG.error("could not record suspected link guessing in the custody log: {}", e.toString());
    }
  }

  ErrorPages errorPages() {
    return pages;
  }

  /** The most a form upload may send: a whole submission's worth, plus room for the form's fields. */
  long multipartLimit() {
    return multipartLimit(engine);
  }

  private static long multipartLimit(PublicSide engine) {
    return saturatedAdd(engine.limits().maxBytesPerSubmission(), 1L << 20);
  }

  MultipartConfigElement multipartConfig() {
    Path dir = settings.stagingDirectory().resolve("multipart");
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new EvidenceException(ErrorCode.CONFIGURATION, "cannot create the multipart staging directory", e);
    }
    // No per-file limit here: the portal checks each part itself, to say which file is too big. The
    // request limit bounds what is spilled. Threshold 0: every part goes to disk as it arrives.
    return new MultipartConfigElement(dir.toString(), -1, multipartLimit(), 0);
  }

  private static LongSupplier usableSpaceOf(Path directory) {
    return () -> {
      try {
        Files.createDirectories(directory);
        return Files.getFileStore(directory).getUsableSpace();
      } catch (IOException e) {
        // Unknown: the per-link and per-server caps still apply.
        return Long.MAX_VALUE;
      }
    };
  }

  private static long saturatedAdd(long a, long b) {
    long r = a + b;
    return r < a ? Long.MAX_VALUE : r;
  }

  /** Builds a {@link Portal}. Not thread-safe; use from one thread. */
  public static final class Builder {
    private final PublicSide engine;
    private String forceName = "Police";
    private @Nullable String serviceName;
    private boolean secure;
    private @Nullable Path stagingDirectory;
    private Duration uploadExpiry = Duration.ofDays(1);
    private int guessBurst = 10;
    private Duration guessRefill = Duration.ofSeconds(30);
    private int globalGuessBurst = 100;
    private Duration globalGuessRefill = Duration.ofSeconds(3);
    private ZoneId zone = ZoneId.of("Europe/London");
    private Locale locale = Locale.UK;
    private long stagingPerLink;
    private long stagingPerServer = Long.MAX_VALUE;
    private long stagingKeepFree = 1L << 30;
    private Clock clock = Clock.systemUTC();
    private SecureRandom random = new SecureRandom();
    private @Nullable LongSupplier usableSpace;
    private @Nullable LinkGuessBudget guessBudget;
    private @Nullable PartStaging partStaging;

    private Builder(PublicSide engine) {
      this.engine = engine;
    }

    /** The force's name, shown in the header and on every page (branding). */
    public Builder forceName(String name) {
      this.forceName = name;
      return this;
    }

    /** The service's name in the header; default: the message bundle's {@code service.name}. */
    public Builder serviceName(String name) {
      this.serviceName = name;
      return this;
    }

    /**
     * Served over TLS (directly or behind a TLS-terminating proxy): HSTS, and the CSRF cookie is
     * {@code Secure} with the {@code __Host-} prefix.
     */
    public Builder secure(boolean secure) {
      this.secure = secure;
      return this;
    }

    /**
     * Where unfinished resumable uploads and multipart spill files live; must survive restarts. Put it on
     * the same file system as a {@code FilesystemBlobStore} (for example {@code data/staging} beside
     * {@code data/blobs}): a finished upload is then adopted by hard link and written to disk once.
     * Elsewhere it still works, but each upload is copied into the store, which costs a second write.
     */
    public Builder stagingDirectory(Path dir) {
      this.stagingDirectory = dir;
      return this;
    }

    /**
     * Where unfinished uploads live, given as a directory: the same as {@link #stagingDirectory}, today's
     * behaviour (resumable uploads in {@code dir/tus}, form spills in {@code dir/multipart}).
     */
    public Builder staging(Path dir) {
      this.partStaging = null;
      return stagingDirectory(dir);
    }

    /**
     * Keeps unfinished resumable (tus) uploads in {@code parts} instead of the staging directory: with several
     * nodes and an S3 blob store, {@code S3PartStaging} from module {@code storage-s3} on the same bucket, so
     * an upload started through one node resumes through any other with no shared file system. Each
     * acknowledged byte is durable in the staging; a finished upload is read once by the engine, which hashes
     * and stores it. The staging directory is still needed, for form uploads' spill files. Not closed by
     * the portal.
     */
    public Builder staging(PartStaging parts) {
      this.partStaging = Objects.requireNonNull(parts, "parts");
      return this;
    }

    /** How long an unfinished resumable upload is kept (never past the link's own expiry); default 1 day. */
    public Builder uploadExpiry(Duration expiry) {
      this.uploadExpiry = expiry;
      return this;
    }

    /**
     * Failed link look-ups allowed per client address in a burst, and how fast one is given back
     * (default 10, one per 30 s). Past it, failed look-ups from that address answer 429; valid links
     * always work.
     */
    public Builder linkGuessLimit(int burst, Duration refillEvery) {
      this.guessBurst = burst;
      this.guessRefill = refillEvery;
      return this;
    }

    /**
     * Failed link look-ups allowed from all addresses together (default 100, one per 3 s). Past it,
     * every failed look-up answers 429 and a {@code LINK_GUESSING_SUSPECTED} system event is recorded in
     * the custody log (once, until the budget has filled up again); valid links always work.
     */
    public Builder linkGuessGlobalLimit(int burst, Duration refillEvery) {
      this.globalGuessBurst = burst;
      this.globalGuessRefill = refillEvery;
      return this;
    }

    /**
     * A link-guessing budget kept elsewhere, instead of the in-memory one the two limits above configure:
     * with several nodes, one budget they all share (e.g. {@code PostgresLinkGuessBudget} from module
     * {@code portal-postgresql}), which also reports guessing it sees. Not closed by the portal.
     */
    public Builder linkGuessBudget(LinkGuessBudget budget) {
      this.guessBudget = Objects.requireNonNull(budget, "budget");
      return this;
    }

    /**
     * Caps on what may be staged at once: through one link (default: the engine's bytes per submission,
     * plus 1 MiB for a form's fields)
     * and on the whole server (default: none beyond the disk), counting the declared length of every
     * unfinished upload. New uploads past them are refused (507 for the link, 503 for the server).
     */
    public Builder stagingLimits(long perLink, long perServer) {
      this.stagingPerLink = perLink;
      this.stagingPerServer = perServer;
      return this;
    }

    /** Bytes of the staging disk kept free after every upload still to arrive (default 1 GiB). */
    public Builder stagingFreeSpace(long keepFree) {
      this.stagingKeepFree = keepFree;
      return this;
    }

    /** Time zone for times shown to people; default Europe/London. */
    public Builder zone(ZoneId zone) {
      this.zone = zone;
      return this;
    }

    /**
     * The language of every page and message (default {@code en-GB}): the portal reads
     * {@code io/evidencekit/portal/messages_<lang>.properties} from the class path, falling back to the
     * English it ships for any key a translation leaves out.
     */
    public Builder locale(Locale locale) {
      this.locale = Objects.requireNonNull(locale);
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock);
      return this;
    }

    public Builder random(SecureRandom random) {
      this.random = Objects.requireNonNull(random);
      return this;
    }

    /** Tests: how much of the staging disk is usable. */
    Builder usableSpace(LongSupplier usableSpace) {
      this.usableSpace = Objects.requireNonNull(usableSpace);
      return this;
    }

    public Portal build() {
      return new Portal(this);
    }
  }
}
