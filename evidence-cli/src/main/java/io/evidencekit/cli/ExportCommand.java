package io.evidencekit.cli;

import io.evidencekit.api.Actor;
import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.ForceReference;
import io.evidencekit.core.EngineSettingsFile;
import io.evidencekit.core.EvidenceEngine;
import io.evidencekit.api.RequestId;
import io.evidencekit.core.ExportOrder;
import io.evidencekit.core.ExportProgress;
import io.evidencekit.core.ExportSummary;
import io.evidencekit.core.ExportTarget;
import io.evidencekit.storage.fs.FilesystemBlobStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code evidencekit export --data DIR --request REF [--request REF...] --to DIR|FILE.zip --recipient ORG
 * --reason TEXT --officer ID}: a disclosure package (a BagIt 1.0 bag, as a directory or a zip) of the
 * requests' evidence, custody events and proofs, with a progress bar on stderr, on
 * the data directory's engine as {@link IngestCommand} opens it. The export is a custody event naming
 * the officer, the recipient and the reason. Exit 0 when written, 1 when refused or failed, 2 on a
 * usage or configuration error.
 */
@Command(name = "export", description = {
    "Export the evidence of one or more requests as a disclosure package: a BagIt 1.0 bag (a directory, or a zip",
    "when --to ends in .zip) with the files, their hashes, every custody event of the requests, the signed",
    "checkpoint, an inclusion proof per event, consistency proofs from earlier checkpoints, the verifier key and",
    "the exhibit schedule (HTML, CSV, PDF). The recipient checks it offline with: evidencekit verify BAG --key VKEY"},
    mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:written (a summary on stdout)", "1:refused or failed (the reason on stderr)",
        "2:usage error, or the data directory's settings are missing or wrong"})
final class ExportCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--data", required = true, paramLabel = "DIR",
      description = "the engine's data directory (DIR/db, DIR/blobs, DIR/" + EngineSettingsFile.FILE_NAME + ")")
  Path data;

  @Option(names = "--request", required = true, paramLabel = "REF",
      description = "a request's force reference, e.g. 46/00042/24 (repeat it to put several requests in one package)")
  List<String> references = new ArrayList<>();

  @Option(names = "--to", required = true, paramLabel = "DIR|FILE.zip",
      description = "the bag's directory (must not exist, or be empty), or a zip file to create (a name ending in .zip)")
  Path to;

  @Option(names = {"-q", "--quiet"}, description = "no progress bar")
  boolean quiet;

  @Option(names = "--recipient", required = true, paramLabel = "ORG", description = "who the package is for, e.g. \"CPS Kent\"")
  String recipient;

  @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "why the evidence leaves the force")
  String reason;

  @Option(names = "--officer", required = true, paramLabel = "ID", description = "your user id, as the host system knows you")
  String officerId;

  @Option(names = "--officer-name", paramLabel = "NAME", description = "your name for the custody log and bag-info.txt (default: the id)")
  String officerName;

  @Option(names = "--role", paramLabel = "ROLE", description = "a role you hold, e.g. supervisor (repeatable)")
  List<String> roles = new ArrayList<>();

  @Option(names = "--source-organization", paramLabel = "NAME",
      description = "bag-info.txt's Source-Organization (default: the log's origin from the data directory's settings)")
  String sourceOrganization;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    EngineSettingsFile settings;
    ExportOrder order;
    Actor.Officer officer;
    try {
      settings = EngineSettingsFile.read(data);
      order = new ExportOrder(recipient, reason, sourceOrganization == null ? settings.logOrigin() : sourceOrganization);
      officer = new Actor.Officer(officerId, officerName == null ? officerId : officerName, Set.copyOf(roles));
    } catch (EvidenceException e) {
      err.println("cannot export: " + e.getMessage());
      return ExitCodes.MALFORMED;
    }
    try (FilesystemBlobStore store = new FilesystemBlobStore(data.resolve("blobs"));
        EvidenceEngine engine = settings.applyTo(EvidenceEngine.builder())
            .embeddedDatabase(data.resolve("db"))
            .blobStore(store)
            .manualDelivery()
            .build()) {
      List<RequestId> ids = new ArrayList<>();
      for (String reference : references) {
        ids.add(engine.officers().requestByReference(officer, new ForceReference(reference), reason).id());
      }
      IngestCommand.ProgressBar bar = new IngestCommand.ProgressBar(err, quiet, "exporting");
      ExportSummary summary = engine.exports().exportRequests(officer, ids, order, ExportTarget.of(to),
          new ExportProgress() {
            @Override
            public void started(int files, long bytes) {
              bar.started(files, bytes);
            }

            @Override
            public void progress(long bytesDone) {
              bar.progress(bytesDone);
            }
          });
      bar.finish();
      out.printf(Locale.ROOT, "Exported %s to %s for %s: %d files, %s, %d custody events proved against the signed "
              + "checkpoint at size %d, with consistency proofs from %d earlier checkpoints%n",
          String.join(", ", references), summary.location(), recipient, summary.files(),
          ProgressLine.bytes(summary.bytes()), summary.events(), summary.treeSize(),
          summary.earlierCheckpoints());
      out.printf(Locale.ROOT, "The recipient checks it with: evidencekit verify %s --key %s%n", to,
          engine.custody().publicKey());
      return ExitCodes.VALID;
    } catch (EvidenceException e) {
      if (e.code() == ErrorCode.CONFIGURATION) {
        err.println("cannot export: " + e.getMessage());
        return ExitCodes.MALFORMED;
      }
      err.println("export failed (" + e.code() + "): " + e.getMessage());
      return ExitCodes.NOT_VERIFIED;
    }
  }
}
