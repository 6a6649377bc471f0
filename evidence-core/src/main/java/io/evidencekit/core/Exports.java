package io.evidencekit.core;

import io.evidencekit.api.Actor;
import io.evidencekit.api.RequestId;
import io.evidencekit.api.SubmissionId;
import java.nio.file.Path;
import java.util.List;

/**
 * Disclosure packages: the evidence of one or several requests, or of a submission, written as a BagIt 1.0
 * bag (RFC 8493), as a directory or a zip ({@link ExportTarget}), that the recipient checks offline with
 * {@code evidencekit verify} (evidence-verify only) and any BagIt validator:
 *
 * <pre>
 * bagit.txt  bag-info.txt  manifest-sha256.txt  tagmanifest-sha256.txt
 * data/001-&lt;safe name&gt; ...                 the files, names made safe and unique
 * metadata/files.jsonl                      per file: data path, submitted name, ids, size, SHA-256, received at, scan state
 * custody/events.jsonl                      every event of the requests, whole bodies as the log hashed them
 * custody/checkpoint                        the signed checkpoint (made by the export) they are proved against
 * custody/proofs/&lt;seq&gt;.json                 an inclusion proof per event at the checkpoint's size
 * custody/earlier/&lt;size&gt;.checkpoint         earlier checkpoints of the log (the newest 100), which a recipient may hold
 * custody/consistency/&lt;size&gt;.json           a consistency proof from each of them to the bag's checkpoint
 * custody/verifier-key.vkey                 the key the checkpoint is signed with (check it against the published one)
 * schedule/exhibits.html, .csv, .pdf        the exhibit schedule for the officer's statement (MG11)
 * </pre>
 *
 * <p>Each act goes through the same access check as reading an item ({@code READ_ITEM} on the request); a
 * refusal is recorded. Bytes are streamed once from the store to the bag, re-verified against the SHA-256
 * recorded at receipt as they go; nothing is staged. The export is a custody event
 * ({@code EVIDENCE_EXPORTED}, naming the recipient and the reason), recorded after every file was copied
 * and verified and before the checkpoint, so the bag carries and proves its own export.
 *
 * <p>Quarantine holds: on an engine that scans, a file not scanned clean is exported only under the
 * order's override ({@link ExportOrder#releaseQuarantined()}).
 *
 * <p>Thread-safe. Every failure is an {@link io.evidencekit.api.EvidenceException}; a failed export leaves
 * a partial directory or zip that the caller removes.
 */
public interface Exports {

  /**
   * Exports the files of every submission of the given requests (one package, in the order given; no
   * request twice) that is submitted or closed, not of a draft still open. The officer needs
   * {@code READ_ITEM} on every request; each request's export is its own {@code EVIDENCE_EXPORTED} event.
   */
  ExportSummary exportRequests(Actor.Officer by, List<RequestId> requests, ExportOrder order, ExportTarget target,
      ExportProgress progress);

  /** Exports one submission, not a draft (with the custody events of its request). */
  ExportSummary exportSubmission(Actor.Officer by, SubmissionId submission, ExportOrder order, ExportTarget target,
      ExportProgress progress);

  /**
   * Exports the files of every submission of a request that is submitted or closed (abandoned; its files
   * stay in custody), not of a draft still open, into {@code directory}, which must not exist or be empty
   * (a zip file, which must not exist, when its name ends in ".zip").
   */
  default ExportSummary exportRequest(Actor.Officer by, RequestId request, ExportOrder order, Path directory) {
    return exportRequests(by, List.of(request), order, ExportTarget.of(directory), ExportProgress.NONE);
  }

  /** Exports one submission into {@code directory} (a zip when its name ends in ".zip"). */
  default ExportSummary exportSubmission(Actor.Officer by, SubmissionId submission, ExportOrder order, Path directory) {
    return exportSubmission(by, submission, order, ExportTarget.of(directory), ExportProgress.NONE);
  }
}
