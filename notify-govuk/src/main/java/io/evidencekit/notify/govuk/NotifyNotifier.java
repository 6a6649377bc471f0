package io.evidencekit.notify.govuk;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.PhoneNumber;
import io.evidencekit.spi.Channel;
import io.evidencekit.spi.DeliveryReport;
import io.evidencekit.spi.DeliveryUpdate;
import io.evidencekit.spi.DetectionNotice;
import io.evidencekit.spi.InvitationNotice;
import io.evidencekit.spi.Notification;
import io.evidencekit.spi.Notifier;
import io.evidencekit.spi.SubmissionNotice;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import uk.gov.service.notify.NotificationClientException;
import uk.gov.service.notify.NotificationList;
import uk.gov.service.notify.SendEmailResponse;
import uk.gov.service.notify.SendSmsResponse;
import uk.gov.service.notify.Template;
import uk.gov.service.notify.TimedNotificationClient;

/**
 * Sends invitations and officer notices as text messages and emails through GOV.UK Notify, from the
 * force's Notify templates, with the official Java client.
 *
 * <ul>
 *   <li>Notify's {@code reference} is our {@link Notification#messageId()} (never personal data, as Notify
 *       asks), and the {@link DeliveryReport#providerMessageId()} is Notify's notification id, for
 *       {@link #deliveryStatus} and the {@link NotifyCallbackServlet}.
 *   <li>A text message's description (or caption) is cut on a whole word so the message fits
 *       {@link NotifySettings#smsMaxLength()}; the link and the reference are never cut. The length is
 *       measured on the template as Notify holds it, fetched once and again when its version changes.
 *   <li>With {@link NotifySettings#checkBeforeResend()}, a message Notify already holds (an earlier attempt
 *       whose answer was lost) is reported, not sent a second time.
 *   <li>Failures: a refused number or address is REJECTED; Notify down, slow or failing (5xx, timeouts) is
 *       RETRY; a rate or daily limit (429) is RETRY with {@link DeliveryReport#retryAfter()}, and until
 *       then this notifier sends nothing; a refused key, a clock out of step, an unknown template or
 *       sender is RETRY marked {@link DeliveryReport#misconfigured()}, and the {@link ConfigurationAlarm}
 *       hears it once.
 * </ul>
 *
 * <p>Thread-safe: each request uses its own connection. Nothing here logs a link, a name, a number or the
 * key; the default alarm logs the problem's description at ERROR. {@link #close()} is idempotent; a send
 * after it answers RETRY.
 */
public final class NotifyNotifier implements Notifier {
  /** Notify counts its rate limit over a rolling minute: after a 429, a minute's pause is surely enough. */
  static final Duration RATE_LIMIT_PAUSE = Duration.ofMinutes(1);
  /** Notify's daily limits reset at midnight, UK time. */
  private static final ZoneId NOTIFY_DAY = ZoneId.of("Europe/London");

  private final NotifySettings settings;
  private final TimedNotificationClient client;
  private final Set<Channel> channels;
  private final Phrases phrases;
  private final Clock clock;
  private final ConfigurationAlarm alarm;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicReference<@Nullable Instant> pausedUntil = new AtomicReference<>();
  private final AtomicReference<@Nullable String> problem = new AtomicReference<>();
  private final Map<UUID, Template> smsTemplates = new ConcurrentHashMap<>();

  /** With the system clock and an alarm that logs at ERROR. */
  public NotifyNotifier(NotifySettings settings) {
    this(builder(settings));
  }

  private NotifyNotifier(Builder builder) {
    this.settings = builder.settings;
    this.clock = builder.clock;
    this.alarm = builder.alarm;
    this.channels = settings.templates().channels();
    this.phrases = new Phrases(Locale.UK);
    this.client = new TimedNotificationClient(settings.apiKey().reveal(), settings.baseUrl().toString(),
        settings.connectTimeout(), settings.readTimeout());
    if (!client.timeoutsApply()) {
      throw new EvidenceException(ErrorCode.CONFIGURATION, "notify-govuk and the Notify client must be loaded by the"
          + " same class loader, or requests to Notify would have no timeout");
    }
  }

  public static Builder builder(NotifySettings settings) {
    return new Builder(settings);
  }

  @Override
  public Set<Channel> channels() {
    return channels;
  }

  @Override
  public DeliveryReport send(Notification notification) {
    if (closed.get()) {
      return DeliveryReport.retry("notifier is closed");
    }
    if (notification instanceof DetectionNotice) {
      // No template kind for it yet: rejected (and recorded as a failed notification), never retried.
      return DeliveryReport.rejected("NotifyNotifier has no template for malware detection notices");
    }
    Channel channel = notification.channel();
    NotifyTemplates.Kind kind = notification instanceof InvitationNotice
        ? NotifyTemplates.Kind.INVITATION : NotifyTemplates.Kind.SUBMISSION;
    if (!channels.contains(channel)) {
      return DeliveryReport.rejected("NotifyNotifier has no template for channel " + channel);
    }
    Optional<UUID> template = settings.templates().find(kind, channel);
    if (template.isEmpty()) {
      return DeliveryReport.rejected("no Notify template is configured for " + kind.name().toLowerCase(Locale.ROOT)
          + " messages by " + channel);
    }
    if (notification instanceof InvitationNotice invitation && !isWebLink(invitation.link())) {
      return DeliveryReport.rejected("invitation link is not an absolute http(s) URL");
    }
    if (notification.to() instanceof PhoneNumber phone && phone.value().startsWith("+44") && !phone.isUkMobile()) {
      return DeliveryReport.rejected("not a UK mobile number: a text message cannot reach it");
    }
    Optional<Duration> wait = holdBack();
    if (wait.isPresent()) {
      return DeliveryReport.retryAfter("holding back after Notify's limit was reached", wait.get());
    }
    String reference = notification.messageId().toString();
    try {
      if (settings.checkBeforeResend()) {
        Optional<String> earlier = earlierAttempt(reference, channel);
        if (earlier.isPresent()) {
          working();
          return new DeliveryReport(DeliveryReport.Outcome.DELIVERED,
              "already accepted by GOV.UK Notify in an earlier attempt", earlier);
        }
      }
      Map<String, String> values = notification instanceof InvitationNotice invitation
          ? Personalisation.invitation(invitation, channel, settings, phrases)
          : Personalisation.submission((SubmissionNotice) notification, channel, settings, phrases);
      return channel == Channel.SMS
          ? sendText(template.get(), kind, notification.to().value(), values, reference)
          : sendEmail(template.get(), notification.to().value(), values, reference);
    } catch (NotificationClientException e) {
      return report(NotifyFailure.of(e));
    } catch (RuntimeException e) {
      // The client reads answers with org.json, so a garbled one ends here. Whether Notify accepted the
      // message is unknown: the check before the next attempt finds out.
      return DeliveryReport.retry("unreadable answer from Notify (" + e.getClass().getSimpleName() + ")");
    }
  }

  /**
   * Asks Notify for a message's status ({@code GET /v2/notifications/{id}}). Empty when Notify does not
   * know the id: never sent with this service, or older than its data retention (7 days by default).
   *
   * @throws EvidenceException {@code INVALID_INPUT} for an id that is not a Notify id,
   *     {@code NOTIFICATION_FAILED} when Notify cannot be asked now (down, slow, over its rate limit),
   *     {@code CONFIGURATION} when it refuses our key or clock, {@code CLOSED} after {@link #close()}
   */
  @Override
  public Optional<DeliveryUpdate> deliveryStatus(String providerMessageId) {
    if (closed.get()) {
      throw new EvidenceException(ErrorCode.CLOSED, "notifier is closed");
    }
    UUID id = DeliveryUpdates.uuid(providerMessageId).orElseThrow(
        () -> new EvidenceException(ErrorCode.INVALID_INPUT, "not a GOV.UK Notify notification id"));
    if (holdBack().isPresent()) {
      throw new EvidenceException(ErrorCode.NOTIFICATION_FAILED, "holding back after Notify's limit was reached");
    }
    try {
      uk.gov.service.notify.Notification n = client.getNotificationById(id.toString());
      working();
      return Optional.of(DeliveryUpdates.of(n.getId(), n.getReference(), n.getNotificationType(), n.getStatus(),
          n.getCreatedAt().toInstant(), n.getSentAt().map(ZonedDateTime::toInstant),
          n.getCompletedAt().map(ZonedDateTime::toInstant)));
    } catch (NotificationClientException e) {
      NotifyFailure failure = NotifyFailure.of(e);
      return switch (failure.kind()) {
        case NOT_FOUND -> Optional.empty();
        case MISCONFIGURED -> {
          raise(failure.detail());
          throw new EvidenceException(ErrorCode.CONFIGURATION, failure.detail());
        }
        default -> {
          report(failure);
          throw new EvidenceException(ErrorCode.NOTIFICATION_FAILED, failure.detail());
        }
      };
    } catch (EvidenceException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new EvidenceException(ErrorCode.NOTIFICATION_FAILED,
          "unreadable answer from Notify (" + e.getClass().getSimpleName() + ")");
    }
  }

  /** Notify reports every message's status, by {@link #deliveryStatus} and by delivery receipts. */
  @Override
  public boolean reportsDeliveryStatus() {
    return true;
  }

  /** The configuration problem Notify reported last, until a request succeeds again: for a health check. */
  public Optional<String> configurationProblem() {
    return Optional.ofNullable(problem.get());
  }

  /** Idempotent. Sends already under way finish; later ones answer RETRY. */
  @Override
  public void close() {
    closed.set(true);
  }

  @Override
  public String toString() {
    return "NotifyNotifier[" + settings + "]";
  }

  private DeliveryReport sendText(UUID template, NotifyTemplates.Kind kind, String to, Map<String, String> values,
      String reference) throws NotificationClientException {
    Optional<Template> found = smsTemplate(template);
    if (found.isEmpty()) {
      return misconfigured("notify 404: text message template " + template
          + " is unknown to this service, or the base URL is wrong");
    }
    Template sms = found.get();
    if (!sms.getTemplateType().equals("sms")) {
      return misconfigured("template " + template + " is a " + safeWord(sms.getTemplateType())
          + " template, configured for text messages");
    }
    Map<String, String> fitted = new HashMap<>(SmsFit.fit(sms.getBody(), values, Personalisation.cuttable(kind),
        settings.smsMaxLength(), phrases.ellipsis()));
    if (kind == NotifyTemplates.Kind.SUBMISSION && fitted.get(Personalisation.CAPTION).isEmpty()) {
      // A caption cut away entirely must not leave "Caption:" standing alone.
      fitted.put(Personalisation.HAS_CAPTION, phrases.yesNo(false));
    }
    SendSmsResponse response = client.sendSms(template.toString(), to, fitted, reference,
        settings.smsSenderId().map(UUID::toString).orElse(""));
    if (response.getTemplateVersion() != sms.getVersion()) {
      // The force edited the template: measure the new text before the next message.
      smsTemplates.remove(template);
    }
    return accepted(response.getNotificationId());
  }

  private DeliveryReport sendEmail(UUID template, String to, Map<String, String> values, String reference)
      throws NotificationClientException {
    SendEmailResponse response = client.sendEmail(template.toString(), to, values, reference,
        settings.emailReplyToId().map(UUID::toString).orElse(""));
    return accepted(response.getNotificationId());
  }

  private DeliveryReport accepted(UUID notifyId) {
    working();
    return new DeliveryReport(DeliveryReport.Outcome.DELIVERED, "accepted by GOV.UK Notify",
        Optional.of(notifyId.toString()));
  }

  /** A message with our id as its reference that Notify holds and has not given up on. */
  private Optional<String> earlierAttempt(String reference, Channel channel) throws NotificationClientException {
    NotificationList earlier = client.getNotifications(null, channel == Channel.SMS ? "sms" : "email", reference, null);
    for (uk.gov.service.notify.Notification n : earlier.getNotifications()) {
      boolean failed = NotifyStatus.fromWire(n.getStatus()).map(s -> s.deliveryStatus().isFailure()).orElse(false);
      if (reference.equals(n.getReference().orElse(null)) && !failed) {
        return Optional.of(n.getId().toString());
      }
    }
    return Optional.empty();
  }

  /** The template as Notify holds it, fetched once; empty when Notify does not know it. */
  private Optional<Template> smsTemplate(UUID id) throws NotificationClientException {
    Template cached = smsTemplates.get(id);
    if (cached != null) {
      return Optional.of(cached);
    }
    Template fetched;
    try {
      fetched = client.getTemplateById(id.toString());
    } catch (NotificationClientException e) {
      if (e.getHttpResult() == 404) {
        return Optional.empty();
      }
      throw e;
    }
    smsTemplates.put(id, fetched);
    return Optional.of(fetched);
  }

  private DeliveryReport report(NotifyFailure failure) {
    return switch (failure.kind()) {
      case RETRY -> DeliveryReport.retry(failure.detail());
      case REJECT -> DeliveryReport.rejected(failure.detail());
      case RATE_LIMIT -> pause(failure.detail(), RATE_LIMIT_PAUSE);
      case DAILY_LIMIT -> pause(failure.detail(), untilNotifyMidnight());
      case MISCONFIGURED -> misconfigured(failure.detail());
      case NOT_FOUND -> misconfigured(failure.detail() + ": check the base URL, " + settings.baseUrl());
    };
  }

  private DeliveryReport pause(String detail, Duration wait) {
    Instant until = clock.instant().plus(wait);
    pausedUntil.accumulateAndGet(until, (a, b) -> a == null || b.isAfter(a) ? b : a);
    return DeliveryReport.retryAfter(detail, wait);
  }

  private Optional<Duration> holdBack() {
    Instant until = pausedUntil.get();
    Instant now = clock.instant();
    return until != null && now.isBefore(until) ? Optional.of(Duration.between(now, until)) : Optional.empty();
  }

  private Duration untilNotifyMidnight() {
    ZonedDateTime now = clock.instant().atZone(NOTIFY_DAY);
    LocalDate tomorrow = now.toLocalDate().plusDays(1);
    // A minute past midnight: Notify's reset and our clock need not agree to the second.
    return Duration.between(now, tomorrow.atStartOfDay(NOTIFY_DAY).plusMinutes(1));
  }

  private DeliveryReport misconfigured(String detail) {
    raise(detail);
    return DeliveryReport.misconfigured(detail);
  }

  /** Raises the alarm when a problem starts; quiet while it lasts. */
  private void raise(String detail) {
    if (problem.compareAndSet(null, detail)) {
      alarm.raise(detail);
    }
  }

  /** Notify accepted a request: whatever was wrong has been put right. */
  private void working() {
    problem.set(null);
  }

  private static boolean isWebLink(URI link) {
    String scheme = link.getScheme() == null ? "" : link.getScheme().toLowerCase(Locale.ROOT);
    return link.isAbsolute() && (scheme.equals("https") || scheme.equals("http")) && link.getHost() != null;
  }

  private static String safeWord(String word) {
    return word.matches("[a-z]{1,20}") ? word : "different";
  }

  /** Builds a {@link NotifyNotifier}. Defaults: the system clock and an alarm that logs at ERROR. */
  public static final class Builder {
    private final NotifySettings settings;
    private Clock clock = Clock.systemUTC();
    private ConfigurationAlarm alarm = ConfigurationAlarm.logging();

    private Builder(NotifySettings settings) {
      this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** Decides when a rate-limit pause ends. Notify's JWT carries the system time regardless (the client sets it). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Hears about a key, clock or template problem once per episode. */
    public Builder alarm(ConfigurationAlarm alarm) {
      this.alarm = Objects.requireNonNull(alarm, "alarm");
      return this;
    }

    public NotifyNotifier build() {
      return new NotifyNotifier(this);
    }
  }
}
