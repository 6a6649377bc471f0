package io.evidencekit.cli;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.ScanState;
import io.evidencekit.core.EngineSettingsFile;
import io.evidencekit.core.EvidenceEngine;
import io.evidencekit.scan.clamav.ClamdScanner;
import io.evidencekit.scan.clamav.ClamdSettings;
import io.evidencekit.spi.ScannerVersion;
import io.evidencekit.storage.fs.FilesystemBlobStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code evidencekit scan --data DIR [--all]}: scans the items waiting in the engine's scan queue with
 * clamd, on the embedded database and filesystem store under {@code DIR}, with the engine configured from
 * {@code DIR/evidencekit.properties} ({@link EngineSettingsFile}); with {@code --all} (after a
 * signature update) every item not already quarantined is queued again first, and each is scanned again
 * only if clamd's version changed since its last verdict. Progress on stderr, the totals on stdout.
 * Safe to stop and run again: the queue is in the database. Exit 0 when nothing is left waiting, 1 when
 * clamd cannot be reached or some items wait for a retry, 2 on a usage or configuration error.
 */
@Command(name = "scan", description = {
    "Scan the evidence waiting in the scan queue with clamd; --all queues every item again first",
    "(after a signature update). Infected items are quarantined; new detections notify the officer.",
    "The engine runs with the data directory's settings, DIR/" + EngineSettingsFile.FILE_NAME + "."},
    mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:done, nothing waits (the totals on stdout)",
        "1:clamd cannot be reached, the scan stopped, or items wait for a retry (the reason on stderr)",
        "2:usage error, or the data directory's settings are missing or wrong"})
final class ScanCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--data", required = true, paramLabel = "DIR",
      description = "the engine's data directory (DIR/db, DIR/blobs, DIR/" + EngineSettingsFile.FILE_NAME + ")")
  Path data;

  @Option(names = "--all", description = "queue every item that is not quarantined for a new scan first")
  boolean all;

  @Option(names = "--clamd-socket", paramLabel = "PATH", defaultValue = "/var/run/clamav/clamd.ctl",
      description = "clamd's Unix socket (default: ${DEFAULT-VALUE}, Debian's)")
  Path socket;

  @Option(names = "--clamd-tcp", paramLabel = "HOST:PORT", description = "clamd's TCP address instead of the socket")
  String tcp;

  @Option(names = "--quiet", description = "no progress bar")
  boolean quiet;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    EngineSettingsFile engineSettings;
    try {
      engineSettings = EngineSettingsFile.read(data);
    } catch (EvidenceException e) {
      err.println("cannot scan: " + e.getMessage());
      return ExitCodes.MALFORMED;
    }
    ClamdSettings clamdSettings = settings();
    try (ClamdScanner clamd = new ClamdScanner(clamdSettings);
        FilesystemBlobStore store = new FilesystemBlobStore(data.resolve("blobs"));
        EvidenceEngine engine = engineSettings.applyTo(EvidenceEngine.builder())
            .embeddedDatabase(data.resolve("db"))
            .blobStore(store)
            // Detection notices wait in the database's outbox for the host's engine to deliver.
            .manualDelivery()
            .manualScanning()
            .scanner(clamd)
            .build()) {
      ScannerVersion version = clamd.version();
      if (!version.known()) {
        err.println("clamd cannot be reached at " + (tcp != null ? tcp : socket) + "; nothing was scanned");
        return ExitCodes.NOT_VERIFIED;
      }
      if (!quiet) {
        err.println("scanning with " + version);
      }
      if (all) {
        int queued = engine.scanning().rescanAll();
        if (!quiet) {
          err.printf(Locale.ROOT, "%d items queued for a new scan%n", queued);
        }
      }
      ItemsBar bar = new ItemsBar(err, quiet, engine.scanning().pendingScans());
      int taken;
      while ((taken = engine.scanning().runDueScans(1)) > 0) {
        bar.advance(taken);
      }
      bar.finish();
      Map<ScanState, Integer> states = engine.scanning().itemsByState();
      int waiting = engine.scanning().pendingScans();
      out.printf(Locale.ROOT, "items: %d clean, %d infected (quarantined), %d could not be scanned, %d not scanned yet%n",
          states.get(ScanState.CLEAN), states.get(ScanState.INFECTED), states.get(ScanState.COULD_NOT_SCAN),
          states.get(ScanState.PENDING));
      if (waiting > 0) {
        out.printf(Locale.ROOT, "%d items wait for a retry; run this command again later%n", waiting);
        return ExitCodes.NOT_VERIFIED;
      }
      return ExitCodes.VALID;
    } catch (EvidenceException e) {
      if (e.code() == ErrorCode.CONFIGURATION) {
        err.println("cannot scan: " + e.getMessage());
        return ExitCodes.MALFORMED;
      }
      err.println();
      err.println("scan stopped (" + e.code() + "): " + e.getMessage());
      err.println("results recorded before this point stay recorded; run the same command again to go on");
      return ExitCodes.NOT_VERIFIED;
    }
  }

  private ClamdSettings settings() {
    if (tcp == null) {
      return ClamdSettings.unixSocket(socket).build();
    }
    int colon = tcp.lastIndexOf(':');
    if (colon < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--clamd-tcp takes HOST:PORT");
    }
    try {
      return ClamdSettings.tcp(tcp.substring(0, colon), Integer.parseInt(tcp.substring(colon + 1))).build();
    } catch (NumberFormatException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--clamd-tcp takes HOST:PORT");
    }
  }

  /** A one-line progress bar over items: count, rate, time left. */
  static final class ItemsBar {
    private final ProgressLine line;
    private final int total;
    private int done;

    ItemsBar(PrintWriter err, boolean quiet, int total) {
      this.line = new ProgressLine(err, quiet);
      this.total = total;
    }

    void advance(int items) {
      done += items;
      draw(false);
    }

    void finish() {
      draw(true);
      line.end();
    }

    private void draw(boolean force) {
      double rate = done / line.seconds();
      // Items put back for a retry are taken again only when due, so done may pass the total seen at the start.
      int shown = Math.min(done, total);
      line.draw(force, total == 0 ? 1 : shown / (double) total, String.format(Locale.ROOT,
          "%d / %d items  %.1f items/s  %s left", shown, total, rate, ProgressLine.left(total - shown, rate)));
    }
  }
}
