package io.evidencekit.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.evidencekit.spi.CheckpointSigner;
import io.evidencekit.tck.CheckpointSignerContract;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Ed25519CheckpointSigner keeps the CheckpointSigner contract")
class Ed25519CheckpointSignerContractTest extends CheckpointSignerContract {
  // RFC 8032 section 7.1, TEST 1: an independent implementation's key and signature of the empty message.
  private static final HexFormat HEX = HexFormat.of();
  private static final byte[] RFC8032_SECRET = HEX.parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
  private static final byte[] RFC8032_PUBLIC = HEX.parseHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
  private static final byte[] RFC8032_SIGNATURE = HEX.parseHex("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
      + "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");

  @Override
  protected CheckpointSigner newSigner() {
    return Ed25519CheckpointSigner.fromPrivateKey("evidence.force.example/custody", RFC8032_SECRET);
  }

  @Override
  protected Optional<String> publishedVerifierKey(CheckpointSigner signer) {
    return Optional.of(((Ed25519CheckpointSigner) signer).verifierKey().vkey());
  }

  @Override
  protected Optional<byte[]> privateKeyOf(CheckpointSigner signer) {
    return Optional.of(((Ed25519CheckpointSigner) signer).privateKey());
  }

  @Test
  @DisplayName("it reproduces RFC 8032's first test vector: the public key and the signature of the empty message")
  void rfc8032Vector() {
    CheckpointSigner signer = newSigner();

    assertThat(signer.publicKey()).isEqualTo(RFC8032_PUBLIC);
    assertThat(signer.sign(new byte[0])).isEqualTo(RFC8032_SIGNATURE);
  }

  @Test
  @DisplayName("a checkpoint it signs verifies with the verifier key it publishes, through the log's own note parser")
  void checkpointVerifiesWithPublishedKey() {
    Ed25519CheckpointSigner signer = (Ed25519CheckpointSigner) newSigner();
    SignedNote note = SignedNote.sign(NOTE_TEXT, signer);

    NoteVerifierKey published = NoteVerifierKey.parse(signer.verifierKey().vkey());

    assertThat(SignedNote.parse(note.encoded().getBytes(StandardCharsets.UTF_8)).verify(published).valid()).isTrue();
  }
}
