package io.evidencekit.core.custody.tsa;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.spi.TimestampAuthority;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.cms.SignerInformationVerifier;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampToken;
import org.jspecify.annotations.Nullable;

/**
 * An RFC 3161 time-stamp authority reached over HTTP(S) (RFC 3161 section 3.4: POST of
 * {@code application/timestamp-query}, answer {@code application/timestamp-reply}). Every request
 * carries a random 64-bit nonce and asks for the authority's certificate; the answer is accepted only
 * if it grants the stamp for exactly our imprint and nonce ({@code TimeStampResponse.validate}) and,
 * when the authority's certificate is given, if the token's signature verifies under it (which also
 * requires the certificate's critical time-stamping extended key usage).
 *
 * <p>Bouncy Castle is used through a provider object held by this instance, never registered globally.
 * Thread-safe; the HTTP client is the host's.
 */
public final class Rfc3161HttpTimestampAuthority implements TimestampAuthority {
  private static final int SHA256_BYTES = 32;
  private static final int MAX_REPLY_BYTES = 1 << 20;

  private final URI uri;
  private final HttpClient http;
  private final SecureRandom random;
  private final Duration timeout;
  private final @Nullable X509Certificate authorityCertificate;
  private final BouncyCastleProvider provider = new BouncyCastleProvider();

  /**
   * @param authorityCertificate the TSA's signing certificate: without it, the token's signature is not
   *     checked here (an auditor checks it later, e.g. with {@code openssl ts -verify})
   */
  public Rfc3161HttpTimestampAuthority(URI uri, HttpClient http, SecureRandom random, Duration timeout,
      Optional<X509Certificate> authorityCertificate) {
    this.uri = Objects.requireNonNull(uri, "uri");
    String scheme = uri.getScheme();
    if (!"https".equals(scheme) && !"http".equals(scheme)) {
      throw new EvidenceException(ErrorCode.CONFIGURATION, "a time-stamp authority is reached over http(s)");
    }
    this.http = Objects.requireNonNull(http, "http");
    this.random = Objects.requireNonNull(random, "random");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.authorityCertificate = authorityCertificate.orElse(null);
  }

  @Override
  public byte[] timestamp(byte[] sha256OfCheckpoint) {
    Objects.requireNonNull(sha256OfCheckpoint, "sha256OfCheckpoint");
    if (sha256OfCheckpoint.length != SHA256_BYTES) {
      throw new EvidenceException(ErrorCode.INVALID_INPUT, "a time-stamp is requested for a 32-byte SHA-256");
    }
    TimeStampRequestGenerator generator = new TimeStampRequestGenerator();
    generator.setCertReq(true);
    TimeStampRequest request = generator.generate(TSPAlgorithms.SHA256, sha256OfCheckpoint, new BigInteger(64, random));
    byte[] reply = post(encoded(request));
    try {
      TimeStampResponse response = new TimeStampResponse(reply);
      response.validate(request); // status granted, our imprint, our nonce, the certificate we asked for
      TimeStampToken token = response.getTimeStampToken();
      if (authorityCertificate != null) {
        SignerInformationVerifier verifier = new JcaSimpleSignerInfoVerifierBuilder().setProvider(provider)
            .build(authorityCertificate);
        token.validate(verifier);
      }
      return token.getEncoded();
    } catch (TSPException | IOException | OperatorCreationException | IllegalArgumentException e) {
      throw new EvidenceException(ErrorCode.INTEGRITY_FAILURE, "the time-stamp authority's answer is not a valid "
          + "time-stamp for this checkpoint: " + e.getMessage(), e);
    }
  }

  private byte[] post(byte[] query) {
    HttpRequest post = HttpRequest.newBuilder(uri)
        .timeout(timeout)
        .header("Content-Type", "application/timestamp-query")
        .header("Accept", "application/timestamp-reply")
        .POST(HttpRequest.BodyPublishers.ofByteArray(query))
        .build();
    HttpResponse<byte[]> response;
    try {
      response = http.send(post, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException("the time-stamp authority at " + uri.getHost() + " could not be reached", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(new IOException("interrupted while waiting for the time-stamp authority", e));
    }
    if (response.statusCode() != 200) {
      throw new UncheckedIOException(new IOException("the time-stamp authority answered HTTP " + response.statusCode()));
    }
    if (response.body().length > MAX_REPLY_BYTES) {
      throw new EvidenceException(ErrorCode.INTEGRITY_FAILURE, "the time-stamp authority's answer is too large");
    }
    return response.body();
  }

  private static byte[] encoded(TimeStampRequest request) {
    try {
      return request.getEncoded();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
