package io.evidencekit.notify.email;

import io.evidencekit.api.EmailAddress;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;

/** Shared pieces for the tests: settings for a local server, and reading what arrived. */
final class MailTests {
  static final EmailAddress NO_REPLY = new EmailAddress("no-reply@force.example");
  static final String FORCE = "Kent Police";
  static final String FROM_NAME = "Kent Police Evidence";

  private MailTests() {}

  /** Plain SMTP on localhost with short timeouts, so a failing test fails fast. */
  static SmtpSettings.Builder settings(int port) {
    return SmtpSettings.builder("127.0.0.1", NO_REPLY, FORCE)
        .fromName(FROM_NAME)
        .security(TransportSecurity.NONE)
        .port(port)
        .connectTimeout(Duration.ofSeconds(2))
        .readTimeout(Duration.ofSeconds(5));
  }

  /** A port nothing listens on: connecting to it is refused. */
  static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What a recipient reads: decoded subject, sender and recipients, then the plain-text part. */
  static String readable(MimeMessage message) {
    try {
      return "Subject: " + message.getSubject() + "\n"
          + "From: " + message.getFrom()[0].toString() + "\n"
          + "To: " + message.getHeader("To", ",") + "\n\n"
          + text(message);
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  static String text(MimeMessage message) {
    return part(message, "text/plain");
  }

  static String html(MimeMessage message) {
    return part(message, "text/html");
  }

  static MimeMultipart alternative(MimeMessage message) {
    try {
      return (MimeMultipart) message.getContent();
    } catch (MessagingException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String part(MimeMessage message, String type) {
    try {
      MimeMultipart parts = alternative(message);
      for (int i = 0; i < parts.getCount(); i++) {
        BodyPart part = parts.getBodyPart(i);
        if (part.isMimeType(type)) {
          return ((String) part.getContent()).replace("\r\n", "\n");
        }
      }
      throw new AssertionError("no " + type + " part");
    } catch (MessagingException | IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
