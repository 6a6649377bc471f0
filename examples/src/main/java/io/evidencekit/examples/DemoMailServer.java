package io.evidencekit.examples;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * A real SMTP server in this process (GreenMail), so the demo's emails are really sent over SMTP and
 * really received. Stands in for the force's mail relay and the recipients' mailboxes.
 */
final class DemoMailServer implements AutoCloseable {
  private final GreenMail server;
  private int seen;

  DemoMailServer() throws IOException {
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    ServerSetup setup = new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
    setup.setServerStartupTimeout(30_000); // GreenMail's 2 s default is too short on a loaded machine
    server = new GreenMail(setup);
    server.start();
  }

  int port() {
    return server.getSmtp().getPort();
  }

  /** Waits for the next message to arrive and returns it. */
  MimeMessage next(Duration timeout) {
    if (!server.waitForIncomingEmail(timeout.toMillis(), seen + 1)) {
      throw new EvidenceException(ErrorCode.NOTIFICATION_FAILED, "no email arrived within " + timeout);
    }
    return server.getReceivedMessages()[seen++];
  }

  /** Everything but the ugly bits: headers a person reads, then the plain-text body. */
  static String render(MimeMessage message) throws MessagingException, IOException {
    StringBuilder out = new StringBuilder();
    for (String header : List.of("From", "To", "Subject", "Auto-Submitted")) {
      String[] values = message.getHeader(header);
      if (values != null) {
        out.append(header).append(": ").append(String.join(", ", Arrays.asList(values))).append('\n');
      }
    }
    out.append('\n').append(plainText(message));
    return out.toString();
  }

  static String plainText(Message message) throws MessagingException, IOException {
    Object content = message.getContent();
    if (content instanceof String s) {
      return s;
    }
    Multipart parts = (Multipart) content;
    for (int i = 0; i < parts.getCount(); i++) {
      BodyPart part = parts.getBodyPart(i);
      if (part.isMimeType("text/plain")) {
        return (String) part.getContent();
      }
    }
    throw new EvidenceException(ErrorCode.INTERNAL, "the email has no text/plain part");
  }

  @Override
  public void close() {
    server.stop();
  }
}
