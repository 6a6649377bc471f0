package io.evidencekit.notify.email;

import io.evidencekit.api.EmailAddress;
import io.evidencekit.spi.Channel;
import io.evidencekit.spi.DeliveryReport;
import io.evidencekit.spi.DetectionNotice;
import io.evidencekit.spi.InvitationNotice;
import io.evidencekit.spi.Notification;
import io.evidencekit.spi.Notifier;
import io.evidencekit.spi.SubmissionNotice;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sends invitation and officer emails through an SMTP server, from the force's no-reply address.
 *
 * <p>Each message is multipart/alternative (plain text and HTML), marked {@code Auto-Submitted:
 * auto-generated}, and carries a Message-ID derived from {@link Notification#messageId()}, so a message
 * the engine retries has the same Message-ID and mail systems can drop the duplicate.
 *
 * <p>The words come from a message bundle in the language of {@link SmtpSettings#locale()} (see the
 * package documentation). Free text from the public never starts a line of its own: names are made
 * one line, and the officer's email puts its own lines and the case link before the submitter's
 * caption, which it quotes line by line.
 *
 * <p>Thread-safe: every {@link #send} uses its own connection. Nothing is logged, so the invitation
 * link, which holds the secret token, can never reach a log from here.
 */
public final class SmtpNotifier implements Notifier {
  private static final String UTF_8 = StandardCharsets.UTF_8.name();

  private final SmtpSettings settings;
  private final EmailCopy copy;
  private final Session session;
  private final String protocol;
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * Loads the wording for {@link SmtpSettings#locale()} and checks it; connects to nothing yet.
   *
   * @throws io.evidencekit.api.EvidenceException {@code CONFIGURATION} if a message bundle on the class
   *     path has an unknown key or a value that is not a valid pattern
   */
  public SmtpNotifier(SmtpSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.copy = EmailCopy.forLocale(settings.locale());
    this.protocol = settings.security() == TransportSecurity.SMTPS ? "smtps" : "smtp";
    // A Session of our own, from our own properties: System properties and the default Session are
    // shared by everything in the JVM and must not decide where evidence mail goes.
    this.session = Session.getInstance(SmtpProperties.of(settings, protocol));
  }

  @Override
  public Set<Channel> channels() {
    return Set.of(Channel.EMAIL);
  }

  @Override
  public DeliveryReport send(Notification notification) {
    if (closed.get()) {
      return DeliveryReport.retry("notifier is closed");
    }
    if (!(notification.to() instanceof EmailAddress to)) {
      return DeliveryReport.rejected("SmtpNotifier cannot deliver to channel " + notification.channel());
    }
    if (notification instanceof InvitationNotice invitation && !Html.isWebLink(invitation.link())) {
      return DeliveryReport.rejected("invitation link is not an absolute http(s) URL");
    }
    MimeMessage message;
    String messageId = messageId(notification.messageId());
    try {
      message = compose(notification, to, messageId);
    } catch (MessagingException | UnsupportedEncodingException | RuntimeException e) {
      // Rendering is deterministic: what failed now fails on every retry.
      return DeliveryReport.rejected("could not compose the email (" + e.getClass().getSimpleName() + ")");
    }
    try {
      transmit(message);
      return DeliveryReport.delivered(messageId);
    } catch (MessagingException | RuntimeException e) {
      return SmtpFailures.report(e);
    }
  }

  /** Idempotent. Sends already under way finish; later ones answer RETRY. */
  @Override
  public void close() {
    closed.set(true);
  }

  @Override
  public String toString() {
    return "SmtpNotifier[" + settings + "]";
  }

  private void transmit(MimeMessage message) throws MessagingException {
    try (Transport transport = session.getTransport(protocol)) {
      transport.connect(settings.host(), settings.port(), settings.username().orElse(null),
          settings.password().orElse(null));
      transport.sendMessage(message, message.getAllRecipients());
    }
  }

  private MimeMessage compose(Notification notification, EmailAddress to, String messageId)
      throws MessagingException, UnsupportedEncodingException {
    Email email = render(notification);
    MimeMessage message = new FixedIdMessage(session, messageId);
    message.setFrom(new InternetAddress(settings.from().value(), HeaderText.line(settings.fromName()), UTF_8));
    String name = HeaderText.line(email.recipientName());
    message.setRecipient(Message.RecipientType.TO,
        new InternetAddress(to.value(), name.isEmpty() ? null : name, UTF_8));
    message.setSubject(HeaderText.line(email.subject()), UTF_8);
    message.setSentDate(new Date());
    message.setHeader("Auto-Submitted", "auto-generated");
    // Stops Exchange and Outlook from answering with out-of-office replies nobody reads.
    message.setHeader("X-Auto-Response-Suppress", "All");

    MimeBodyPart text = new MimeBodyPart();
    text.setText(email.text(), UTF_8, "plain");
    MimeBodyPart html = new MimeBodyPart();
    html.setText(email.html(), UTF_8, "html");
    MimeMultipart alternative = new MimeMultipart("alternative", text, html);
    message.setContent(alternative);
    message.saveChanges();
    return message;
  }

  private Email render(Notification notification) {
    if (notification instanceof InvitationNotice invitation) {
      return InvitationEmail.render(invitation, settings, copy);
    }
    if (notification instanceof DetectionNotice detection) {
      return DetectionEmail.render(detection, settings, copy);
    }
    return OfficerEmail.render((SubmissionNotice) notification, settings, copy);
  }

  private String messageId(UUID id) {
    String from = settings.from().value();
    return "<" + id + "@" + from.substring(from.indexOf('@') + 1) + ">";
  }

  /** A message whose Message-ID is ours, not a fresh random one on every save. */
  private static final class FixedIdMessage extends MimeMessage {
    private final String messageId;

    FixedIdMessage(Session session, String messageId) {
      super(session);
      this.messageId = messageId;
    }

    @Override
    protected void updateMessageID() throws MessagingException {
      setHeader("Message-ID", messageId);
    }
  }
}
