package io.evidencekit.cli;

import io.evidencekit.core.EngineSettingsFile;
import io.evidencekit.core.EvidenceEngine;
import io.evidencekit.storage.fs.FilesystemBlobStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.function.Function;
import picocli.CommandLine;

/** One run of the command line as a user types it: its exit code and what it printed on stdout and stderr. */
record CliRun(int exit, String out, String err) {

  /** Runs {@code evidencekit ARGS...} in this JVM. */
  static CliRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = EvidencekitCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new CliRun(exit, out.toString(), err.toString());
  }

  /** Opens the data directory's engine as the host does (notices left in the outbox), uses it and closes it. */
  static <T> T withEngine(Path data, Function<EvidenceEngine, T> use) {
    try (FilesystemBlobStore store = new FilesystemBlobStore(data.resolve("blobs"));
        EvidenceEngine engine = EngineSettingsFile.read(data).applyTo(EvidenceEngine.builder())
            .embeddedDatabase(data.resolve("db"))
            .blobStore(store)
            .manualDelivery()
            .build()) {
      return use.apply(engine);
    }
  }
}
