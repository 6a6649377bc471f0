package io.evidencekit.cli;

import io.evidencekit.api.Actor;
import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.ForceReference;
import io.evidencekit.core.EngineSettingsFile;
import io.evidencekit.core.EvidenceEngine;
import io.evidencekit.storage.fs.FilesystemBlobStore;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * The engine of a data directory as the host lays it out ({@code DIR/db}, {@code DIR/blobs},
 * {@code DIR/evidencekit.properties}), opened the way {@link IngestCommand} and {@link ExportCommand} open it.
 * Closing it closes the engine, then the store. Not thread-safe; one command uses it and closes it.
 */
final class DataDirectoryEngine implements AutoCloseable {
  private final FilesystemBlobStore store;
  private final EvidenceEngine engine;

  private DataDirectoryEngine(FilesystemBlobStore store, EvidenceEngine engine) {
    this.store = store;
    this.engine = engine;
  }

  /** Opens the engine with the directory's settings; notices stay in the outbox for the host's engine to deliver. */
  static DataDirectoryEngine open(EngineSettingsFile settings) {
    Path data = settings.dataDirectory();
    FilesystemBlobStore store = new FilesystemBlobStore(data.resolve("blobs"));
    try {
      EvidenceEngine engine = settings.applyTo(EvidenceEngine.builder())
          .embeddedDatabase(data.resolve("db"))
          .blobStore(store)
          .manualDelivery()
          .build();
      return new DataDirectoryEngine(store, engine);
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  /** What a command does with the opened engine; returns its exit code. */
  interface Work {
    int run(EvidenceEngine engine);
  }

  /**
   * Reads the directory's settings, opens its engine, runs {@code work} and closes the engine. Missing or
   * wrong settings exit 2 ("cannot TASK: ..."); a refusal or failure of the engine exits 1 ("TASK failed (CODE): ...").
   */
  static int run(Path data, String task, PrintWriter err, Work work) {
    EngineSettingsFile settings;
    try {
      settings = EngineSettingsFile.read(data);
    } catch (EvidenceException e) {
      err.println("cannot " + task + ": " + e.getMessage());
      return ExitCodes.MALFORMED;
    }
    try (DataDirectoryEngine opened = open(settings)) {
      return work.run(opened.engine());
    } catch (EvidenceException e) {
      if (e.code() == ErrorCode.CONFIGURATION) {
        err.println("cannot " + task + ": " + e.getMessage());
        return ExitCodes.MALFORMED;
      }
      err.println(task + " failed (" + e.code() + "): " + e.getMessage());
      return ExitCodes.NOT_VERIFIED;
    }
  }

  /** What a command does as an officer about one request; returns its exit code. */
  interface RequestWork {
    int run(EvidenceEngine engine, Actor.Officer by, ForceReference request);
  }

  /**
   * As {@link #run}, for a command acting as {@code officer} on the request {@code reference}: an officer or
   * reference the engine refuses exits 2 ("cannot TASK: ...") before the engine is opened.
   */
  static int runAsOfficer(Path data, String task, PrintWriter err, OfficerOptions officer, String reference,
      RequestWork work) {
    Actor.Officer by;
    ForceReference ref;
    try {
      by = officer.officer();
      ref = new ForceReference(reference);
    } catch (EvidenceException e) {
      err.println("cannot " + task + ": " + e.getMessage());
      return ExitCodes.MALFORMED;
    }
    return run(data, task, err, engine -> work.run(engine, by, ref));
  }

  EvidenceEngine engine() {
    return engine;
  }

  @Override
  public void close() {
    try {
      engine.close();
    } finally {
      store.close();
    }
  }
}
