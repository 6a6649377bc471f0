package io.evidencekit.notify.email;

import io.evidencekit.spi.DeliveryReport;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.SendFailedException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;

/**
 * Turns what Jakarta Mail throws into a {@link DeliveryReport}. SMTP's own rule decides: a 4xx reply is
 * temporary (RETRY), a 5xx reply is permanent (REJECTED). Anything without a reply code (refused,
 * timed out, TLS or login trouble) is RETRY, because retrying loses nothing and the cause is usually
 * the server or its configuration, not the message.
 *
 * <p>Details name only the reply code and the kind of failure: server texts often echo the address.
 */
final class SmtpFailures {
  /** Jakarta Mail reports a refused greeting only in its message text, e.g. "... response: 421 busy". */
  private static final Pattern BAD_GREETING = Pattern.compile("bad greeting.*response: \\[?([45][0-9][0-9])");

  private SmtpFailures() {}

  static DeliveryReport report(Exception failure) {
    List<Throwable> chain = chain(failure);
    List<Integer> codes = new ArrayList<>();
    boolean invalidAddress = false;
    for (Throwable t : chain) {
      int code = replyCode(t);
      if (code >= 400 && code <= 599) {
        codes.add(code);
      }
      if (t instanceof SendFailedException sent && sent.getInvalidAddresses() != null
          && sent.getInvalidAddresses().length > 0) {
        invalidAddress = true;
      }
    }
    // A temporary reply anywhere wins: the same attempt later may well succeed.
    for (int code : codes) {
      if (code < 500) {
        return DeliveryReport.retry("smtp " + code + ": temporary failure");
      }
    }
    if (!codes.isEmpty()) {
      return DeliveryReport.rejected("smtp " + codes.get(0) + ": " + permanentWhat(chain));
    }
    if (invalidAddress) {
      return DeliveryReport.rejected("recipient address refused");
    }
    return DeliveryReport.retry(transientWhat(chain));
  }

  private static int replyCode(Throwable t) {
    if (t instanceof SMTPAddressFailedException e) {
      return e.getReturnCode();
    }
    if (t instanceof SMTPSenderFailedException e) {
      return e.getReturnCode();
    }
    if (t instanceof SMTPSendFailedException e) {
      return e.getReturnCode();
    }
    return -1;
  }

  private static String permanentWhat(List<Throwable> chain) {
    for (Throwable t : chain) {
      if (t instanceof SMTPAddressFailedException) {
        return "recipient rejected";
      }
      if (t instanceof SMTPSenderFailedException) {
        return "sender rejected";
      }
    }
    return "message rejected";
  }

  private static String transientWhat(List<Throwable> chain) {
    for (Throwable t : chain) {
      Matcher greeting = t.getMessage() == null ? null : BAD_GREETING.matcher(t.getMessage());
      if (greeting != null && greeting.find()) {
        // Even a 5xx greeting is about the server, not this message: retrying loses nothing.
        return "smtp " + greeting.group(1) + " at greeting: server not accepting mail";
      }
      if (t instanceof ConnectException) {
        return "connection refused";
      }
      if (t instanceof SocketTimeoutException) {
        return "timed out";
      }
      if (t instanceof UnknownHostException) {
        return "unknown host";
      }
      if (t instanceof SSLException) {
        return "TLS failed";
      }
      if (t instanceof AuthenticationFailedException) {
        return "authentication failed";
      }
    }
    for (Throwable t : chain) {
      if (t instanceof IOException) {
        return "I/O error (" + t.getClass().getSimpleName() + ")";
      }
    }
    return "smtp failure (" + chain.get(0).getClass().getSimpleName() + ")";
  }

  /** The exception and its causes; MessagingException chains through getNextException, which getCause returns. */
  private static List<Throwable> chain(Throwable first) {
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    List<Throwable> out = new ArrayList<>();
    for (Throwable t = first; t != null && seen.add(t); t = t.getCause()) {
      out.add(t);
    }
    return out;
  }
}
