package io.evidencekit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.verify.SignedCheckpoint;
import io.evidencekit.core.custody.tsa.Rfc3161HttpTimestampAuthority;
import io.evidencekit.core.testing.DatabaseKind;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampResponseGenerator;
import org.bouncycastle.tsp.TimeStampToken;
import org.bouncycastle.tsp.TimeStampTokenGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass(name = "on {0}")
@EnumSource(value = DatabaseKind.class, names = "H2")
@DisplayName("Anchoring checkpoints with an RFC 3161 time-stamp")
class TimestampAnchorTest extends EngineTestBase {
  private final AtomicLong serial = new AtomicLong(1);
  private X509Certificate ca;
  private X509Certificate tsaCertificate;
  private TimeStampResponseGenerator responder;
  private HttpServer server;
  /** What the test TSA does to a request before answering it: identity, or a forgery. */
  private volatile UnaryOperator<TimeStampRequest> tamper = UnaryOperator.identity();

  @BeforeEach
  void startAuthority() throws Exception {
    KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
    ec.initialize(256);
    KeyPair caKeys = ec.generateKeyPair();
    KeyPair tsaKeys = ec.generateKeyPair();
    Date from = Date.from(Instant.now().minus(Duration.ofDays(1)));
    Date to = Date.from(Instant.now().plus(Duration.ofDays(30)));
    X500Name caName = new X500Name("CN=evidencekit test TSA root");
    X509v3CertificateBuilder root = new JcaX509v3CertificateBuilder(caName, BigInteger.ONE, from, to, caName, caKeys.getPublic())
        .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
        .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    ca = new JcaX509CertificateConverter().getCertificate(
        root.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKeys.getPrivate())));
    X509v3CertificateBuilder tsa = new JcaX509v3CertificateBuilder(caName, BigInteger.TWO, from, to,
        new X500Name("CN=evidencekit test TSA"), tsaKeys.getPublic())
        .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
        .addExtension(Extension.extendedKeyUsage, true, new ExtendedKeyUsage(KeyPurposeId.id_kp_timeStamping));
    tsaCertificate = new JcaX509CertificateConverter().getCertificate(
        tsa.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKeys.getPrivate())));

    TimeStampTokenGenerator tokens = new TimeStampTokenGenerator(
        new JcaSimpleSignerInfoGeneratorBuilder().build("SHA256withECDSA", tsaKeys.getPrivate(), tsaCertificate),
        new JcaDigestCalculatorProviderBuilder().build().get(new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256)),
        new ASN1ObjectIdentifier("1.3.6.1.4.1.99999.1"));
    tokens.addCertificates(new JcaCertStore(List.of(tsaCertificate)));
    responder = new TimeStampResponseGenerator(tokens, TSPAlgorithms.ALLOWED);

    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/tsa", exchange -> {
      try {
        TimeStampRequest request = tamper.apply(new TimeStampRequest(exchange.getRequestBody().readAllBytes()));
        byte[] reply = responder.generate(request, BigInteger.valueOf(serial.getAndIncrement()), new Date()).getEncoded();
        exchange.getResponseHeaders().add("Content-Type", "application/timestamp-reply");
        exchange.sendResponseHeaders(200, reply.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(reply);
        }
      } catch (Exception e) {
        exchange.sendResponseHeaders(500, -1);
      } finally {
        exchange.close();
      }
    });
    server.start();
  }

  @AfterEach
  void stopAuthority() {
    server.stop(0);
  }

  private Rfc3161HttpTimestampAuthority client() {
    return new Rfc3161HttpTimestampAuthority(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/tsa"),
        HttpClient.newHttpClient(), new SecureRandom(), Duration.ofSeconds(10), Optional.of(tsaCertificate));
  }

  private static byte[] sha256(byte[] bytes) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(bytes);
  }

  @Test
  @DisplayName("a checkpoint is stamped over SHA-256 of its signed note, stored with it, and openssl ts -verify accepts the token")
  void stampedCheckpointVerifiesWithOpenssl() throws Exception {
    EvidenceEngine stamped = newEngine(b -> b.timestampAuthority(client()));
    submitFiles(requestAndInvite(), "footage");
    SignedCheckpoint checkpoint = stamped.custody().checkpoint();
    byte[] token = checkpoint.timestampToken().orElseThrow();
    assertThat(stamped.custody().latestCheckpoint().orElseThrow().timestampToken()).hasValueSatisfying(t -> assertThat(t).isEqualTo(token));

    TimeStampToken parsed = new TimeStampToken(ContentInfo.getInstance(token));
    assertThat(parsed.getTimeStampInfo().getMessageImprintDigest()).isEqualTo(sha256(checkpoint.bytes()));
    assertThat(parsed.getTimeStampInfo().getMessageImprintAlgOID()).isEqualTo(NISTObjectIdentifiers.id_sha256);

    Path work = Files.createDirectories(Path.of("target", "tsa-openssl"));
    Path data = Files.write(work.resolve("checkpoint.txt"), checkpoint.bytes());
    Path tokenFile = Files.write(work.resolve("checkpoint.tst"), token);
    Path caFile = Files.writeString(work.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(ca.getEncoded())
        + "\n-----END CERTIFICATE-----\n");
    assumeTrue(opensslPresent(), "openssl is not installed");
    Process openssl = new ProcessBuilder("openssl", "ts", "-verify", "-data", data.toString(), "-in", tokenFile.toString(),
        "-token_in", "-CAfile", caFile.toString()).redirectErrorStream(true).start();
    String output = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(openssl.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(openssl.exitValue()).as(output).isZero();
    assertThat(output).contains("Verification: OK");

    // The same token does not verify for other data.
    Path other = Files.write(work.resolve("other.txt"), "not the checkpoint\n".getBytes(StandardCharsets.UTF_8));
    Process wrong = new ProcessBuilder("openssl", "ts", "-verify", "-data", other.toString(), "-in", tokenFile.toString(),
        "-token_in", "-CAfile", caFile.toString()).redirectErrorStream(true).start();
    wrong.getInputStream().readAllBytes();
    assertThat(wrong.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(wrong.exitValue()).isNotZero();
  }

  @Test
  @DisplayName("an answer for another imprint is refused by the client")
  void answerForAnotherImprintIsRefused() throws Exception {
    tamper = request -> new org.bouncycastle.tsp.TimeStampRequestGenerator() {
      {
        setCertReq(true);
      }
    }.generate(TSPAlgorithms.SHA256, new byte[32], request.getNonce());
    assertThatThrownBy(() -> client().timestamp(sha256("checkpoint".getBytes(StandardCharsets.UTF_8))))
        .isInstanceOf(EvidenceException.class)
        .extracting("code").isEqualTo(ErrorCode.INTEGRITY_FAILURE);
  }

  @Test
  @DisplayName("a token signed by another authority is refused when the authority's certificate is given")
  void tokenFromAnotherAuthorityIsRefused() throws Exception {
    X509Certificate expected = tsaCertificate;
    server.stop(0);
    startAuthority(); // a second authority with fresh keys; the client below still trusts the first one
    Rfc3161HttpTimestampAuthority client = new Rfc3161HttpTimestampAuthority(
        URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/tsa"), HttpClient.newHttpClient(),
        new SecureRandom(), Duration.ofSeconds(10), Optional.of(expected));
    assertThatThrownBy(() -> client.timestamp(new byte[32]))
        .isInstanceOf(EvidenceException.class)
        .extracting("code").isEqualTo(ErrorCode.INTEGRITY_FAILURE);
  }

  @Test
  @DisplayName("when the authority is down the checkpoint is still made and stored, without a token")
  void authorityDown() {
    Rfc3161HttpTimestampAuthority client = client();
    server.stop(0);
    EvidenceEngine stamped = newEngine(b -> b.timestampAuthority(client));
    submitFiles(requestAndInvite(), "footage");
    SignedCheckpoint checkpoint = stamped.custody().checkpoint();
    assertThat(checkpoint.timestampToken()).isEmpty();
    assertThat(stamped.custody().checkpoints()).hasSize(1);
    assertThat(stamped.custody().audit().intact()).isTrue();
  }

  private static boolean opensslPresent() {
    try {
      Process p = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }
}
