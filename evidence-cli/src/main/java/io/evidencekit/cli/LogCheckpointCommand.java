package io.evidencekit.cli;

import io.evidencekit.verify.CheckpointResult;
import io.evidencekit.verify.OfflineVerifier;
import io.evidencekit.verify.VerifiedCheckpoint;
import java.io.IOException;
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
 * {@code evidencekit log checkpoint --verify --key PUBKEY FILE}: check a signed C2SP checkpoint. Uses
 * evidence-verify only: no database, no engine.
 */
@Command(name = "checkpoint", description = "Check a signed checkpoint (C2SP tlog-checkpoint in a signed note).",
    mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:valid: signed by the key given", "1:does not verify (the reason on stderr)",
        "2:malformed note or key, or usage error"})
final class LogCheckpointCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--verify", required = true, description = "verify the checkpoint's signature (the only action so far)")
  boolean verify;

  @Option(names = "--key", required = true, paramLabel = "PUBKEY",
      description = "the log's verifier key <name>+<hash>+<base64>, or a file holding it")
  String key;

  @Parameters(paramLabel = "FILE", description = "the signed checkpoint") Path file;

  @Override
  public Integer call() throws IOException {
    OfflineVerifier verifier = OfflineVerifier.trusting(keyText(key));
    CheckpointResult result = verifier.verifyCheckpoint(Files.readAllBytes(file));
    if (!result.valid()) {
      spec.commandLine().getErr().println("does not verify: " + result.reason());
      return ExitCodes.NOT_VERIFIED;
    }
    VerifiedCheckpoint checkpoint = result.orThrow();
    spec.commandLine().getOut().println("valid: checkpoint of " + checkpoint.origin() + " at size " + checkpoint.size()
        + " with root " + Base64.getEncoder().encodeToString(checkpoint.root()) + ", signed by " + checkpoint.key().name());
    return ExitCodes.VALID;
  }

  /** A vkey always holds a '+', so anything without one, or an existing file, is a file holding the vkey line. */
  static String keyText(String key) throws IOException {
    Path path = Path.of(key);
    if (!key.contains("+") || Files.isRegularFile(path)) {
      String text = new String(Files.readAllBytes(path), StandardCharsets.UTF_8);
      return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    }
    return key;
  }
}
