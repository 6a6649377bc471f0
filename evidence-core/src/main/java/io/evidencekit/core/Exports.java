package io.evidencekit.core;

import io.evidencekit.api.Actor;
import io.evidencekit.api.RequestId;
import io.evidencekit.api.SubmissionId;
import java.nio.file.Path;

/**
 * Disclosure packages: the evidence of a request or a submission written as a BagIt 1.0 directory bag
 * (RFC 8493) that the recipient checks offline with {@code evidencekit verify} (evidence-verify only)
 * and any BagIt validator:
 *
 * <pre>
 * bagit.txt  bag-info.txt  manifest-sha256.txt  tagmanifest-sha256.txt
 * data/001-&lt;safe name&gt; ...                 the files, names made safe and unique
 * metadata/files.jsonl                      per file: data path, submitted name, ids, size, SHA-256, received at
 * custody/events.jsonl                      every event of the request, whole bodies as the log hashed them
 * custody/checkpoint                        the signed checkpoint (made by the export) they are proved against
 * custody/proofs/&lt;seq&gt;.json                 an inclusion proof per event at the checkpoint's size
 * custody/verifier-key.vkey                 the key the checkpoint is signed with (check it against the published one)
 * </pre>
 *
 * <p>Each act goes through the same access check as reading an item ({@code READ_ITEM} on the request); a
 * refusal is recorded. Bytes are streamed once from the store to the bag, re-verified against the SHA-256
 * recorded at receipt as they go; nothing is staged. The export is a custody event
 * ({@code EVIDENCE_EXPORTED}, naming the recipient and the reason), recorded after every file was copied
 * and verified and before the checkpoint, so the bag carries and proves its own export.
 *
 * <p>Thread-safe. Every failure is an {@link io.evidencekit.api.EvidenceException}; a failed export leaves
 * a partial directory that the caller removes.
 */
public interface Exports {

  /**
   * Exports the files of every submission of a request that is submitted or closed (abandoned; its files
   * stay in custody), not of a draft still open, into {@code directory}, which must not exist or be empty.
   */
  ExportSummary exportRequest(Actor.Officer by, RequestId request, ExportOrder order, Path directory);

  /** Exports one submission, not a draft (with the custody events of its request), into {@code directory}. */
  ExportSummary exportSubmission(Actor.Officer by, SubmissionId submission, ExportOrder order, Path directory);
}
