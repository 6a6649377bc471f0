package io.evidencekit.notify.govuk;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import org.json.JSONArray;
import org.json.JSONException;
import org.json.JSONObject;
import uk.gov.service.notify.NotificationClientException;

/**
 * What a failed Notify request means for the message, read from the HTTP status and Notify's error type
 * (Notify asks clients to rely on those, not on its message texts, which we read only to tell apart
 * cases that share a status). The detail names the status, the error type and what went wrong in our
 * words: Notify's own texts can quote the recipient, so they are never copied.
 */
record NotifyFailure(Kind kind, String detail) {

  enum Kind {
    /** Notify or the network is down or slow: the same request later may well succeed. */
    RETRY,
    /** This message can never be sent as it is (a bad number, too long): stop. */
    REJECT,
    /** Over the rate limit (3,000 a minute per key, rolling): slow down. */
    RATE_LIMIT,
    /** Over the service's daily limit, which resets at midnight UK time: stop until then. */
    DAILY_LIMIT,
    /** The key, clock, template or sender configuration is wrong: every message will fail alike. */
    MISCONFIGURED,
    /** No such notification (polling) or route (a wrong base URL). */
    NOT_FOUND
  }

  private static final Pattern BODY = Pattern.compile("^Status code: (\\d{3}) (.*)$", Pattern.DOTALL);
  private static final Pattern MISSING = Pattern.compile("Missing personalisation: ([A-Za-z0-9_ ,()-]{1,300})");

  static NotifyFailure of(NotificationClientException e) {
    int status = e.getHttpResult();
    if (status == 0) {
      return new NotifyFailure(Kind.RETRY, transport(e));
    }
    String type = "";
    String message = "";
    Matcher m = e.getMessage() == null ? null : BODY.matcher(e.getMessage());
    if (m != null && m.matches()) {
      String[] parsed = firstError(m.group(2));
      type = parsed[0];
      message = parsed[1];
    }
    String prefix = "notify " + status + (type.isEmpty() ? "" : " " + type) + ": ";
    String text = message.toLowerCase(Locale.ROOT);
    return switch (status) {
      case 400 -> badRequest(prefix, type, message, text);
      case 401 -> new NotifyFailure(Kind.MISCONFIGURED, prefix + "Notify did not receive our credentials");
      case 403 -> new NotifyFailure(Kind.MISCONFIGURED, prefix + (text.contains("clock")
          ? "this machine's clock is more than 30 seconds out; set it right (NTP)"
          : text.contains("api key not found")
              ? "Notify does not know the API key (revoked, mistyped, or for another service)"
              : "Notify refused the API key"));
      case 404 -> new NotifyFailure(Kind.NOT_FOUND, prefix + "not found");
      case 429 -> type.equals("TooManyRequestsError") || text.contains("for today")
          ? new NotifyFailure(Kind.DAILY_LIMIT, prefix + "the service's daily limit is reached; it resets at midnight")
          : new NotifyFailure(Kind.RATE_LIMIT, prefix + "over Notify's rate limit; slowing down");
      default -> status >= 500
          ? new NotifyFailure(Kind.RETRY, prefix + "Notify could not process the request")
          : new NotifyFailure(Kind.RETRY, prefix + "unexpected answer from Notify");
    };
  }

  private static NotifyFailure badRequest(String prefix, String type, String message, String text) {
    if (text.contains("phone_number") || text.contains("international mobile")) {
      return new NotifyFailure(Kind.REJECT, prefix + "Notify refused the phone number"
          + (text.contains("international") ? " (international numbers are off for this service)" : ""));
    }
    if (text.contains("email_address")) {
      return new NotifyFailure(Kind.REJECT, prefix + "Notify refused the email address");
    }
    Matcher missing = MISSING.matcher(message);
    if (missing.find()) {
      // Placeholder names come from the force's template, never from the message: safe to show, and
      // exactly what the person fixing the template needs.
      return new NotifyFailure(Kind.MISCONFIGURED,
          prefix + "the template has placeholders this plugin does not fill: " + missing.group(1).strip());
    }
    if (text.contains("template not found") || text.contains("not suitable for")) {
      return new NotifyFailure(Kind.MISCONFIGURED, prefix + "a configured template id is unknown to this service,"
          + " or is for the wrong channel");
    }
    if (text.contains("sms_sender_id") || text.contains("email_reply_to_id") || text.contains("reply_to")) {
      return new NotifyFailure(Kind.MISCONFIGURED,
          prefix + "the configured sender or reply-to id is unknown to this service");
    }
    if (text.contains("team-only") || text.contains("trial mode") || text.contains("guest list")) {
      return new NotifyFailure(Kind.MISCONFIGURED, prefix + "this API key or service may not send to the public"
          + " (a team key, or the service is in trial mode)");
    }
    if (text.contains("too long") || text.contains("longer than")) {
      return new NotifyFailure(Kind.REJECT, prefix + "the message is too long for Notify");
    }
    if (text.contains("not a valid uuid")) {
      return new NotifyFailure(Kind.NOT_FOUND, prefix + "not a Notify id");
    }
    return new NotifyFailure(Kind.REJECT, prefix + "Notify refused the request");
  }

  /** Notify's body is {@code {"status_code": 400, "errors": [{"error": "...", "message": "..."}]}}. */
  private static String[] firstError(String body) {
    try {
      JSONObject json = new JSONObject(body);
      JSONArray errors = json.optJSONArray("errors");
      if (errors == null || errors.isEmpty()) {
        return new String[] {"", ""};
      }
      JSONObject first = errors.optJSONObject(0);
      if (first == null) {
        return new String[] {"", ""};
      }
      String type = first.optString("error", "");
      // Notify's error types are single words; anything else is not theirs and is not repeated.
      return new String[] {type.matches("[A-Za-z]{1,40}") ? type : "", first.optString("message", "")};
    } catch (JSONException notJson) {
      // A proxy's HTML error page, say: the status code alone has to do.
      return new String[] {"", ""};
    }
  }

  private static String transport(Throwable failure) {
    List<Throwable> chain = chain(failure);
    for (Throwable t : chain) {
      if (t instanceof SocketTimeoutException) {
        return "timed out waiting for Notify";
      }
      if (t instanceof ConnectException) {
        return "could not connect to Notify";
      }
      if (t instanceof UnknownHostException) {
        return "Notify's host name did not resolve";
      }
      if (t instanceof SSLException) {
        return "TLS with Notify failed";
      }
    }
    for (Throwable t : chain) {
      if (t instanceof IOException) {
        return "I/O error talking to Notify (" + t.getClass().getSimpleName() + ")";
      }
    }
    return "Notify client failed (" + chain.get(chain.size() - 1).getClass().getSimpleName() + ")";
  }

  private static List<Throwable> chain(Throwable first) {
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    List<Throwable> out = new ArrayList<>();
    for (Throwable t = first; t != null && seen.add(t); t = t.getCause()) {
      out.add(t);
    }
    return out;
  }
}
