package uk.gov.service.notify;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URL;
import java.time.Duration;

/**
 * The official Notify client with connect and read timeouts. It is part of notify-govuk (the
 * evidencekit plugin), not of the Notify client.
 *
 * <p>Why it lives in the client's package: {@link NotificationClient} opens every connection through the
 * package-private {@code getConnection(URL)} and sets no timeout, so a Notify that accepts the
 * connection and never answers would hold the caller's thread forever. Overriding that one method is
 * the only way to bound the wait without JVM-wide settings ({@code sun.net.client.default*Timeout}).
 * Everything else, the JWT, headers and bodies, is the client's own: requests go out unmodified.
 *
 * <p>It calls the constructor that takes an {@code SSLContext}, with none: the other constructors
 * replace the JVM-wide default {@code HttpsURLConnection} socket factory, which a library must not do.
 *
 * <p>A package-private method is overridden only when both classes come from the same class loader;
 * {@link #timeoutsApply()} checks that it is, without any network traffic. Thread-safe, like the client.
 */
public final class TimedNotificationClient extends NotificationClient {
  private final int connectMillis;
  private final int readMillis;

  public TimedNotificationClient(String apiKey, String baseUrl, Duration connectTimeout, Duration readTimeout) {
    super(apiKey, baseUrl, null, null);
    this.connectMillis = Math.toIntExact(connectTimeout.toMillis());
    this.readMillis = Math.toIntExact(readTimeout.toMillis());
  }

  @Override
  HttpURLConnection getConnection(URL url) throws IOException {
    HttpURLConnection connection = super.getConnection(url);
    connection.setConnectTimeout(connectMillis);
    connection.setReadTimeout(readMillis);
    return connection;
  }

  /** Whether the client's own connections get our timeouts. Opens no connection. */
  public boolean timeoutsApply() {
    try {
      NotificationClient asClient = this;
      HttpURLConnection probe = asClient.getConnection(new URL("http://127.0.0.1/"));
      return probe.getReadTimeout() == readMillis && probe.getConnectTimeout() == connectMillis;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public String toString() {
    // NotificationClient's own toString is Object's; say what matters and never the key.
    return "TimedNotificationClient[baseUrl=" + getBaseUrl() + ", serviceId=" + getServiceId() + "]";
  }
}
