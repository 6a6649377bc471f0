package io.evidencekit.video.http;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Sends the source's requests: authenticates them, retries 5xx, 429 and unreachable platforms within the
 * {@link RetryPolicy}, honours {@code Retry-After}, maps the statuses that retrying cannot change to
 * {@link EvidenceException}s, and reads JSON bodies up to a bound. Messages name the operation and the
 * status, never the token or what the platform wrote in a body. Thread-safe: immutable over a thread-safe
 * {@link HttpClient}.
 */
final class PlatformClient {
  /** RFC 6750 token68, which is what a bearer token is on the wire; anything else could split the header. */
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._~+/-]{1,8192}=*");
  private static final Pattern DELTA_SECONDS = Pattern.compile("[0-9]{1,9}");

  private final HttpClient http;
  private final URI base;
  private final @Nullable Supplier<String> bearerToken;
  private final Duration requestTimeout;
  private final RetryPolicy retry;
  private final Sleeper sleeper;
  private final Clock clock;
  private final long maxJsonBytes;

  PlatformClient(HttpClient http, URI base, @Nullable Supplier<String> bearerToken, Duration requestTimeout,
      RetryPolicy retry, Sleeper sleeper, Clock clock, long maxJsonBytes) {
    this.http = http;
    this.base = base;
    this.bearerToken = bearerToken;
    this.requestTimeout = requestTimeout;
    this.retry = retry;
    this.sleeper = sleeper;
    this.clock = clock;
    this.maxJsonBytes = maxJsonBytes;
  }

  RetryPolicy retry() {
    return retry;
  }

  /**
   * Sends a request until the platform answers something other than 5xx or 429, or the policy's attempts
   * run out ({@link IOException}). The caller closes the answer's body.
   *
   * @param path relative to the base URI, already encoded
   * @param what the operation, for messages (ids only)
   */
  HttpResponse<InputStream> exchange(String method, String path, Map<String, String> headers, String what)
      throws IOException {
    URI uri = base.resolve(path);
    for (int attempt = 1; ; attempt++) {
      HttpResponse<InputStream> response;
      try {
        response = http.send(request(method, uri, headers), HttpResponse.BodyHandlers.ofInputStream());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException(what + ": interrupted");
      } catch (IOException e) {
        if (attempt >= retry.attempts()) {
          throw new IOException(what + ": the platform could not be reached or did not answer in time ("
              + attempt + (attempt == 1 ? " attempt)" : " attempts)"), e);
        }
        pause(retry.backoff(attempt), what);
        continue;
      }
      int status = response.statusCode();
      if (status != 429 && status < 500) {
        return response;
      }
      discard(response);
      if (attempt >= retry.attempts()) {
        throw new IOException(what + ": the platform answered HTTP " + status + " (" + attempt
            + (attempt == 1 ? " attempt)" : " attempts)"));
      }
      Duration wait = retry.backoff(attempt);
      if (status == 429 || status == 503) {
        Optional<Duration> asked = retryAfter(response);
        if (asked.isPresent()) {
          if (asked.get().compareTo(retry.maxRetryAfter()) > 0) {
            throw new IOException(what + ": the platform answered HTTP " + status + " and asks to wait "
                + asked.get().getSeconds() + " s, longer than the " + retry.maxRetryAfter().getSeconds() + " s allowed");
          }
          wait = asked.get();
        }
      }
      pause(wait, what);
    }
  }

  /** A GET whose 200 answer is JSON, read whole up to the bound; other statuses as {@link #failure}. */
  byte[] getJson(String path, String what) throws IOException {
    HttpResponse<InputStream> response = exchange("GET", path, Map.of("Accept", "application/json"), what);
    if (response.statusCode() != 200) {
      throw failure(response, what);
    }
    return json(response, what);
  }

  /** Reads a JSON body of at most the configured bytes, and closes it. A longer body is refused unread. */
  byte[] json(HttpResponse<InputStream> response, String what) throws IOException {
    try (InputStream body = response.body()) {
      OptionalLong declared = response.headers().firstValueAsLong("Content-Length");
      if (declared.isPresent() && declared.getAsLong() > maxJsonBytes) {
        throw tooLong(what);
      }
      byte[] bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxJsonBytes + 1));
      if (bytes.length > maxJsonBytes) {
        throw tooLong(what);
      }
      return bytes;
    } catch (NumberFormatException e) {
      throw new IOException(what + ": the platform sent a malformed Content-Length");
    }
  }

  private IOException tooLong(String what) {
    return new IOException(what + ": the platform's answer is longer than the " + maxJsonBytes + " bytes allowed");
  }

  /**
   * What an answer that is not the expected success means, with its body discarded: 400 is
   * {@code INVALID_INPUT}, 401 and 403 {@code CONFIGURATION}, 404 and 410 {@code NOT_FOUND}, anything else
   * (a redirect included: this source follows none, so a token never travels elsewhere) an {@link IOException}.
   */
  IOException failure(HttpResponse<InputStream> response, String what) {
    discard(response);
    int status = response.statusCode();
    switch (status) {
      case 400:
        throw new EvidenceException(ErrorCode.INVALID_INPUT, what + ": the platform refused the request as invalid (HTTP 400)");
      case 401:
      case 403:
        throw new EvidenceException(ErrorCode.CONFIGURATION, what + ": the platform refused this client's credentials (HTTP "
            + status + "); check the bearer token or client certificate configured for it");
      case 404:
      case 410:
        throw new EvidenceException(ErrorCode.NOT_FOUND, what + ": the platform does not hold it (HTTP " + status + ")");
      default:
        return new IOException(what + ": the platform answered HTTP " + status + ", which this contract does not allow here");
    }
  }

  static void discard(HttpResponse<InputStream> response) {
    // Closed without reading: a body we will not use may be long, and the connection is not worth it.
    try {
      response.body().close();
    } catch (IOException ignored) {
      // The answer is being dropped anyway.
    }
  }

  private HttpRequest request(String method, URI uri, Map<String, String> headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(requestTimeout)
        .method(method, HttpRequest.BodyPublishers.noBody())
        .header("User-Agent", "evidencekit-video-http/1");
    headers.forEach(request::header);
    if (bearerToken != null) {
      request.header("Authorization", "Bearer " + token(bearerToken));
    }
    return request.build();
  }

  private static String token(Supplier<String> supplier) {
    String token;
    try {
      token = supplier.get();
    } catch (RuntimeException e) {
      // The supplier's own exception may quote what it read; keep only its type.
      throw new EvidenceException(ErrorCode.CONFIGURATION, "the bearer token supplier failed (" + e.getClass().getSimpleName() + ")");
    }
    if (token == null || !TOKEN.matcher(token).matches()) {
      throw new EvidenceException(ErrorCode.CONFIGURATION, "the bearer token supplier gave no token, or one that is not a bearer token (RFC 6750 characters)");
    }
    return token;
  }

  private void pause(Duration wait, String what) throws IOException {
    try {
      sleeper.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException(what + ": interrupted while waiting to retry");
    }
  }

  /** {@code Retry-After} as seconds or an HTTP date; empty when absent or malformed (the back-off applies). */
  private Optional<Duration> retryAfter(HttpResponse<?> response) {
    Optional<String> value = response.headers().firstValue("Retry-After").map(String::trim);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    if (DELTA_SECONDS.matcher(value.get()).matches()) {
      return Optional.of(Duration.ofSeconds(Long.parseLong(value.get())));
    }
    try {
      Instant at = ZonedDateTime.parse(value.get(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration wait = Duration.between(clock.instant(), at);
      return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /**
   * An id as a path segment, percent-encoded. {@code .} and {@code ..} are refused: servers and proxies
   * resolve them as path steps whatever their encoding.
   */
  static String segment(String value) {
    if (value.equals(".") || value.equals("..")) {
      throw new EvidenceException(ErrorCode.INVALID_INPUT, "an id cannot be '.' or '..'");
    }
    return encode(value);
  }

  /** Percent-encoded for a path segment or a query value: only RFC 3986 unreserved characters stay as they are. */
  static String encode(String value) {
    StringBuilder out = new StringBuilder(value.length() + 16);
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~') {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }
}
