package io.evidencekit.cli;

import io.evidencekit.verify.ConsistencyProof;
import io.evidencekit.verify.InclusionProof;
import io.evidencekit.verify.ProofJson;
import io.evidencekit.verify.Verification;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code evidencekit proof ...}: check proofs offline, in the JSON form of the RFC 6962 test vectors.
 * Uses evidence-verify only: no database, no engine.
 */
@Command(name = "proof", description = "Verify inclusion and consistency proofs.",
    mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    subcommands = {ProofCommand.VerifyInclusion.class, ProofCommand.VerifyConsistency.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"2:usage error (no subcommand named)"})
final class ProofCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand: verify-inclusion or verify-consistency");
  }

  @Command(name = "verify-inclusion", description = "Check that a leaf is in a tree: {leafIdx, treeSize, root, leafHash, proof}.",
      mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {"0:valid", "1:does not verify (the reason on stderr)", "2:malformed input or usage error"})
  static final class VerifyInclusion implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Parameters(paramLabel = "FILE.json", description = "the proof") Path file;

    @Override
    public Integer call() throws IOException {
      InclusionProof proof = ProofJson.readInclusion(read(file));
      return report(spec, proof.verify(), "leaf " + proof.leafIndex() + " (hash " + b64(proof.leafHash())
          + ") is in the tree of size " + proof.treeSize() + " with root " + b64(proof.root()));
    }
  }

  @Command(name = "verify-consistency", description = "Check that a tree extends an earlier one: {size1, size2, root1, root2, proof}.",
      mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {"0:valid", "1:does not verify (the reason on stderr)", "2:malformed input or usage error"})
  static final class VerifyConsistency implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Parameters(paramLabel = "FILE.json", description = "the proof") Path file;

    @Override
    public Integer call() throws IOException {
      ConsistencyProof proof = ProofJson.readConsistency(read(file));
      return report(spec, proof.verify(), "the tree of size " + proof.size2() + " with root " + b64(proof.root2())
          + " extends the tree of size " + proof.size1() + " with root " + b64(proof.root1()));
    }
  }

  static String read(Path file) throws IOException {
    return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
  }

  static int report(CommandLine.Model.CommandSpec spec, Verification verification, String claim) {
    if (verification.valid()) {
      spec.commandLine().getOut().println("valid: " + claim);
      return ExitCodes.VALID;
    }
    spec.commandLine().getErr().println("does not verify: " + verification.reason());
    return ExitCodes.NOT_VERIFIED;
  }

  private static String b64(byte[] hash) {
    return Base64.getEncoder().encodeToString(hash);
  }
}
