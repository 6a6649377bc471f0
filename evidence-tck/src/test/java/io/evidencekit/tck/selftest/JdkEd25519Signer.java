package io.evidencekit.tck.selftest;

import io.evidencekit.spi.CheckpointSigner;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.Arrays;
import java.util.function.UnaryOperator;

/** An Ed25519 signer on the JDK's own provider; {@code tamper} lets a test make it sign something else. */
final class JdkEd25519Signer implements CheckpointSigner {
  private final KeyPair keys;
  private final UnaryOperator<byte[]> tamper;

  JdkEd25519Signer(SecureRandom random, UnaryOperator<byte[]> tamper) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
      generator.initialize(255, random);
      this.keys = generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK provides Ed25519", e);
    }
    this.tamper = tamper;
  }

  @Override
  public String keyName() {
    return "selftest.example/log";
  }

  @Override
  public byte[] publicKey() {
    byte[] spki = keys.getPublic().getEncoded(); // X.509 SubjectPublicKeyInfo: the raw key is its last 32 bytes
    return Arrays.copyOfRange(spki, spki.length - 32, spki.length);
  }

  @Override
  public byte[] sign(byte[] message) {
    try {
      Signature signature = Signature.getInstance("Ed25519");
      signature.initSign(keys.getPrivate());
      signature.update(tamper.apply(message));
      return signature.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
