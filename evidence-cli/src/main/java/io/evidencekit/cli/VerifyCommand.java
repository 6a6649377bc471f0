package io.evidencekit.cli;

import io.evidencekit.verify.BagReport;
import io.evidencekit.verify.BagVerifier;
import io.evidencekit.verify.CheckpointResult;
import io.evidencekit.verify.ConsistencyProof;
import io.evidencekit.verify.OfflineVerifier;
import io.evidencekit.verify.ProofJson;
import io.evidencekit.verify.ProofResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code evidencekit verify BAG --key VKEY}: checks a disclosure package offline (evidence-verify only:
 * no database, no engine). See {@link BagVerifier} for what is checked. Every problem is printed on
 * stderr naming its file or event; what was checked goes to stdout.
 */
@Command(name = "verify", description = {
    "Check a disclosure package (BagIt 1.0 bag) offline: manifests and file hashes, no file missing or added,",
    "the signed checkpoint under the force's key, every custody event's leaf recomputed and proved, and every file",
    "tied to the receipt event that recorded its SHA-256. With --checkpoint LATER and --consistency PROOF, also that",
    "the force's later log still holds the bag's (appended only)."},
    mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:valid", "1:invalid (each problem on stderr)", "2:unreadable, malformed or hostile bag, or usage error"})
final class VerifyCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "BAG", description = "the bag's directory, or a zip holding it under one top-level directory") Path bag;

  @Option(names = "--key", required = true, paramLabel = "VKEY",
      description = "the force's published verifier key <name>+<hash>+<base64>, or a file holding it (never the bag's own copy)")
  String key;

  @Option(names = "--checkpoint", paramLabel = "LATER",
      description = "a later signed checkpoint you hold; needs --consistency")
  Path later;

  @Option(names = "--consistency", paramLabel = "PROOF.json",
      description = "the consistency proof from the bag's checkpoint to LATER")
  Path consistency;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if ((later == null) != (consistency == null)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--checkpoint and --consistency go together");
    }
    OfflineVerifier verifier = OfflineVerifier.trusting(LogCheckpointCommand.keyText(key));
    BagReport report = new BagVerifier(verifier).verify(bag);
    report.checked().forEach(line -> out.println("checked: " + line));
    report.problems().forEach(line -> err.println("INVALID: " + line));
    boolean valid = report.valid();
    if (valid && later != null) {
      CheckpointResult mine = verifier.verifyCheckpoint(Files.readAllBytes(bag.resolve("custody").resolve("checkpoint")));
      CheckpointResult newer = verifier.verifyCheckpoint(Files.readAllBytes(later));
      if (!newer.valid()) {
        err.println("INVALID: " + later + ": " + newer.reason());
        valid = false;
      } else {
        ConsistencyProof proof = ProofJson.readConsistency(ProofCommand.read(consistency));
        ProofResult result = verifier.verifyConsistency(mine.orThrow(), newer.orThrow(), proof);
        if (result.valid()) {
          out.println("checked: " + result.claim());
        } else {
          err.println("INVALID: " + result.claim() + ": " + result.reason());
          valid = false;
        }
      }
    }
    if (!valid) {
      err.println("does not verify: " + bag + " (each problem above)");
      return ExitCodes.NOT_VERIFIED;
    }
    out.println("valid: " + bag + " is intact and its custody record is proved against the checkpoint signed by "
        + verifier.trustedKey().name());
    return ExitCodes.VALID;
  }
}
