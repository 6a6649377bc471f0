package io.evidencekit.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.evidencekit.api.EvidenceException;
import io.evidencekit.spi.CheckpointSigner;
import io.evidencekit.tck.signer.NoteKeys;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What every {@link CheckpointSigner} must do, as written in its javadoc. A signer (an in-memory key, an
 * HSM, a KMS) proves itself by extending this class in its own tests:
 *
 * <pre>{@code
 * @DisplayName("HsmCheckpointSigner")
 * class HsmCheckpointSignerTest extends CheckpointSignerContract {
 *   @Override protected CheckpointSigner newSigner() { return new HsmCheckpointSigner(testPartition()); }
 *   @Override protected Optional<CheckpointSigner> newUnavailableSigner() {
 *     return Optional.of(new HsmCheckpointSigner(partitionThatIsDown()));
 *   }
 * }
 * }</pre>
 *
 * <p>Signatures are verified here with the JDK's own Ed25519, independently of the signer's library. The
 * Ed25519 tests form a group ({@link Ed25519}) whose every test a signer of another type skips, for that
 * one reason; so do the groups of hooks a signer does not fill in ({@link PublishedKey},
 * {@link Unavailable}, {@link Secrets}).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class CheckpointSignerContract {
  /** A checkpoint as the engine signs it (C2SP tlog-checkpoint): origin, size, root hash, final newline. */
  protected static final String NOTE_TEXT =
      "evidence.force.example/custody\n18\nq3Zgs3Gm8pFRm0yqRRS0k3NwYkLi4RB7RXB1ol71WOE=\n";

  /** A signer to test; every call may return a new one, with the same key or another. */
  protected abstract CheckpointSigner newSigner();

  /**
   * The verifier key the implementation publishes for {@code signer} (the {@code vkey} line a verifier is
   * given), if it offers one. Empty: the {@link PublishedKey} group is skipped.
   */
  protected Optional<String> publishedVerifierKey(CheckpointSigner signer) {
    return Optional.empty();
  }

  /**
   * A signer whose backend cannot sign (a remote signer that is down). Empty, the default, for a signer
   * that cannot fail this way: the {@link Unavailable} group is skipped.
   */
  protected Optional<CheckpointSigner> newUnavailableSigner() {
    return Optional.empty();
  }

  /** The private key material of {@code signer}, when the test can see it. Empty: {@link Secrets} is skipped. */
  protected Optional<byte[]> privateKeyOf(CheckpointSigner signer) {
    return Optional.empty();
  }

  // ---- whatever the algorithm

  @Test
  @DisplayName("the key name is a valid note key name (not empty, no space, '+' or control character) and the same on every call")
  void keyNameIsANoteKeyName() {
    CheckpointSigner signer = newSigner();
    String name = signer.keyName();

    assertThat(name).isNotEmpty();
    assertThat(name.codePoints()).noneMatch(c -> c == '+' || Character.isWhitespace(c) || Character.isSpaceChar(c)
        || Character.isISOControl(c));
    assertThat(signer.keyName()).isEqualTo(name);
  }

  @Test
  @DisplayName("publicKey() is the same key on every call, and a fresh copy: changing one changes nothing")
  void publicKeyIsAFreshCopy() {
    CheckpointSigner signer = newSigner();
    byte[] first = signer.publicKey();
    byte[] kept = first.clone();

    Arrays.fill(first, (byte) 0);

    assertThat(kept).isNotEmpty();
    assertThat(signer.publicKey()).isEqualTo(kept).isNotSameAs(first);
  }

  @Test
  @DisplayName("signing leaves the caller's array unchanged")
  void messageLeftUnchanged() {
    byte[] message = NOTE_TEXT.getBytes(StandardCharsets.UTF_8);
    byte[] kept = message.clone();

    newSigner().sign(message);

    assertThat(message).isEqualTo(kept);
  }

  // ---- Ed25519

  /** The signatures themselves, checked with the JDK's Ed25519; skipped for a signer of another type. */
  @Nested
  @DisplayName("Ed25519 signatures")
  class Ed25519 {
    @BeforeEach
    void skipUnlessEd25519() {
      CheckpointSigner signer = newSigner();
      assumeTrue(signer.algorithm() == CheckpointSigner.ED25519,
          () -> "the kit checks only Ed25519 (type 0x01) signatures, the only type the engine accepts; this signer is "
              + signer.algorithmName());
    }

    @Test
    @DisplayName("an Ed25519 public key is 32 bytes and a signature 64")
    void ed25519Key() {
      CheckpointSigner signer = newSigner();

      assertThat(signer.publicKey()).hasSize(NoteKeys.ED25519_KEY_BYTES);
      assertThat(signer.sign(NOTE_TEXT.getBytes(StandardCharsets.UTF_8))).hasSize(NoteKeys.ED25519_SIGNATURE_BYTES);
    }

    @Test
    @DisplayName("the signature of a note text verifies under the signer's public key")
    void signatureVerifies() {
      CheckpointSigner signer = newSigner();
      byte[] text = NOTE_TEXT.getBytes(StandardCharsets.UTF_8);

      byte[] signature = signer.sign(text);

      assertThat(NoteKeys.ed25519Verifies(signer.publicKey(), text, signature)).isTrue();
    }

    @Test
    @DisplayName("the signature covers the exact text: not without its final newline, not with CRLF, not another size")
    void signatureBindsTheExactText() {
      CheckpointSigner signer = newSigner();
      byte[] signature = signer.sign(NOTE_TEXT.getBytes(StandardCharsets.UTF_8));

      for (String other : List.of(NOTE_TEXT.substring(0, NOTE_TEXT.length() - 1), NOTE_TEXT.replace("\n", "\r\n"),
          NOTE_TEXT.replace("\n18\n", "\n19\n"))) {
        assertThat(NoteKeys.ed25519Verifies(signer.publicKey(), other.getBytes(StandardCharsets.UTF_8), signature))
            .as("verifies over %s", other.replace("\n", "\\n").replace("\r", "\\r")).isFalse();
      }
    }

    @Test
    @DisplayName("any bytes are signed as they are: empty, not UTF-8, a megabyte")
    void signsAnyBytes() {
      CheckpointSigner signer = newSigner();
      byte[] large = new byte[1 << 20];
      Arrays.fill(large, (byte) 'a');

      for (byte[] message : List.of(new byte[0], new byte[] {(byte) 0xff, (byte) 0xfe, 0, '\n'}, large)) {
        byte[] signature = signer.sign(message);
        assertThat(NoteKeys.ed25519Verifies(signer.publicKey(), message, signature))
            .as("a signature of %d bytes", message.length).isTrue();
      }
    }

    @Test
    @DisplayName("Ed25519 is deterministic: the same text signed twice, by two instances of the signer, gives the same signature")
    void ed25519IsDeterministic() {
      CheckpointSigner signer = newSigner();
      CheckpointSigner again = newSigner();
      byte[] text = NOTE_TEXT.getBytes(StandardCharsets.UTF_8);
      byte[] first = signer.sign(text);

      assertThat(signer.sign(text)).isEqualTo(first);
      if (Arrays.equals(again.publicKey(), signer.publicKey())) {
        assertThat(again.sign(text)).isEqualTo(first);
      }
    }

    @Test
    @DisplayName("8 threads signing different texts at once each get a signature that verifies, the same as signed alone")
    void concurrentSigning() throws Exception {
      CheckpointSigner signer = newSigner();
      int threads = 8;
      int perThread = 50;
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<byte[]>>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          int thread = t;
          results.add(pool.submit(() -> {
            start.await();
            List<byte[]> signatures = new ArrayList<>();
            for (int i = 0; i < perThread; i++) {
              signatures.add(signer.sign(text(thread, i)));
            }
            return signatures;
          }));
        }
        start.countDown();
        for (int t = 0; t < threads; t++) {
          List<byte[]> signatures = results.get(t).get(30, TimeUnit.SECONDS);
          for (int i = 0; i < perThread; i++) {
            byte[] text = text(t, i);
            assertThat(NoteKeys.ed25519Verifies(signer.publicKey(), text, signatures.get(i)))
                .as("signature %d of thread %d", i, t).isTrue();
            assertThat(signatures.get(i)).isEqualTo(signer.sign(text));
          }
        }
      } finally {
        pool.shutdownNow();
      }
    }

    private byte[] text(int thread, int index) {
      return ("evidence.force.example/custody\n" + (thread * 1000 + index) + "\n"
          + "q3Zgs3Gm8pFRm0yqRRS0k3NwYkLi4RB7RXB1ol71WOE=\n").getBytes(StandardCharsets.UTF_8);
    }
  }

  // ---- hooks a signer may fill in

  /** The verifier key the implementation publishes; skipped when it publishes none. */
  @Nested
  @DisplayName("the published verifier key")
  class PublishedKey {
    @BeforeEach
    void skipUnlessPublished() {
      assumeTrue(publishedVerifierKey(newSigner()).isPresent(), "the implementation publishes no verifier key");
    }

    @Test
    @DisplayName("the published key is <name>+<hex key hash>+<base64(type || public key)>, the hash being SHA-256(name, newline, type, key)[:4]")
    void publishedKeyIsTheNoteKey() {
      CheckpointSigner signer = newSigner();
      byte[] typeAndKey = NoteKeys.typeAndKey(signer.algorithm(), signer.publicKey());
      String expected = signer.keyName() + "+"
          + HexFormat.of().formatHex(NoteKeys.keyHash(signer.keyName(), signer.algorithm(), signer.publicKey()))
          + "+" + Base64.getEncoder().encodeToString(typeAndKey);

      assertThat(publishedVerifierKey(signer)).contains(expected);
    }
  }

  /** A signer that cannot sign; skipped when the implementation cannot fail that way. */
  @Nested
  @DisplayName("a signer that cannot sign")
  class Unavailable {
    @BeforeEach
    void skipUnlessGiven() {
      assumeTrue(newUnavailableSigner().isPresent(), "the implementation gives no signer that cannot sign");
    }

    @Test
    @DisplayName("a signer that cannot sign throws an EvidenceException, never returns an empty or partial signature")
    void unavailableSignerThrows() {
      CheckpointSigner signer = newUnavailableSigner().orElseThrow();

      assertThatThrownBy(() -> signer.sign(NOTE_TEXT.getBytes(StandardCharsets.UTF_8)))
          .isInstanceOf(EvidenceException.class);
    }
  }

  /** What must never show the private key; skipped when the test cannot see the key. */
  @Nested
  @DisplayName("the private key")
  class Secrets {
    @BeforeEach
    void skipUnlessVisible() {
      assumeTrue(privateKeyOf(newSigner()).isPresent(), "the test cannot see the private key");
    }

    @Test
    @DisplayName("toString() shows no private key material, in hex or base64")
    void toStringHidesTheKey() {
      CheckpointSigner signer = newSigner();
      byte[] key = privateKeyOf(signer).orElseThrow();
      String shown = signer.toString();

      assertThat(shown.toLowerCase(java.util.Locale.ROOT)).doesNotContain(HexFormat.of().formatHex(key));
      assertThat(shown).doesNotContain(Base64.getEncoder().withoutPadding().encodeToString(key))
          .doesNotContain(Base64.getUrlEncoder().withoutPadding().encodeToString(key));
    }
  }
}
