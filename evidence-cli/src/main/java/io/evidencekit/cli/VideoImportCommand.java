package io.evidencekit.cli;

import io.evidencekit.api.Actor;
import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.ForceReference;
import io.evidencekit.api.RequestId;
import io.evidencekit.api.video.ConsultationOutcome;
import io.evidencekit.api.video.HeldConsultation;
import io.evidencekit.api.video.ImportReport;
import io.evidencekit.api.video.RecordingAtSource;
import io.evidencekit.api.video.RequestMapping;
import io.evidencekit.api.video.VideoImportListener;
import io.evidencekit.api.video.VideoImportSettings;
import io.evidencekit.core.EngineSettingsFile;
import io.evidencekit.core.EvidenceEngine;
import io.evidencekit.spi.ConsultationId;
import io.evidencekit.spi.RecordingId;
import io.evidencekit.spi.RefusedEntry;
import io.evidencekit.storage.fs.FilesystemBlobStore;
import io.evidencekit.video.folder.FolderVideoSource;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code evidencekit video import --data DIR --folder EXPORT --request REF --officer ID}: one import pass over a
 * consultation platform's bulk export ({@link FolderVideoSource}) into a request, on the embedded database
 * and filesystem store under {@code DIR}, with the engine configured from {@code DIR/evidencekit.properties}.
 * Every consultation with consent is imported, verified and then purged from the export (moved to
 * {@code EXPORT/done/}); one without consent is held for a supervisor; what the export cannot describe is
 * refused and named. Progress on stderr, what happened to each consultation on stdout. Safe to stop and run
 * again: nothing is recorded twice and a recording is removed from the export only after its verified import.
 * Exit 0 when everything listed was dealt with, 1 when something waits (held, a failure, a purge still due),
 * 2 on a usage or configuration error.
 */
@Command(name = "import", description = {
    "Import recorded video consultations from a platform's bulk export folder into a request: each recording is",
    "stored, hashed and recorded with its consent, verified, and only then removed from the export (into EXPORT/done/).",
    "A consultation without consent (or with consent refused) is held for a supervisor and not imported.",
    "The engine runs with the data directory's settings, DIR/" + EngineSettingsFile.FILE_NAME + "."},
    mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:every consultation listed was imported (or already was) and purged at the source",
        "1:something waits: held for a supervisor, refused by the export, a failure, or a purge still due (on stdout)",
        "2:usage error, or the data directory's settings are missing or wrong"})
final class VideoImportCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--data", required = true, paramLabel = "DIR",
      description = "the engine's data directory (DIR/db, DIR/blobs, DIR/" + EngineSettingsFile.FILE_NAME + ")")
  Path data;

  @Option(names = "--folder", required = true, paramLabel = "EXPORT",
      description = "the platform's export folder: one manifest NAME.json per consultation beside its media files")
  Path folder;

  @Option(names = "--platform", paramLabel = "NAME", defaultValue = "GoodSAM",
      description = "the platform's name, recorded as the source in the custody log (default: ${DEFAULT-VALUE})")
  String platform;

  @Option(names = "--request", required = true, paramLabel = "REF",
      description = "the request the consultations belong to, e.g. 46/00042/24")
  String reference;

  @Option(names = "--category", paramLabel = "CATEGORY",
      description = "the retention category to classify the request under (one of the engine's rules)")
  String category;

  @Option(names = "--reason", paramLabel = "TEXT", defaultValue = "video consultations imported from the platform's export",
      description = "why, for the custody log (default: ${DEFAULT-VALUE})")
  String reason;

  @Option(names = "--quiet", description = "no progress bar")
  boolean quiet;

  @Mixin OfficerOptions officer;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Actor.Officer by;
    ForceReference ref;
    EngineSettingsFile settings;
    try {
      by = officer.officer();
      ref = new ForceReference(reference);
      settings = EngineSettingsFile.read(data);
    } catch (EvidenceException e) {
      err.println("cannot import: " + e.getMessage());
      return ExitCodes.MALFORMED;
    }
    if (!Files.isDirectory(folder)) {
      err.println("cannot import: the export folder " + folder + " does not exist or is not a folder");
      return ExitCodes.MALFORMED;
    }
    // The request is found before the import engine exists: the mapping names it for every consultation.
    RequestId request;
    try (DataDirectoryEngine lookup = DataDirectoryEngine.open(settings)) {
      request = lookup.engine().officers().requestByReference(by, ref, reason).id();
    } catch (EvidenceException e) {
      err.println(e.code() == ErrorCode.CONFIGURATION ? "cannot import: " + e.getMessage()
          : "import refused (" + e.code() + "): " + e.getMessage());
      return e.code() == ErrorCode.CONFIGURATION ? ExitCodes.MALFORMED : ExitCodes.NOT_VERIFIED;
    }
    VideoImportSettings importSettings = new VideoImportSettings(RequestMapping.existing(c -> request),
        Optional.ofNullable(category), 100, Duration.ofMinutes(5), Duration.ofHours(6), Optional.empty());
    try (FolderVideoSource source = new FolderVideoSource(folder, platform, Clock.systemUTC());
        FilesystemBlobStore store = new FilesystemBlobStore(data.resolve("blobs"));
        EvidenceEngine engine = settings.applyTo(EvidenceEngine.builder())
            .embeddedDatabase(data.resolve("db"))
            .blobStore(store)
            .manualDelivery()
            .videoSource(source)
            .videoImportSettings(importSettings)
            .build()) {
      RecordingsBar bar = new RecordingsBar(err, quiet);
      ImportReport report = engine.videoImport().importNew(reason, bar);
      bar.finish();
      print(out, report, engine.videoImport().heldForDecision(), engine.videoImport().stillAtSource());
      boolean settled = report.consultations().stream().allMatch(c -> c.outcome() == ConsultationOutcome.Outcome.IMPORTED
              || c.outcome() == ConsultationOutcome.Outcome.ALREADY_IMPORTED)
          && report.refused().isEmpty() && report.listingFailure().isEmpty()
          && engine.videoImport().stillAtSource().isEmpty() && engine.videoImport().heldForDecision().isEmpty();
      return settled ? ExitCodes.VALID : ExitCodes.NOT_VERIFIED;
    } catch (EvidenceException e) {
      if (e.code() == ErrorCode.CONFIGURATION) {
        err.println("cannot import: " + e.getMessage());
        return ExitCodes.MALFORMED;
      }
      err.println();
      err.println("import stopped (" + e.code() + "): " + e.getMessage());
      err.println("recordings recorded before this point stay recorded; run the same command again to go on");
      return ExitCodes.NOT_VERIFIED;
    }
  }

  private static void print(PrintWriter out, ImportReport report, List<HeldConsultation> held,
      List<RecordingAtSource> atSource) {
    for (ConsultationOutcome c : report.consultations()) {
      out.printf(Locale.ROOT, "%-28s %-18s %d imported%s%s%n", c.consultation().value(), c.outcome(),
          c.imported().size(), c.missing().isEmpty() ? "" : ", " + c.missing().size() + " missing at the source",
          c.detail().map(d -> " (" + d + ")").orElse(""));
    }
    for (RefusedEntry r : report.refused()) {
      out.printf(Locale.ROOT, "refused by the export: %s: %s%n", r.entry(), r.reason());
    }
    report.listingFailure().ifPresent(f -> out.println("the export could not be listed: " + f));
    out.printf(Locale.ROOT, "%d recordings imported, %d removed from the export after verification, %d removals failed, "
            + "%d verifications failed%n", report.recordingsImported(), report.deletedAtSource(), report.deletionsFailed(),
        report.verificationsFailed());
    for (HeldConsultation h : held) {
      out.printf(Locale.ROOT, "held for a supervisor's decision: %s (call %s), %s, since %s%n", h.consultation().value(),
          h.callReference(), h.reason(), h.heldAt());
    }
    for (RecordingAtSource r : atSource) {
      out.printf(Locale.ROOT, "still in the export: %s/%s, %s for %s%s%n", r.consultation().value(), r.recording().value(),
          r.state(), r.age(), r.lastFailure().map(f -> " (" + f + ")").orElse(""));
    }
  }

  /** The progress bar of an import: bytes of the recording being stored, and recordings done. */
  static final class RecordingsBar implements VideoImportListener {
    private final PrintWriter err;
    private final ProgressLine line;
    private int consultations;
    private int recordings;
    private long size;
    private long done;
    private String current = "";

    RecordingsBar(PrintWriter err, boolean quiet) {
      this.err = err;
      this.line = new ProgressLine(err, quiet);
    }

    @Override
    public void listed(int count) {
      consultations += count;
      if (!line.quiet() && count > 0) {
        err.printf(Locale.ROOT, "%d consultations listed%n", count);
      }
    }

    @Override
    public void recordingStarted(ConsultationId consultation, RecordingId recording, long bytes) {
      recordings++;
      size = bytes;
      done = 0;
      current = consultation.value() + "/" + recording.value();
      draw(false);
    }

    @Override
    public void progress(long bytesDone) {
      done = bytesDone;
      draw(false);
    }

    void finish() {
      if (recordings > 0) {
        done = size;
        draw(true);
        line.end();
      }
    }

    private void draw(boolean force) {
      String name = current.length() > 40 ? "..." + current.substring(current.length() - 37) : current;
      line.draw(force, size == 0 ? 1 : done / (double) size, String.format(Locale.ROOT, "%s / %s  recording %d  (%d consultations listed)  %s",
          ProgressLine.bytes(done), ProgressLine.bytes(size), recordings, consultations, name));
    }
  }
}
