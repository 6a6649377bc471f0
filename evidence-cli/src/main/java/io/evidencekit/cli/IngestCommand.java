package io.evidencekit.cli;

import io.evidencekit.api.Actor;
import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.EvidenceRequest;
import io.evidencekit.api.ForceReference;
import io.evidencekit.api.IngestListener;
import io.evidencekit.api.IngestedFile;
import io.evidencekit.api.OfficerIngest;
import io.evidencekit.api.Receipt;
import io.evidencekit.core.EngineSettingsFile;
import io.evidencekit.core.EvidenceEngine;
import io.evidencekit.storage.fs.FilesystemBlobStore;
import io.evidencekit.verify.SignedCheckpoint;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code evidencekit ingest --request REF --data DIR --officer ID PATH...}: an officer ingests evidence
 * that arrived on disc or USB into a request, on the embedded database and filesystem store under
 * {@code DIR} ({@code DIR/db}, {@code DIR/blobs}, the layout of the example force system), with the
 * engine configured from {@code DIR/evidencekit.properties} ({@link EngineSettingsFile}), as the host's
 * own engine is: the same force code, reference pattern, limits and checkpoint key. Progress on
 * stderr, the receipt on stdout. Ctrl-C stops at once, keeping only files already recorded in full;
 * the same command run again resumes and skips files already ingested (same relative path and SHA-256).
 * Exit 0 when done, 1 when the ingest failed or was stopped, 2 on a usage or configuration error.
 */
@Command(name = "ingest", description = {
    "Ingest files or folders from disc or USB into a request (each regular file as opaque bytes).",
    "Safe to stop with Ctrl-C and to run again: files already ingested are recognised and skipped.",
    "The engine runs with the data directory's settings, DIR/" + EngineSettingsFile.FILE_NAME
        + " (force code, reference pattern, limits, the force's checkpoint key), which the host system writes."},
    mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:done (the receipt on stdout)", "1:the ingest failed or was stopped (the reason on stderr)",
        "2:usage error, or the data directory's settings are missing or wrong"})
final class IngestCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--request", required = true, paramLabel = "REF", description = "the request's force reference, e.g. 46/00042/24")
  String reference;

  @Option(names = "--data", required = true, paramLabel = "DIR",
      description = "the engine's data directory (DIR/db, DIR/blobs, DIR/" + EngineSettingsFile.FILE_NAME + ")")
  Path data;

  @Option(names = "--officer", required = true, paramLabel = "ID", description = "your user id, as the host system knows you")
  String officerId;

  @Option(names = "--officer-name", paramLabel = "NAME", description = "your name for the custody log (default: the id)")
  String officerName;

  @Option(names = "--role", paramLabel = "ROLE", description = "a role you hold, e.g. supervisor (repeatable)")
  List<String> roles = new ArrayList<>();

  @Option(names = "--reason", paramLabel = "TEXT", defaultValue = "evidence received on disc or USB",
      description = "why, for the custody log (default: ${DEFAULT-VALUE})")
  String reason;

  @Option(names = "--checkpoint", paramLabel = "FILE",
      description = "after the ingest, make a checkpoint of the custody log signed with the force's key and write it to FILE")
  Path checkpoint;

  @Option(names = "--quiet", description = "no progress bar")
  boolean quiet;

  @Parameters(arity = "1..*", paramLabel = "PATH", description = "files or folders to ingest")
  List<Path> paths;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Actor.Officer officer = new Actor.Officer(officerId, officerName == null ? officerId : officerName, Set.copyOf(roles));
    Thread ingesting = Thread.currentThread();
    // Ctrl-C: interrupt the ingest so the file in progress is discarded at once, and let it finish
    // recording nothing more before the JVM exits.
    Thread onCtrlC = new Thread(() -> {
      ingesting.interrupt();
      try {
        ingesting.join(TimeUnit.SECONDS.toMillis(30));
      } catch (InterruptedException ignored) {
        // exiting anyway
      }
    }, "evidencekit-ingest-stop");
    EngineSettingsFile settings;
    try {
      settings = EngineSettingsFile.read(data);
    } catch (EvidenceException e) {
      err.println("cannot ingest: " + e.getMessage());
      return ExitCodes.MALFORMED;
    }
    Runtime.getRuntime().addShutdownHook(onCtrlC);
    try (FilesystemBlobStore store = new FilesystemBlobStore(data.resolve("blobs"));
        EvidenceEngine engine = settings.applyTo(EvidenceEngine.builder())
            .embeddedDatabase(data.resolve("db"))
            .blobStore(store)
            // Notices to the requesting officer stay in the database's outbox for the host's engine to deliver.
            .manualDelivery()
            .build()) {
      EvidenceRequest request = engine.officers().requestByReference(officer, new ForceReference(reference), reason);
      ProgressBar bar = new ProgressBar(err, quiet);
      OfficerIngest result = engine.officers().ingestFiles(officer, request.id(), paths, reason, bar);
      bar.finish();
      printReceipt(out, result);
      if (checkpoint != null) {
        SignedCheckpoint signed = engine.custody().checkpoint();
        try {
          Files.write(checkpoint, signed.bytes());
        } catch (IOException e) {
          err.println("the ingest is recorded, but the checkpoint cannot be written: " + e.getMessage());
          return ExitCodes.NOT_VERIFIED;
        }
        out.printf(Locale.ROOT, "Checkpoint of the custody log at size %d, signed by %s, written to %s%n", signed.size(),
            settings.logOrigin(), checkpoint);
      }
      return ExitCodes.VALID;
    } catch (EvidenceException e) {
      if (e.code() == ErrorCode.CONFIGURATION) {
        err.println("cannot ingest: " + e.getMessage());
        return ExitCodes.MALFORMED;
      }
      err.println();
      err.println("ingest stopped (" + e.code() + "): " + e.getMessage());
      err.println("files recorded before this point stay recorded in full; run the same command again to resume");
      return ExitCodes.NOT_VERIFIED;
    } finally {
      Thread.interrupted(); // an interrupt meant for the ingest must not leak into the caller
      try {
        Runtime.getRuntime().removeShutdownHook(onCtrlC);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running: it waits for us
      }
    }
  }

  private static void printReceipt(PrintWriter out, OfficerIngest result) {
    if (result.receipt().isEmpty()) {
      out.printf(Locale.ROOT, "All %d files were already ingested; nothing new was recorded.%n", result.files().size());
      return;
    }
    Receipt r = result.receipt().get();
    out.printf(Locale.ROOT, "Receipt: %s  submission %s  %s%n", r.reference().value(), r.submissionId(), r.submittedAt());
    int declared = r.declaration().fileCount();
    out.println(declared == 1 ? "Declared: this 1 file is relevant to the incident."
        : "Declared: these " + declared + " files are relevant to the incident.");
    for (Receipt.Line line : r.files()) {
      out.printf(Locale.ROOT, "%s  %14d  %s%n", line.sha256().hex(), line.size(), line.name());
    }
    out.printf(Locale.ROOT, "%d files ingested now, %d already ingested before (skipped).%n", result.newFiles(),
        result.skippedFiles());
  }

  /** A one-line progress bar on stderr: bytes, rate, time left, the file in progress. */
  static final class ProgressBar implements IngestListener {
    private final PrintWriter err;
    private final ProgressLine line;
    private final String verb;
    private long total;
    private int files;
    private int fileIndex;
    private long done;
    private String current = "";

    ProgressBar(PrintWriter err, boolean quiet) {
      this(err, quiet, "ingesting");
    }

    ProgressBar(PrintWriter err, boolean quiet, String verb) {
      this.err = err;
      this.line = new ProgressLine(err, quiet);
      this.verb = verb;
    }

    @Override
    public void started(int files, long totalBytes) {
      this.files = files;
      this.total = totalBytes;
      if (!line.quiet()) {
        err.printf(Locale.ROOT, "%s %d files, %s%n", verb, files, ProgressLine.bytes(totalBytes));
      }
    }

    @Override
    public void fileStarted(String relativePath, long size) {
      fileIndex++;
      current = relativePath;
      draw(false);
    }

    @Override
    public void progress(long bytesDone) {
      done = bytesDone;
      draw(false);
    }

    @Override
    public void fileFinished(IngestedFile file) {
      draw(false);
    }

    void finish() {
      done = total;
      draw(true);
      line.end();
    }

    private void draw(boolean force) {
      double rate = done / line.seconds();
      String name = current.length() > 40 ? "..." + current.substring(current.length() - 37) : current;
      line.draw(force, total == 0 ? 1 : done / (double) total, String.format(Locale.ROOT, "%s / %s  %s/s  %s left  %d/%d %s",
          ProgressLine.bytes(done), ProgressLine.bytes(total), ProgressLine.bytes((long) rate),
          ProgressLine.left(total - done, rate), fileIndex, files, name));
    }
  }
}
