package io.evidencekit.portal;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.PublicSide;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The submission portal as servlets and a filter a host mounts in its own Servlet 6 container:
 * {@code /r/*} (request pages, form posts, the tus endpoint), {@code /assets/*} (GOV.UK Frontend),
 * {@code /static/*} (the portal's own scripts and styles) and a catch-all that answers 404.
 *
 * <pre>{@code
 * Portal portal = Portal.builder(engine.publicSide()).forceName("Kent Police").stagingDirectory(dir).secure(true).build();
 * portal.register(servletContext);   // e.g. from a ServletContextListener or ServletContainerInitializer
 * }</pre>
 *
 * <p>The portal receives only the token holder's role ({@link PublicSide}): it cannot reach an officer
 * operation or the custody log. The engine's portal link base must point at {@code <context>/r/}. Immutable
 * and thread-safe.
 */
public final class Portal {
  private final PublicSide engine;
  private final Settings settings;
  private final Clock clock;
  private final SecureRandom random;

  /** Everything configurable about the portal, validated. */
  public record Settings(String forceName, String serviceName, boolean secure, Path stagingDirectory,
      Duration uploadExpiry, int guessBurst, Duration guessRefill, ZoneId zone) {
    public Settings {
      requireText(forceName, "force name");
      requireText(serviceName, "service name");
      Objects.requireNonNull(stagingDirectory, "stagingDirectory");
      if (uploadExpiry.isNegative() || uploadExpiry.isZero()) {
        throw new EvidenceException(ErrorCode.CONFIGURATION, "upload expiry must be positive");
      }
      if (guessBurst < 1 || guessRefill.isNegative() || guessRefill.isZero()) {
        throw new EvidenceException(ErrorCode.CONFIGURATION, "the guessing limit needs a burst >= 1 and a positive refill");
      }
      Objects.requireNonNull(zone, "zone");
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
    this.settings = new Settings(b.forceName, b.serviceName, b.secure, b.stagingDirectory, b.uploadExpiry,
        b.guessBurst, b.guessRefill, b.zone);
    this.clock = b.clock;
    this.random = b.random;
  }

  public static Builder builder(PublicSide engine) {
    return new Builder(engine);
  }

  public Settings settings() {
    return settings;
  }

  /**
   * Adds the portal's servlets and security filter to a servlet context (before it starts). Works in
   * any Servlet 6 container; multipart parts spill to {@code staging/multipart} on disk from the
   * first byte, so a large form upload is never held in memory.
   */
  public void register(ServletContext context) {
    PortalServlet portal = newPortalServlet();
    FilterRegistration.Dynamic headers = context.addFilter("evidencekit-security-headers",
        new SecurityHeadersFilter(settings.secure()));
    headers.addMappingForUrlPatterns(EnumSet.allOf(DispatcherType.class), false, "/*");
    ServletRegistration.Dynamic r = context.addServlet("evidencekit-portal", portal);
    r.addMapping("/r/*");
    r.setMultipartConfig(multipartConfig());
    context.addServlet("evidencekit-assets", new AssetServlet()).addMapping("/assets/*", "/static/*");
    context.addServlet("evidencekit-not-found", new NotFoundServlet(portal.views())).addMapping("/");
  }

  PortalServlet newPortalServlet() {
    Views views = new Views(settings);
    UploadStaging staging = new UploadStaging(settings.stagingDirectory().resolve("tus"), clock, random);
    return new PortalServlet(engine, settings, views, new Csrf(random, settings.secure()),
        new TokenRateLimiter(clock, settings.guessBurst(), settings.guessRefill()),
        new TusEndpoint(engine, staging, clock, settings.uploadExpiry()));
  }

  MultipartConfigElement multipartConfig() {
    Path dir = settings.stagingDirectory().resolve("multipart");
    try {
      java.nio.file.Files.createDirectories(dir);
    } catch (java.io.IOException e) {
      throw new EvidenceException(ErrorCode.CONFIGURATION, "cannot create the multipart staging directory", e);
    }
    long perFile = engine.limits().maxBytesPerFile();
    long perRequest = saturatedAdd(engine.limits().maxBytesPerSubmission(), 1L << 20); // room for form fields
    // Threshold 0: every part goes to disk as it arrives; the parser never buffers a whole file.
    return new MultipartConfigElement(dir.toString(), perFile, perRequest, 0);
  }

  private static long saturatedAdd(long a, long b) {
    long r = a + b;
    return r < a ? Long.MAX_VALUE : r;
  }

  /** Builds a {@link Portal}. Not thread-safe; use from one thread. */
  public static final class Builder {
    private final PublicSide engine;
    private String forceName = "Police";
    private String serviceName = "Send evidence to the police";
    private boolean secure;
    private @Nullable Path stagingDirectory;
    private Duration uploadExpiry = Duration.ofDays(1);
    private int guessBurst = 10;
    private Duration guessRefill = Duration.ofSeconds(30);
    private ZoneId zone = ZoneId.of("Europe/London");
    private Clock clock = Clock.systemUTC();
    private SecureRandom random = new SecureRandom();

    private Builder(PublicSide engine) {
      this.engine = engine;
    }

    /** The force's name, shown in the header and on every page (branding). */
    public Builder forceName(String name) {
      this.forceName = name;
      return this;
    }

    public Builder serviceName(String name) {
      this.serviceName = name;
      return this;
    }

    /** Served over TLS (directly or behind a TLS-terminating proxy): HSTS and Secure cookies. */
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

    /** How long an unfinished resumable upload is kept (never past the link's own expiry); default 1 day. */
    public Builder uploadExpiry(Duration expiry) {
      this.uploadExpiry = expiry;
      return this;
    }

    /** Failed link look-ups allowed per client address in a burst, and how fast one is given back. */
    public Builder linkGuessLimit(int burst, Duration refillEvery) {
      this.guessBurst = burst;
      this.guessRefill = refillEvery;
      return this;
    }

    /** Time zone for times shown to people; default Europe/London. */
    public Builder zone(ZoneId zone) {
      this.zone = zone;
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

    public Portal build() {
      return new Portal(this);
    }
  }
}
