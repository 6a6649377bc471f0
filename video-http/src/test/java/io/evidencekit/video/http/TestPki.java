package io.evidencekit.video.http;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throwaway certificate authority for mutual-TLS tests: a self-signed CA (generated per test run with
 * Bouncy Castle's certificate builder, keys and signatures from the JDK), and server and client
 * certificates it issues. Nothing touches the disk or a global provider list.
 */
final class TestPki {
  private static final char[] PASSWORD = "test-only".toCharArray();
  private final SecureRandom random = new SecureRandom();
  private final KeyPair caKeys;
  private final X509Certificate ca;

  /** An issued certificate with its private key. */
  record Issued(KeyPair keys, X509Certificate certificate) {}

  TestPki(String name) throws Exception {
    caKeys = keys();
    X500Name subject = new X500Name("CN=" + name);
    X509v3CertificateBuilder builder = builder(subject, subject, caKeys);
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
    builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    ca = sign(builder, caKeys);
  }

  X509Certificate ca() {
    return ca;
  }

  /** A server certificate for {@code localhost} (DNS name and 127.0.0.1). */
  Issued server() throws Exception {
    KeyPair keys = keys();
    X509v3CertificateBuilder builder = builder(new X500Name(ca.getSubjectX500Principal().getName()), new X500Name("CN=localhost"), keys);
    builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
        new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
    builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
    return new Issued(keys, sign(builder, caKeys));
  }

  /** A client certificate, as a force's evidence system would present. */
  Issued client(String name) throws Exception {
    KeyPair keys = keys();
    X509v3CertificateBuilder builder = builder(new X500Name(ca.getSubjectX500Principal().getName()), new X500Name("CN=" + name), keys);
    builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
    return new Issued(keys, sign(builder, caKeys));
  }

  /** A TLS context presenting {@code own} (when given) and trusting this CA only. */
  SSLContext context(Issued own) throws Exception {
    return context(own, this);
  }

  /** A TLS context presenting {@code own} (when given) and trusting {@code trusted}'s CA only. */
  static SSLContext context(Issued own, TestPki trusted) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", trusted.ca);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    KeyManagerFactory kmf = null;
    if (own != null) {
      KeyStore key = KeyStore.getInstance("PKCS12");
      key.load(null, null);
      key.setKeyEntry("me", own.keys().getPrivate(), PASSWORD, new X509Certificate[] {own.certificate()});
      kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(key, PASSWORD);
    }
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), new SecureRandom());
    return context;
  }

  private X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
    Instant now = Instant.now();
    return new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, random).add(BigInteger.ONE),
        Date.from(now.minus(1, ChronoUnit.HOURS)), Date.from(now.plus(1, ChronoUnit.DAYS)), subject, keys.getPublic());
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair issuer) throws Exception {
    return new JcaX509CertificateConverter().getCertificate(
        builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.getPrivate())));
  }

  private static KeyPair keys() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair();
  }
}
