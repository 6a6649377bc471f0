package io.evidencekit.core;

import io.evidencekit.api.Actor;
import io.evidencekit.api.ByteRange;
import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.EvidenceItem;
import io.evidencekit.api.EvidenceRequest;
import io.evidencekit.api.ItemScan;
import io.evidencekit.api.ScanState;
import io.evidencekit.api.RequestId;
import io.evidencekit.api.Submission;
import io.evidencekit.api.SubmissionId;
import io.evidencekit.api.SubmissionState;
import io.evidencekit.core.custody.CustodyEvents;
import io.evidencekit.core.custody.CustodyLog;
import io.evidencekit.core.custody.PendingEvent;
import io.evidencekit.api.CustodyAction;
import io.evidencekit.api.CustodyEvent;
import io.evidencekit.core.export.BagWriter;
import io.evidencekit.core.export.ExhibitSchedule;
import io.evidencekit.core.ingest.SubmissionStore;
import io.evidencekit.core.scan.ScanResults;
import io.evidencekit.spi.AccessAction;
import io.evidencekit.verify.CanonicalJson;
import io.evidencekit.verify.InclusionProof;
import io.evidencekit.verify.ProofJson;
import io.evidencekit.verify.SignedCheckpoint;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Map;

/** The exports role: disclosure packages (see {@link Exports}). */
final class ExportsRole implements Exports {
  private final EngineParts parts;
  private final Liveness liveness;

  ExportsRole(EngineParts parts, Liveness liveness) {
    this.parts = parts;
    this.liveness = liveness;
  }

  @Override
  public ExportSummary exportRequest(Actor.Officer by, RequestId id, ExportOrder order, Path directory) {
    liveness.check();
    String why = Reasons.require(order.reason());
    EvidenceRequest request = load(id);
    String rule = parts.access.require(by, AccessAction.READ_ITEM, request, why);
    List<SubmissionStore.StoredItem> items = parts.db.read(h -> {
      List<SubmissionStore.StoredItem> all = new ArrayList<>();
      for (Submission s : parts.submissionStore.forRequest(h, id)) {
        // A draft can still change: its files are exported once it is submitted or closed.
        if (s.state() != SubmissionState.DRAFT) {
          all.addAll(parts.submissionStore.items(h, s.id()));
        }
      }
      return all;
    });
    return export(by, request, items, order, rule, directory);
  }

  @Override
  public ExportSummary exportSubmission(Actor.Officer by, SubmissionId id, ExportOrder order, Path directory) {
    liveness.check();
    String why = Reasons.require(order.reason());
    Submission submission = parts.db.read(h -> parts.submissionStore.find(h, id))
        .orElseThrow(() -> new EvidenceException(ErrorCode.NOT_FOUND, "no such submission"));
    if (submission.state() == SubmissionState.DRAFT) {
      throw new EvidenceException(ErrorCode.INVALID_INPUT, "a draft submission can still change: export it once it is "
          + "submitted or closed");
    }
    EvidenceRequest request = load(submission.requestId());
    String rule = parts.access.require(by, AccessAction.READ_ITEM, request, why);
    List<SubmissionStore.StoredItem> items = parts.db.read(h -> parts.submissionStore.items(h, id));
    return export(by, request, items, order, rule, directory);
  }

  private ExportSummary export(Actor.Officer by, EvidenceRequest request, List<SubmissionStore.StoredItem> items,
      ExportOrder order, String rule, Path directory) {
    List<PendingEvent> released = releaseOrRefuse(by, request, items, order);
    BagWriter bag = new BagWriter(directory);
    StringBuilder files = new StringBuilder();
    List<BagWriter.Written> written = new ArrayList<>();
    int index = 0;
    for (SubmissionStore.StoredItem stored : items) {
      EvidenceItem item = stored.item();
      String name = BagWriter.safeName(++index, item.submittedName());
      BagWriter.Written copy;
      // The reader re-verifies the bytes against the SHA-256 recorded at receipt as they stream (a
      // mismatch fails the export and is itself recorded); the bag's own hash is checked too.
      try (InputStream in = parts.reader.open(stored, ByteRange.ALL)) {
        copy = bag.payload(name, in);
      } catch (IOException e) {
        throw new EvidenceException(ErrorCode.STORAGE_FAILURE, "the evidence store could not be read", e);
      }
      written.add(copy);
      if (!copy.sha256().equals(item.sha256().hex()) || copy.size() != item.size()) {
        throw new EvidenceException(ErrorCode.INTEGRITY_FAILURE, "item " + item.id() + " does not match its record");
      }
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("path", copy.path());
      line.put("submittedName", item.submittedName());
      line.put("claimedContentType", item.claimedContentType());
      line.put("item", item.id().toString());
      line.put("submission", item.submissionId().toString());
      line.put("request", item.requestId().toString());
      line.put("size", item.size());
      line.put("sha256", item.sha256().hex());
      line.put("receivedAt", item.receivedAt().toString());
      line.put("scanState", item.scanState().name());
      files.append(new String(CanonicalJson.encode(line), StandardCharsets.UTF_8)).append('\n');
    }
    // Recorded once every byte is out and verified, and before the checkpoint, so the bag proves its own export.
    List<PendingEvent> record = new ArrayList<>(released);
    record.add(CustodyEvents.evidenceExported(parts.clock.now(), by, request.id(), order.recipient(),
        bag.payloadFiles(), bag.payloadBytes(), order.reason()));
    parts.db.inTransaction(h -> parts.custody.append(h, record));
    SignedCheckpoint checkpoint = parts.checkpoints.make();
    long treeSize = checkpoint.size();
    List<CustodyLog.StoredBody> bodies = parts.db.read(h -> parts.custody.bodiesForRequest(h, request.id(), treeSize));
    StringBuilder events = new StringBuilder();
    for (CustodyLog.StoredBody body : bodies) {
      events.append(body.body()).append('\n');
      InclusionProof inclusion = parts.db.read(h -> parts.custody.inclusionProof(h, body.sequence(), treeSize));
      String proof = ProofJson.write(inclusion);
      bag.tag("custody/proofs/" + body.sequence() + ".json", utf8(proof));
    }
    bag.tag("custody/events.jsonl", utf8(events.toString()));
    bag.tag("custody/checkpoint", checkpoint.bytes());
    bag.tag("custody/verifier-key.vkey", utf8(parts.checkpoints.verifierKey().vkey() + "\n"));
    bag.tag("metadata/files.jsonl", utf8(files.toString()));
    if (!released.isEmpty()) {
      bag.tag("WARNING-quarantined.txt", utf8(warning(items, written)));
    }
    schedule(bag, by, request, items, written, order, treeSize);
    Map<String, String> info = new LinkedHashMap<>();
    info.put("Source-Organization", order.sourceOrganization());
    info.put("External-Identifier", request.reference().value());
    info.put("External-Description", "Evidence for " + request.reference().value() + " disclosed to " + order.recipient());
    info.put("Contact-Name", by.displayName());
    info.put("Internal-Sender-Identifier", by.id());
    info.put("Evidencekit-Recipient", order.recipient());
    info.put("Evidencekit-Access-Rule", rule);
    info.put("Evidencekit-Checkpoint-Size", Long.toString(treeSize));
    info.put("Evidencekit-Log-Origin", checkpoint.checkpoint().origin());
    bag.finish(info, parts.clock.now().atZone(java.time.ZoneOffset.UTC).toLocalDate());
    return new ExportSummary(directory, bag.payloadFiles(), bag.payloadBytes(), bodies.size(), treeSize);
  }

  /**
   * Quarantine holds for exports as for downloads: an item not known to be clean (infected always; not
   * scanned clean on an engine that scans) leaves only under the order's override, by an officer allowed to
   * release quarantined evidence. Returns the override events to record with the export; a refusal is
   * recorded and thrown before anything is written.
   */
  private List<PendingEvent> releaseOrRefuse(Actor.Officer by, EvidenceRequest request,
      List<SubmissionStore.StoredItem> items, ExportOrder order) {
    List<SubmissionStore.StoredItem> notClean = items.stream().filter(s -> !releasable(s.item().scanState())).toList();
    if (notClean.isEmpty()) {
      return List.of();
    }
    boolean infected = notClean.stream().anyMatch(s -> s.item().scanState() == ScanState.INFECTED);
    if (!order.releaseQuarantined()) {
      String refusedRule = (infected ? "quarantined: malware detected in " : "not scanned clean: ") + notClean.size()
          + " of " + items.size() + " files";
      parts.db.inTransaction(h -> parts.custody.append(h, List.of(CustodyEvents.accessRefused(parts.clock.now(), by,
          request.id(), AccessAction.READ_ITEM.name(), refusedRule, order.reason()))));
      throw new EvidenceException(infected ? ErrorCode.ITEM_QUARANTINED : ErrorCode.ITEM_NOT_SCANNED,
          notClean.size() + " of the " + items.size() + " files are not known to be clean"
              + (infected ? " (malware was detected)" : "") + ": export them only with the quarantine override");
    }
    String overrideRule = parts.access.require(by, AccessAction.RELEASE_QUARANTINED, request, order.reason());
    List<PendingEvent> events = new ArrayList<>();
    for (SubmissionStore.StoredItem stored : notClean) {
      ItemScan scan = parts.db.read(h -> ScanResults.status(h, stored));
      events.add(CustodyEvents.quarantineOverridden(parts.clock.now(), by, request.id(), stored.item().id(),
          overrideRule, scan.state().name(), scan.detections(), order.reason()));
    }
    return events;
  }

  private boolean releasable(ScanState state) {
    return state == ScanState.CLEAN || (state != ScanState.INFECTED && !parts.scans.enabled());
  }

  private static String warning(List<SubmissionStore.StoredItem> items, List<BagWriter.Written> written) {
    StringBuilder text = new StringBuilder("WARNING: this package holds files that are not known to be free of malware.\n"
        + "They were released under an officer's recorded override. Open them only on an isolated machine.\n\n");
    for (int i = 0; i < items.size(); i++) {
      ScanState state = items.get(i).item().scanState();
      if (state != ScanState.CLEAN) {
        text.append(written.get(i).path()).append(": ").append(state).append('\n');
      }
    }
    return text.toString();
  }

  /** The exhibit schedule (HTML and CSV) for the officer's statement, from the events the bag proves. */
  private void schedule(BagWriter bag, Actor.Officer by, EvidenceRequest request, List<SubmissionStore.StoredItem> items,
      List<BagWriter.Written> written, ExportOrder order, long treeSize) {
    List<CustodyEvent> events = parts.db.read(h -> parts.custody.forRequest(h, request.id())).stream()
        .filter(e -> e.sequence() < treeSize).toList();
    String prefix = order.exhibitPrefix().orElseGet(() -> ExhibitSchedule.initials(by.displayName()));
    ExhibitSchedule schedule = new ExhibitSchedule(Locale.UK);
    for (int i = 0; i < items.size(); i++) {
      EvidenceItem item = items.get(i).item();
      List<CustodyEvent> history = events.stream().filter(e -> e.itemId().equals(Optional.of(item.id()))).toList();
      String submittedBy = history.stream().filter(e -> e.action() == CustodyAction.ITEM_RECEIVED).findFirst()
          .map(e -> e.actor().displayName()).orElse("");
      schedule.add(new ExhibitSchedule.Exhibit(prefix + "/" + (i + 1), written.get(i).path(), item, submittedBy, history));
    }
    String date = parts.clock.now().atZone(java.time.ZoneOffset.UTC).toLocalDate().toString();
    bag.tag("schedule/exhibits.csv", schedule.csv());
    bag.tag("schedule/exhibits.html", schedule.html(request.reference().value(), order.recipient(), by.displayName(), date));
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private EvidenceRequest load(RequestId id) {
    return parts.db.read(h -> parts.requestStore.find(h, id))
        .orElseThrow(() -> new EvidenceException(ErrorCode.NOT_FOUND, "no such request"));
  }
}
