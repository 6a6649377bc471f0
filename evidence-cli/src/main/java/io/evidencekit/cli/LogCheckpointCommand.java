package io.evidencekit.cli;

import io.evidencekit.verify.Checkpoint;
import io.evidencekit.verify.NoteVerifierKey;
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

/** {@code evidencekit log checkpoint --verify --key PUBKEY FILE}: check a signed C2SP checkpoint. */
@Command(name = "checkpoint", description = "Check a signed checkpoint (C2SP tlog-checkpoint in a signed note).")
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
    NoteVerifierKey verifierKey = NoteVerifierKey.parse(keyText(key));
    Checkpoint checkpoint = Checkpoint.verify(Files.readAllBytes(file), verifierKey);
    spec.commandLine().getOut().println("valid: checkpoint of " + checkpoint.origin() + " at size " + checkpoint.size()
        + " with root " + Base64.getEncoder().encodeToString(checkpoint.root()) + ", signed by " + verifierKey.name());
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
