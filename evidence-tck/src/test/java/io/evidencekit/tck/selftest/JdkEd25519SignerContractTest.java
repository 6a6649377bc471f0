package io.evidencekit.tck.selftest;

import io.evidencekit.spi.CheckpointSigner;
import io.evidencekit.tck.CheckpointSignerContract;
import java.security.SecureRandom;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.DisplayName;

/** The signer kit passes an Ed25519 signer built on another library than the engine's. */
@DisplayName("The signer kit on the JDK's Ed25519")
class JdkEd25519SignerContractTest extends CheckpointSignerContract {
  private final CheckpointSigner signer = new JdkEd25519Signer(new SecureRandom(), tamper());

  /** What the signer signs instead of the message it is given; the message itself here. */
  UnaryOperator<byte[]> tamper() {
    return UnaryOperator.identity();
  }

  @Override
  protected CheckpointSigner newSigner() {
    return signer;
  }
}
