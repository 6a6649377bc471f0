package io.evidencekit.notify.govuk;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.spi.Channel;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * How {@link NotifyNotifier} reaches GOV.UK Notify and which templates it sends. Immutable;
 * {@link #toString()} never shows the API key's secret.
 *
 * @param baseUrl Notify's API, {@code https://api.notifications.service.gov.uk}, or a test server; plain
 *     {@code http} is allowed only on the loopback interface, since every request carries a bearer token
 * @param forceName the force as the public knows it, e.g. {@code Kent Police}: the {@code force_name} placeholder
 * @param smsSenderId which of the service's text message senders to use; empty uses the service's default
 * @param emailReplyToId which of the service's reply-to addresses to use; empty uses the service's default
 * @param zone the time zone in which expiry and submission times are written
 * @param connectTimeout how long to wait for a connection to Notify
 * @param readTimeout how long to wait for Notify's answer once connected
 * @param smsMaxLength the longest text message to send, in characters: a long description is cut on a
 *     whole word so the message fits (160 is one text, 306 two, 459 three; Notify's limit is 918)
 * @param checkBeforeResend before sending, ask Notify whether it already has a message with this
 *     message's id as its reference (an earlier attempt whose answer was lost) and, if so, report that
 *     one instead of sending a second: one extra request per message
 */
public record NotifySettings(
    NotifyApiKey apiKey,
    URI baseUrl,
    NotifyTemplates templates,
    Optional<UUID> smsSenderId,
    Optional<UUID> emailReplyToId,
    String forceName,
    ZoneId zone,
    Duration connectTimeout,
    Duration readTimeout,
    int smsMaxLength,
    boolean checkBeforeResend) {

  /** GOV.UK Notify's production API. */
  public static final URI NOTIFY_API = URI.create("https://api.notifications.service.gov.uk");
  /** Notify refuses a text message longer than this. */
  public static final int NOTIFY_SMS_LIMIT = 918;
  private static final int MIN_SMS = 160;
  private static final Duration MAX_TIMEOUT = Duration.ofMinutes(5);

  public NotifySettings {
    require(apiKey != null, "apiKey is required");
    baseUrl = checkedBaseUrl(baseUrl);
    require(templates != null, "templates are required");
    require(!templates.channels().isEmpty(), "give at least one Notify template id");
    require(smsSenderId != null && emailReplyToId != null, "smsSenderId and emailReplyToId must not be null");
    require(forceName != null && !forceName.isBlank() && forceName.length() <= 200
        && forceName.chars().noneMatch(Character::isISOControl), "forceName must be 1 to 200 characters on one line");
    require(zone != null, "zone is required");
    requireTimeout(connectTimeout, "connectTimeout");
    requireTimeout(readTimeout, "readTimeout");
    require(smsMaxLength >= MIN_SMS && smsMaxLength <= NOTIFY_SMS_LIMIT,
        "smsMaxLength must be between " + MIN_SMS + " and " + NOTIFY_SMS_LIMIT);
  }

  /** Starts settings for an API key (as Notify shows it) and the force's name; the rest has defaults. */
  public static Builder builder(String apiKey, String forceName) {
    return new Builder(NotifyApiKey.of(apiKey), forceName);
  }

  @Override
  public String toString() {
    return "NotifySettings[apiKey=" + apiKey + ", baseUrl=" + baseUrl + ", templates=" + templates
        + ", smsSenderId=" + smsSenderId.map(UUID::toString).orElse("-")
        + ", emailReplyToId=" + emailReplyToId.map(UUID::toString).orElse("-") + ", forceName=" + forceName
        + ", zone=" + zone + ", connectTimeout=" + connectTimeout + ", readTimeout=" + readTimeout
        + ", smsMaxLength=" + smsMaxLength + ", checkBeforeResend=" + checkBeforeResend + "]";
  }

  private static URI checkedBaseUrl(URI url) {
    require(url != null, "baseUrl is required");
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    require(url.isAbsolute() && (scheme.equals("https") || scheme.equals("http")) && url.getHost() != null
        && url.getRawUserInfo() == null && url.getRawQuery() == null && url.getRawFragment() == null,
        "baseUrl must be an http(s) URL with a host and no user, query or fragment");
    require(scheme.equals("https") || isLoopback(url.getHost()),
        "baseUrl must use https unless it is on this machine (every request carries a bearer token)");
    String text = url.toString();
    // The client appends "/v2/...": a trailing slash would make "//v2", which Notify does not route.
    while (text.endsWith("/")) {
      text = text.substring(0, text.length() - 1);
    }
    return URI.create(text);
  }

  private static boolean isLoopback(String host) {
    String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    if (h.equalsIgnoreCase("localhost")) {
      return true;
    }
    // Only literal addresses: resolving a name here would make the check depend on DNS.
    if (!h.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':')) {
      return false;
    }
    try {
      return InetAddress.getByName(h).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static void requireTimeout(Duration value, String what) {
    require(value != null && !value.isNegative() && !value.isZero() && value.compareTo(MAX_TIMEOUT) <= 0,
        what + " must be positive and at most " + MAX_TIMEOUT);
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new EvidenceException(ErrorCode.CONFIGURATION, message);
    }
  }

  /**
   * Builds {@link NotifySettings}. Defaults: Notify's production API, the service's default sender and
   * reply-to, Europe/London, 10 s to connect, 30 s to read, texts of at most 459 characters (three
   * texts), and the check before resending on.
   */
  public static final class Builder {
    private final NotifyApiKey apiKey;
    private final String forceName;
    private URI baseUrl = NOTIFY_API;
    private NotifyTemplates templates = NotifyTemplates.none();
    private Optional<UUID> smsSenderId = Optional.empty();
    private Optional<UUID> emailReplyToId = Optional.empty();
    private ZoneId zone = ZoneId.of("Europe/London");
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration readTimeout = Duration.ofSeconds(30);
    private int smsMaxLength = 459;
    private boolean checkBeforeResend = true;

    private Builder(NotifyApiKey apiKey, String forceName) {
      this.apiKey = apiKey;
      this.forceName = forceName;
    }

    public Builder baseUrl(URI baseUrl) {
      this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
      return this;
    }

    /** The template for invitations to the public on this channel. */
    public Builder invitationTemplate(Channel channel, UUID templateId) {
      templates = templates.with(NotifyTemplates.Kind.INVITATION, channel, templateId);
      return this;
    }

    /** The template for the officer's "evidence received" notice on this channel. */
    public Builder submissionTemplate(Channel channel, UUID templateId) {
      templates = templates.with(NotifyTemplates.Kind.SUBMISSION, channel, templateId);
      return this;
    }

    public Builder smsSenderId(UUID smsSenderId) {
      this.smsSenderId = Optional.of(smsSenderId);
      return this;
    }

    public Builder emailReplyToId(UUID emailReplyToId) {
      this.emailReplyToId = Optional.of(emailReplyToId);
      return this;
    }

    public Builder zone(ZoneId zone) {
      this.zone = zone;
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

    public Builder smsMaxLength(int smsMaxLength) {
      this.smsMaxLength = smsMaxLength;
      return this;
    }

    public Builder checkBeforeResend(boolean checkBeforeResend) {
      this.checkBeforeResend = checkBeforeResend;
      return this;
    }

    public NotifySettings build() {
      return new NotifySettings(apiKey, baseUrl, templates, smsSenderId, emailReplyToId, forceName, zone,
          connectTimeout, readTimeout, smsMaxLength, checkBeforeResend);
    }
  }
}
