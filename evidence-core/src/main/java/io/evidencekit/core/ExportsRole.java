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
import io.evidencekit.core.export.BagOutput;
import io.evidencekit.core.export.BagWriter;
import io.evidencekit.core.export.DirectoryOutput;
import io.evidencekit.core.export.ZipOutput;
import io.evidencekit.core.export.ExhibitSchedule;
import io.evidencekit.core.ingest.SubmissionStore;
import io.evidencekit.core.scan.ScanResults;
import io.evidencekit.spi.AccessAction;
import io.evidencekit.verify.CanonicalJson;
import io.evidencekit.verify.ConsistencyProof;
import io.evidencekit.verify.InclusionProof;
import io.evidencekit.verify.ProofJson;
import io.evidencekit.verify.SignedCheckpoint;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Map;
import java.util.stream.Collectors;

/** The exports role: disclosure packages (see {@link Exports}). */
final class ExportsRole implements Exports {
  /** Earlier checkpoints put in a bag, newest first: enough for any recipient who kept one lately. */
  static final int EARLIER_CHECKPOINTS = 100;
  /** Requests in one package. */
  static final int MAX_REQUESTS = 1000;

  private final EngineParts parts;
  private final Liveness liveness;

  /** One request's share of a package: the rule that let the officer read it, and its files. */
  private record Part(EvidenceRequest request, String rule, List<SubmissionStore.StoredItem> items) {}

  ExportsRole(EngineParts parts, Liveness liveness) {
    this.parts = parts;
    this.liveness = liveness;
  }

  @Override
  public ExportSummary exportRequests(Actor.Officer by, List<RequestId> ids, ExportOrder order, ExportTarget target,
      ExportProgress progress) {
    liveness.check();
    String why = Reasons.require(order.reason());
    if (ids.isEmpty() || ids.size() > MAX_REQUESTS) {
      throw new EvidenceException(ErrorCode.INVALID_INPUT, "a package holds 1 to " + MAX_REQUESTS + " requests");
    }
    if (new HashSet<>(ids).size() != ids.size()) {
      throw new EvidenceException(ErrorCode.INVALID_INPUT, "a request is named twice");
    }
    List<Part> shares = new ArrayList<>();
    for (RequestId id : ids) {
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
      shares.add(new Part(request, rule, items));
    }
    return export(by, shares, order, target, progress);
  }

  @Override
  public ExportSummary exportSubmission(Actor.Officer by, SubmissionId id, ExportOrder order, ExportTarget target,
      ExportProgress progress) {
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
    return export(by, List.of(new Part(request, rule, items)), order, target, progress);
  }

  private ExportSummary export(Actor.Officer by, List<Part> shares, ExportOrder order, ExportTarget target,
      ExportProgress progress) {
    List<PendingEvent> record = new ArrayList<>();
    List<SubmissionStore.StoredItem> items = new ArrayList<>();
    for (Part share : shares) {
      record.addAll(releaseOrRefuse(by, share.request(), share.items(), order));
      items.addAll(share.items());
    }
    progress.started(items.size(), items.stream().mapToLong(s -> s.item().size()).sum());
    try (BagOutput output = open(target)) {
      BagWriter bag = new BagWriter(output, progress::progress);
      List<BagWriter.Written> written = payload(bag, items);
      // Recorded once every byte is out and verified, and before the checkpoint, so the bag proves its own export.
      for (Part share : shares) {
        record.add(CustodyEvents.evidenceExported(parts.clock.now(), by, share.request().id(), order.recipient(),
            share.items().size(), share.items().stream().mapToLong(s -> s.item().size()).sum(), order.reason()));
      }
      parts.db.inTransaction(h -> parts.custody.append(h, record));
      SignedCheckpoint checkpoint = parts.checkpoints.make();
      long treeSize = checkpoint.size();
      List<CustodyLog.StoredBody> bodies = new ArrayList<>();
      for (Part share : shares) {
        bodies.addAll(parts.db.read(h -> parts.custody.bodiesForRequest(h, share.request().id(), treeSize)));
      }
      bodies.sort(Comparator.comparingLong(CustodyLog.StoredBody::sequence));
      StringBuilder events = new StringBuilder();
      for (CustodyLog.StoredBody body : bodies) {
        events.append(body.body()).append('\n');
        InclusionProof inclusion = parts.db.read(h -> parts.custody.inclusionProof(h, body.sequence(), treeSize));
        bag.tag("custody/proofs/" + body.sequence() + ".json", utf8(ProofJson.write(inclusion)));
      }
      bag.tag("custody/events.jsonl", utf8(events.toString()));
      bag.tag("custody/checkpoint", checkpoint.bytes());
      List<SignedCheckpoint> earlier = parts.checkpoints.newestBelow(treeSize, EARLIER_CHECKPOINTS);
      for (SignedCheckpoint old : earlier) {
        ConsistencyProof proof = parts.db.read(h -> parts.custody.consistencyProof(h, old.size(), treeSize));
        bag.tag("custody/earlier/" + old.size() + ".checkpoint", old.bytes());
        bag.tag("custody/consistency/" + old.size() + ".json", utf8(ProofJson.write(proof)));
      }
      bag.tag("custody/verifier-key.vkey", utf8(parts.checkpoints.verifierKey().vkey() + "\n"));
      bag.tag("metadata/files.jsonl", utf8(files(items, written)));
      if (record.stream().anyMatch(e -> e.action() == CustodyAction.QUARANTINE_OVERRIDDEN)) {
        bag.tag("WARNING-quarantined.txt", utf8(warning(items, written)));
      }
      String references = shares.stream().map(s -> s.request().reference().value()).collect(Collectors.joining(", "));
      schedule(bag, by, shares, references, items, written, order, treeSize);
      Map<String, String> info = new LinkedHashMap<>();
      info.put("Source-Organization", order.sourceOrganization());
      info.put("External-Identifier", references);
      info.put("External-Description", "Evidence for " + references + " disclosed to " + order.recipient());
      info.put("Contact-Name", by.displayName());
      info.put("Internal-Sender-Identifier", by.id());
      info.put("Evidencekit-Recipient", order.recipient());
      info.put("Evidencekit-Access-Rule", shares.stream().map(Part::rule).distinct().collect(Collectors.joining("; ")));
      info.put("Evidencekit-Checkpoint-Size", Long.toString(treeSize));
      info.put("Evidencekit-Log-Origin", checkpoint.checkpoint().origin());
      bag.finish(info, parts.clock.now().atZone(ZoneOffset.UTC).toLocalDate());
      return new ExportSummary(bag.location(), bag.payloadFiles(), bag.payloadBytes(), bodies.size(), treeSize,
          earlier.size());
    } catch (IOException e) {
      throw new EvidenceException(ErrorCode.STORAGE_FAILURE, "the disclosure package could not be closed", e);
    }
  }

  private static BagOutput open(ExportTarget target) {
    if (target instanceof ExportTarget.Directory d) {
      return new DirectoryOutput(d.directory());
    } else if (target instanceof ExportTarget.ZipFile z) {
      return ZipOutput.toFile(z.file());
    }
    ExportTarget.ZipStream stream = (ExportTarget.ZipStream) target;
    return ZipOutput.toStream(stream.out(), stream.bagName());
  }

  /** Streams each file into the bag, re-verified against the SHA-256 recorded at receipt as it goes. */
  private List<BagWriter.Written> payload(BagWriter bag, List<SubmissionStore.StoredItem> items) {
    List<BagWriter.Written> written = new ArrayList<>();
    int index = 0;
    for (SubmissionStore.StoredItem stored : items) {
      EvidenceItem item = stored.item();
      String name = BagWriter.safeName(++index, item.submittedName());
      BagWriter.Written copy;
      // The reader re-verifies the bytes as they stream (a mismatch fails the export and is itself recorded);
      // the bag's own hash is checked too.
      try (InputStream in = parts.reader.open(stored, ByteRange.ALL)) {
        copy = bag.payload(name, in);
      } catch (IOException e) {
        throw new EvidenceException(ErrorCode.STORAGE_FAILURE, "the evidence store could not be read", e);
      }
      if (!copy.sha256().equals(item.sha256().hex()) || copy.size() != item.size()) {
        throw new EvidenceException(ErrorCode.INTEGRITY_FAILURE, "item " + item.id() + " does not match its record");
      }
      written.add(copy);
    }
    return written;
  }

  private static String files(List<SubmissionStore.StoredItem> items, List<BagWriter.Written> written) {
    StringBuilder files = new StringBuilder();
    for (int i = 0; i < items.size(); i++) {
      EvidenceItem item = items.get(i).item();
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("path", written.get(i).path());
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
    return files.toString();
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

  /** The exhibit schedule (HTML, CSV and PDF) for the officer's statement, from the events the bag proves. */
  private void schedule(BagWriter bag, Actor.Officer by, List<Part> shares, String references,
      List<SubmissionStore.StoredItem> items, List<BagWriter.Written> written, ExportOrder order, long treeSize) {
    List<CustodyEvent> events = new ArrayList<>();
    for (Part share : shares) {
      events.addAll(parts.db.read(h -> parts.custody.forRequest(h, share.request().id())));
    }
    String prefix = order.exhibitPrefix().orElseGet(() -> ExhibitSchedule.initials(by.displayName()));
    ExhibitSchedule schedule = new ExhibitSchedule(Locale.UK);
    for (int i = 0; i < items.size(); i++) {
      EvidenceItem item = items.get(i).item();
      List<CustodyEvent> history = events.stream()
          .filter(e -> e.sequence() < treeSize && e.itemId().equals(Optional.of(item.id()))).toList();
      String submittedBy = history.stream().filter(e -> e.action() == CustodyAction.ITEM_RECEIVED).findFirst()
          .map(e -> e.actor().displayName()).orElse("");
      schedule.add(new ExhibitSchedule.Exhibit(prefix + "/" + (i + 1), written.get(i).path(), item, submittedBy, history));
    }
    String date = parts.clock.now().atZone(ZoneOffset.UTC).toLocalDate().toString();
    bag.tag("schedule/exhibits.csv", schedule.csv());
    bag.tag("schedule/exhibits.html", schedule.html(references, order.recipient(), by.displayName(), date));
    bag.tag("schedule/exhibits.pdf", schedule.pdf(references, order.recipient(), by.displayName(), date));
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private EvidenceRequest load(RequestId id) {
    return parts.db.read(h -> parts.requestStore.find(h, id))
        .orElseThrow(() -> new EvidenceException(ErrorCode.NOT_FOUND, "no such request"));
  }
}
