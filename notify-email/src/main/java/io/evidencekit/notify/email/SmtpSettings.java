package io.evidencekit.notify.email;

import io.evidencekit.api.EmailAddress;
import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLSocketFactory;
import org.jspecify.annotations.Nullable;

/**
 * Where and how {@link SmtpNotifier} sends mail, who the mail says it is from, and in which language
 * it is written. Immutable; the password is never shown by {@link #toString()}. An invalid value is
 * refused with {@link ErrorCode#CONFIGURATION}.
 *
 * @param from the no-reply sender, e.g. {@code no-reply@force.example}; replies are not monitored
 * @param fromName the sender's display name, e.g. {@code Kent Police Evidence}
 * @param forceName the force as the public knows it, e.g. {@code Kent Police}; used in the wording
 * @param zone the time zone in which expiry and submission times are written
 * @param locale the language of the emails: the wording comes from the message bundle
 *     {@code io/evidencekit/notify/email/Messages} for this locale (English is shipped; a force adds,
 *     say, {@code Messages_cy.properties} on the class path for Welsh), falling back key by key to
 *     English. The JVM's default locale plays no part.
 * @param sslSocketFactory a factory for TLS connections with a non-default trust store (an internal
 *     CA); empty uses the JVM's default trust store. The server's host name is always checked.
 */
public record SmtpSettings(
    String host,
    int port,
    Optional<String> username,
    Optional<String> password,
    TransportSecurity security,
    EmailAddress from,
    String fromName,
    String forceName,
    Duration connectTimeout,
    Duration readTimeout,
    ZoneId zone,
    Locale locale,
    Optional<SSLSocketFactory> sslSocketFactory) {

  private static final Duration MAX_TIMEOUT = Duration.ofMinutes(5);

  public SmtpSettings {
    requireLine(host, "host");
    if (host.chars().anyMatch(Character::isWhitespace)) {
      throw invalid("host must not contain spaces");
    }
    if (port < 1 || port > 65535) {
      throw invalid("port must be between 1 and 65535");
    }
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
    if (username.isPresent() != password.isPresent()) {
      throw invalid("give both a username and a password, or neither");
    }
    username.ifPresent(u -> requireLine(u, "username"));
    Objects.requireNonNull(security, "security");
    Objects.requireNonNull(from, "from");
    requireLine(fromName, "fromName");
    requireLine(forceName, "forceName");
    requireTimeout(connectTimeout, "connectTimeout");
    requireTimeout(readTimeout, "readTimeout");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(locale, "locale");
    Objects.requireNonNull(sslSocketFactory, "sslSocketFactory");
  }

  /** Starts settings for a server, a no-reply sender and the force's name; the rest has defaults. */
  public static Builder builder(String host, EmailAddress from, String forceName) {
    return new Builder(host, from, forceName);
  }

  @Override
  public String toString() {
    return "SmtpSettings[host=" + host + ", port=" + port + ", username=" + username.orElse("-")
        + ", password=" + (password.isPresent() ? "***" : "-") + ", security=" + security
        + ", from=" + from + ", fromName=" + fromName + ", forceName=" + forceName
        + ", connectTimeout=" + connectTimeout + ", readTimeout=" + readTimeout + ", zone=" + zone + ", locale=" + locale.toLanguageTag() + "]";
  }

  private static void requireLine(String value, String what) {
    Objects.requireNonNull(value, what);
    if (value.isBlank() || value.length() > 200) {
      throw invalid(what + " must be 1 to 200 characters");
    }
    if (value.chars().anyMatch(Character::isISOControl)) {
      throw invalid(what + " must be a single line without control characters");
    }
  }

  private static void requireTimeout(Duration value, String what) {
    Objects.requireNonNull(value, what);
    if (value.isNegative() || value.isZero() || value.compareTo(MAX_TIMEOUT) > 0) {
      // Zero means "wait forever" to Jakarta Mail, which would stall the engine's outbox worker.
      throw invalid(what + " must be positive and at most " + MAX_TIMEOUT);
    }
  }

  private static EvidenceException invalid(String message) {
    return new EvidenceException(ErrorCode.CONFIGURATION, "SMTP settings: " + message);
  }

  /**
   * Builds {@link SmtpSettings}. Defaults: STARTTLS on port 587, 10 s to connect, 30 s to read,
   * Europe/London, British English.
   */
  public static final class Builder {
    private final String host;
    private final EmailAddress from;
    private final String forceName;
    private @Nullable Integer port;
    private Optional<String> username = Optional.empty();
    private Optional<String> password = Optional.empty();
    private TransportSecurity security = TransportSecurity.STARTTLS;
    private String fromName;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration readTimeout = Duration.ofSeconds(30);
    private ZoneId zone = ZoneId.of("Europe/London");
    private Locale locale = Locale.UK;
    private Optional<SSLSocketFactory> sslSocketFactory = Optional.empty();

    private Builder(String host, EmailAddress from, String forceName) {
      this.host = host;
      this.from = from;
      this.forceName = forceName;
      this.fromName = forceName;
    }

    /** Defaults to the usual port for the security: 25, 587 or 465. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder credentials(String username, String password) {
      this.username = Optional.of(username);
      this.password = Optional.of(password);
      return this;
    }

    public Builder security(TransportSecurity security) {
      this.security = security;
      return this;
    }

    /** Defaults to the force name. */
    public Builder fromName(String fromName) {
      this.fromName = fromName;
      return this;
    }

    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
      return this;
    }

    public Builder readTimeout(Duration readTimeout) {
      this.readTimeout = readTimeout;
      return this;
    }

    public Builder zone(ZoneId zone) {
      this.zone = zone;
      return this;
    }

    /** The language of the emails; see {@link SmtpSettings#locale()}. */
    public Builder locale(Locale locale) {
      this.locale = locale;
      return this;
    }

    public Builder sslSocketFactory(SSLSocketFactory sslSocketFactory) {
      this.sslSocketFactory = Optional.of(sslSocketFactory);
      return this;
    }

    public SmtpSettings build() {
      int effectivePort = port != null ? port : switch (security) {
        case NONE -> 25;
        case STARTTLS -> 587;
        case SMTPS -> 465;
      };
      return new SmtpSettings(host, effectivePort, username, password, security, from, fromName, forceName,
          connectTimeout, readTimeout, zone, locale, sslSocketFactory);
    }
  }
}
