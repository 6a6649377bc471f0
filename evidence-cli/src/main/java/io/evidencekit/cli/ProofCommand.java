package io.evidencekit.cli;

import io.evidencekit.verify.CheckpointResult;
import io.evidencekit.verify.ConsistencyProof;
import io.evidencekit.verify.CustodyBody;
import io.evidencekit.verify.InclusionProof;
import io.evidencekit.verify.OfflineVerifier;
import io.evidencekit.verify.ProofJson;
import io.evidencekit.verify.ProofResult;
import io.evidencekit.verify.Verification;
import io.evidencekit.verify.VerifiedCheckpoint;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code evidencekit proof ...}: check proofs offline, in the JSON form of the RFC 6962 test vectors.
 * Uses evidence-verify only: no database, no engine.
 *
 * <p>A proof proves something only against a root the verifier trusts: with {@code --checkpoint FILE
 * --key VKEY} the signed checkpoint is verified first and the proof must be for its tree size and
 * root. Without them the proof is checked against the root it carries itself, which anyone can make
 * up, and the output says so on every line it prints.
 */
@Command(name = "proof", description = "Verify inclusion and consistency proofs.",
    mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    subcommands = {ProofCommand.VerifyInclusion.class, ProofCommand.VerifyConsistency.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"2:usage error (no subcommand named)"})
final class ProofCommand implements Runnable {
  static final String NO_SIGNED_ROOT = "NO SIGNED ROOT WAS CHECKED: the proof only agrees with the root it carries, "
      + "which anyone can make up; give --checkpoint FILE --key VKEY to check it against the force's signed log";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand: verify-inclusion or verify-consistency");
  }

  /** The trusted root: a signed checkpoint and the key it must be signed by, given together. */
  static final class Trust {
    @Option(names = "--checkpoint", required = true, paramLabel = "FILE",
        description = "the signed checkpoint (C2SP signed note) the proof must end at; verified first")
    Path checkpoint;

    @Option(names = "--key", required = true, paramLabel = "VKEY",
        description = "the force's verifier key <name>+<hash>+<base64>, or a file holding it")
    String key;

    /** The verifier and the verified checkpoint, or null (and the reason printed) if it does not verify. */
    VerifiedCheckpoint verify(OfflineVerifier verifier, CommandLine.Model.CommandSpec spec) throws IOException {
      CheckpointResult result = verifier.verifyCheckpoint(Files.readAllBytes(checkpoint));
      if (!result.valid()) {
        spec.commandLine().getErr().println("does not verify: the checkpoint " + checkpoint + ": " + result.reason());
        return null;
      }
      return result.orThrow();
    }
  }

  @Command(name = "verify-inclusion",
      description = {"Check that an event (or a leaf) is in the log a signed checkpoint covers.",
          "Proof: {leafIdx, treeSize, root, leafHash, proof}. With --event the leaf is recomputed from the event's body."},
      mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {"0:valid (without --checkpoint: only against the proof's own root, as the output says)",
          "1:does not verify (the reason on stderr)", "2:malformed input or usage error"})
  static final class VerifyInclusion implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Parameters(paramLabel = "FILE.json", description = "the proof") Path file;
    @CommandLine.ArgGroup(exclusive = false) Trust trust;
    @Option(names = "--event", paramLabel = "FILE",
        description = "the event's whole body (canonical JSON, as in a package's custody/events.jsonl); its leaf is recomputed")
    Path event;

    @Override
    public Integer call() throws IOException {
      InclusionProof proof = ProofJson.readInclusion(read(file));
      CustodyBody body = event == null ? null : CustodyBody.parse(Files.readAllBytes(event));
      if (trust == null) {
        if (body != null && !java.security.MessageDigest.isEqual(body.leaf().hash(), proof.leafHash())) {
          spec.commandLine().getErr().println("does not verify: the proof is for another leaf than the event's (the event "
              + "recomputes to " + b64(body.leaf().hash()) + ")");
          return ExitCodes.NOT_VERIFIED;
        }
        return unsigned(spec, proof.verify(), "leaf " + proof.leafIndex() + " (hash " + b64(proof.leafHash())
            + (body == null ? ", taken from the proof" : ", recomputed from the event") + ") is in the tree of size "
            + proof.treeSize() + " with root " + b64(proof.root()));
      }
      OfflineVerifier verifier = OfflineVerifier.trusting(LogCheckpointCommand.keyText(trust.key));
      VerifiedCheckpoint checkpoint = trust.verify(verifier, spec);
      if (checkpoint == null) {
        return ExitCodes.NOT_VERIFIED;
      }
      ProofResult result = body == null ? verifier.verifyInclusion(checkpoint, proof)
          : verifier.verifyInclusion(checkpoint, body.leaf(), proof);
      return report(spec, result);
    }
  }

  @Command(name = "verify-consistency",
      description = {"Check that a log only grew between two signed checkpoints: {size1, size2, root1, root2, proof}."},
      mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {"0:valid (without --checkpoint: only against the proof's own roots, as the output says)",
          "1:does not verify (the reason on stderr)", "2:malformed input or usage error"})
  static final class VerifyConsistency implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Parameters(paramLabel = "FILE.json", description = "the proof") Path file;

    @Option(names = "--old-checkpoint", paramLabel = "FILE",
        description = "the earlier signed checkpoint (with --checkpoint, the later one, and --key)")
    Path older;

    @CommandLine.ArgGroup(exclusive = false) Trust trust;

    @Override
    public Integer call() throws IOException {
      ConsistencyProof proof = ProofJson.readConsistency(read(file));
      if (trust == null) {
        if (older != null) {
          throw new CommandLine.ParameterException(spec.commandLine(), "--old-checkpoint needs --checkpoint and --key");
        }
        return unsigned(spec, proof.verify(), "the tree of size " + proof.size2() + " with root " + b64(proof.root2())
            + " extends the tree of size " + proof.size1() + " with root " + b64(proof.root1()));
      }
      if (older == null) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "a consistency proof is between two checkpoints: give --old-checkpoint FILE too");
      }
      OfflineVerifier verifier = OfflineVerifier.trusting(LogCheckpointCommand.keyText(trust.key));
      CheckpointResult old = verifier.verifyCheckpoint(Files.readAllBytes(older));
      if (!old.valid()) {
        spec.commandLine().getErr().println("does not verify: the checkpoint " + older + ": " + old.reason());
        return ExitCodes.NOT_VERIFIED;
      }
      VerifiedCheckpoint newer = trust.verify(verifier, spec);
      if (newer == null) {
        return ExitCodes.NOT_VERIFIED;
      }
      return report(spec, verifier.verifyConsistency(old.orThrow(), newer, proof));
    }
  }

  static String read(Path file) throws IOException {
    return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
  }

  /** A proof checked against a signed checkpoint: "valid: claim" and what was checked, or the reason. */
  static int report(CommandLine.Model.CommandSpec spec, ProofResult result) {
    if (result.valid()) {
      PrintWriter out = spec.commandLine().getOut();
      out.println("valid: " + result.claim());
      result.checked().forEach(line -> out.println("  checked: " + line));
      return ExitCodes.VALID;
    }
    spec.commandLine().getErr().println("does not verify: " + result.claim() + ": " + result.reason());
    return ExitCodes.NOT_VERIFIED;
  }

  /** A proof checked against its own root only: never just "valid". */
  static int unsigned(CommandLine.Model.CommandSpec spec, Verification verification, String claim) {
    if (verification.valid()) {
      spec.commandLine().getOut().println("consistent with its own root only: " + claim);
      spec.commandLine().getOut().println(NO_SIGNED_ROOT);
      return ExitCodes.VALID;
    }
    spec.commandLine().getErr().println("does not verify: " + verification.reason());
    return ExitCodes.NOT_VERIFIED;
  }

  private static String b64(byte[] hash) {
    return Base64.getEncoder().encodeToString(hash);
  }
}
