package io.evidencekit.core.notify;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals the one secret the outbox must hold until delivery (a link token) with AES-256-GCM, bound to
 * the outbox row by its id. The key comes from the host; without one the engine uses a key that lives
 * only in memory, so tokens of messages still pending when the process stops cannot be recovered and
 * the officer re-issues the link. Thread-safe.
 */
public final class SecretSealer {
  private static final int NONCE = 12;

  private final SecretKeySpec key;
  private final SecureRandom random;

  public SecretSealer(byte[] key, SecureRandom random) {
    if (key.length != 32) {
      throw new EvidenceException(ErrorCode.CONFIGURATION, "the outbox key must be 32 bytes (AES-256)");
    }
    this.key = new SecretKeySpec(key.clone(), "AES");
    this.random = random;
  }

  byte[] seal(UUID rowId, String secret) {
    byte[] nonce = new byte[NONCE];
    random.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
      cipher.updateAAD(aad(rowId));
      byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.allocate(NONCE + sealed.length).put(nonce).put(sealed).array();
    } catch (GeneralSecurityException e) {
      throw new EvidenceException(ErrorCode.INTERNAL, "cannot seal an outbox secret", e);
    }
  }

  /** The secret, or empty if it was sealed under another key (e.g. before a restart without a host key). */
  Optional<String> open(UUID rowId, byte[] sealed) {
    if (sealed.length <= NONCE) {
      return Optional.empty();
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, Arrays.copyOf(sealed, NONCE)));
      cipher.updateAAD(aad(rowId));
      return Optional.of(new String(cipher.doFinal(sealed, NONCE, sealed.length - NONCE), StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      return Optional.empty();
    }
  }

  private static byte[] aad(UUID id) {
    return ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()).array();
  }
}
