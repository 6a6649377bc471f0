package io.evidencekit.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evidencekit.api.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Checkpoints in signed notes")
class SignedCheckpointTest {
  // golang.org/x/mod/sumdb/note's documented example: an independent implementation's bytes.
  private static final String GO_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
  private static final String GO_SKEY_B64 = "AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
  private static final String GO_TEXT =
      "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
  private static final String GO_NOTE = GO_TEXT
      + "\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

  private final Ed25519CheckpointSigner signer = Ed25519CheckpointSigner.generate("evidencekit.test/log", seeded(1));
  private final NoteVerifierKey key = signer.verifierKey();
  private final Checkpoint checkpoint = new Checkpoint("evidencekit.test/log", 8, NaiveMerkle.root(ReferenceTree.leafHashes()));

  private static SecureRandom seeded(long seed) {
    try {
      SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
      random.setSeed(seed);
      return random;
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  @DisplayName("the Go reference note verifies, and our signer reproduces its signature byte for byte")
  void goInterop() {
    NoteVerifierKey goKey = NoteVerifierKey.parse(GO_VKEY);
    assertThat(goKey.vkey()).isEqualTo(GO_VKEY);
    assertThat(SignedNote.parse(GO_NOTE).verify(goKey).valid()).isTrue();
    byte[] skey = Base64.getDecoder().decode(GO_SKEY_B64);
    Ed25519CheckpointSigner peter = Ed25519CheckpointSigner.fromPrivateKey("PeterNeumann", Arrays.copyOfRange(skey, 1, 33));
    assertThat(peter.verifierKey().vkey()).isEqualTo(GO_VKEY);
    assertThat(SignedNote.sign(GO_TEXT, peter).encoded()).isEqualTo(GO_NOTE);
  }

  @Test
  @DisplayName("a vkey whose base64 contains '+' is parsed by its first two separators")
  void plusInBase64() {
    assertThat(NoteVerifierKey.parse("TEST+7997405c+AQcC+FTVKf0jlTdHDY3rbevmnKxxPjigCXlVtGe6RIr6").name()).isEqualTo("TEST");
  }

  @Test
  @DisplayName("a checkpoint is three lines, and a signed one verifies under its key")
  void signAndVerify() {
    assertThat(checkpoint.text()).isEqualTo("evidencekit.test/log\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n");
    String note = checkpoint.sign(signer).encoded();
    assertThat(note).startsWith(checkpoint.text() + "\n\u2014 evidencekit.test/log ").endsWith("\n");
    assertThat(Checkpoint.verify(utf8(note), key)).isEqualTo(checkpoint);
  }

  @Test
  @DisplayName("a key is generated from the injected randomness and reloads from its private key")
  void keys() {
    Ed25519CheckpointSigner again = Ed25519CheckpointSigner.generate("evidencekit.test/log", seeded(1));
    assertThat(again.publicKey()).isEqualTo(signer.publicKey());
    Ed25519CheckpointSigner reloaded = Ed25519CheckpointSigner.fromPrivateKey("evidencekit.test/log", signer.privateKey());
    assertThat(reloaded.verifierKey()).isEqualTo(key);
    assertThat(NoteVerifierKey.parse(key.vkey())).isEqualTo(key);
    assertThat(signer.toString()).doesNotContain(Base64.getEncoder().encodeToString(signer.privateKey()));
  }

  @Test
  @DisplayName("a note signed only by another key is refused: unknown key")
  void unknownKey() {
    Ed25519CheckpointSigner other = Ed25519CheckpointSigner.generate("evidencekit.test/log", seeded(2));
    String note = checkpoint.sign(other).encoded();
    assertThatThrownBy(() -> Checkpoint.verify(utf8(note), key))
        .extracting("code").isEqualTo(ErrorCode.INTEGRITY_FAILURE);
    assertThat(SignedNote.parse(note).verify(key).reason()).contains("different key of the same name");
  }

  @Test
  @DisplayName("a witness's extra signature is ignored, ours still counts")
  void cosigned() {
    Ed25519CheckpointSigner witness = Ed25519CheckpointSigner.generate("witness.example", seeded(3));
    String note = checkpoint.sign(witness, signer).encoded();
    assertThat(Checkpoint.verify(utf8(note), key)).isEqualTo(checkpoint);
  }

  @Test
  @DisplayName("a bad signature, or a changed or added line of text, is refused as an integrity failure")
  void tampered() {
    String note = checkpoint.sign(signer).encoded();
    String[] forgeries = {
        note.replace("\n8\n", "\n9\n"),
        note.replace("Qyg=\n", "Qyg=\nextension\n"),
        flipSignatureBit(note),
    };
    for (String forged : forgeries) {
      assertThatThrownBy(() -> Checkpoint.verify(utf8(forged), key))
          .as(forged).extracting("code").isEqualTo(ErrorCode.INTEGRITY_FAILURE);
    }
  }

  private static String flipSignatureBit(String note) {
    int at = note.lastIndexOf(' ') + 1;
    String b64 = note.substring(at, note.length() - 1);
    byte[] payload = Base64.getDecoder().decode(b64);
    payload[10] ^= 1;
    return note.substring(0, at) + Base64.getEncoder().encodeToString(payload) + "\n";
  }

  @ParameterizedTest
  @ValueSource(strings = {"leading zeros", "plus sign", "base64 space", "base64 unpadded", "no final newline", "crlf",
      "no signatures", "no blank line", "extra line after signatures", "blank line in signatures", "two blank lines",
      "tab", "missing root line", "empty extension", "short root", "huge size", "not a signature", "no key hash",
      "invalid utf8"})
  @DisplayName("a non-canonical or malformed note is refused as invalid input")
  void malformed(String variant) {
    String note = checkpoint.sign(signer).encoded();
    String sig = note.substring(checkpoint.text().length() + 1);
    byte[] bytes = switch (variant) {
      case "leading zeros" -> utf8(note.replace("\n8\n", "\n08\n"));
      case "plus sign" -> utf8(note.replace("\n8\n", "\n+8\n"));
      case "base64 space" -> utf8(note.replace("XcnaeacGWamt", "Xcnaeac GWamt"));
      case "base64 unpadded" -> utf8(note.replace("Qyg=\n", "Qyg\n"));
      case "no final newline" -> utf8(note.substring(0, note.length() - 1));
      case "crlf" -> utf8(note.replace("\n", "\r\n"));
      case "no signatures" -> utf8(checkpoint.text() + "\n");
      case "no blank line" -> utf8(checkpoint.text() + sig);
      case "extra line after signatures" -> utf8(note + "trailer\n");
      case "blank line in signatures" -> utf8(note + "\n" + sig);
      case "two blank lines" -> utf8(checkpoint.text() + "\n\n" + sig);
      case "tab" -> utf8(note.replace("\n8\n", "\n8\t\n"));
      case "missing root line" -> utf8(note.replace("XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n", ""));
      case "empty extension" -> utf8(note.replace("Qyg=\n", "Qyg=\n\n"));
      case "short root" -> utf8(note.replace("XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=", "AAAA"));
      case "huge size" -> utf8(note.replace("\n8\n", "\n18446744073709551615\n"));
      case "not a signature" -> utf8(note.replace("\u2014 ", "- "));
      case "no key hash" -> utf8(note.substring(0, note.lastIndexOf(' ') + 1) + "AAAA\n");
      case "invalid utf8" -> concat(utf8(note.substring(0, 5)), new byte[] {(byte) 0xc3, 0x28}, utf8(note.substring(5)));
      default -> throw new AssertionError(variant);
    };
    assertThatThrownBy(() -> Checkpoint.verify(bytes, key))
        .as(variant).extracting("code").isEqualTo(ErrorCode.INVALID_INPUT);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "name", "name+c74f20a3", "PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
      "PeterNeumann+C74F20A3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
      "PeterNeumann+c74f20a3+AhpjMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", "Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
      "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW "})
  @DisplayName("a malformed verifier key is refused as invalid input")
  void badVkey(String vkey) {
    assertThatThrownBy(() -> NoteVerifierKey.parse(vkey)).extracting("code").isEqualTo(ErrorCode.INVALID_INPUT);
  }

  private static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
