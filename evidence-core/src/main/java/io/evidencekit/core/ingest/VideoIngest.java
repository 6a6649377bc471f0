package io.evidencekit.core.ingest;

import io.evidencekit.api.Actor;
import io.evidencekit.api.Declaration;
import io.evidencekit.api.EvidenceItem;
import io.evidencekit.api.EvidenceRequest;
import io.evidencekit.api.ItemId;
import io.evidencekit.api.Receipt;
import io.evidencekit.api.RequestState;
import io.evidencekit.api.Sha256;
import io.evidencekit.api.Submission;
import io.evidencekit.api.SubmissionId;
import io.evidencekit.api.SubmissionState;
import io.evidencekit.core.custody.CustodyEvents;
import io.evidencekit.core.custody.CustodyLog;
import io.evidencekit.core.custody.PendingEvent;
import io.evidencekit.core.notify.Outbox;
import io.evidencekit.core.request.RequestStore;
import io.evidencekit.spi.StoredBlob;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;
import org.jdbi.v3.core.Handle;

/**
 * The ingest path for recordings a video source gives (issue 12): the same streaming hash-and-store pipeline
 * and the same records as every other item (one submission per consultation, each recording an item with
 * {@code source=video:<platform>}, queued for scanning and media inspection), with an ingest key per
 * platform, consultation and recording, so a recording is recorded once however often and by however many
 * engines it is streamed. The caller ({@code core.video}) composes the transactions; the methods taking a
 * {@link Handle} touch nothing outside the database. Engine-internal; thread-safe.
 */
public final class VideoIngest {
  private final CustodyLog custody;
  private final Outbox outbox;
  private final RequestStore requestStore;
  private final SubmissionStore store;
  private final IngestPipeline pipeline;
  private final Deduplication deduplication;
  private final long maxBytes;

  public VideoIngest(CustodyLog custody, Outbox outbox, RequestStore requestStore, SubmissionStore store,
      IngestPipeline pipeline, long maxBytes) {
    this.custody = custody;
    this.outbox = outbox;
    this.requestStore = requestStore;
    this.store = store;
    this.pipeline = pipeline;
    this.deduplication = Deduplication.of(pipeline);
    this.maxBytes = maxBytes;
  }

  /**
   * Streams a recording into the store, durable when it returns; the caller closes {@code in}. Exactly
   * {@code size} bytes or {@code UPLOAD_INTERRUPTED} (nothing recorded).
   */
  public StoredBlob stream(InputStream in, long size, LongConsumer progress) {
    return pipeline.ingest(in, maxBytes, size, progress);
  }

  /** The identity of a recording among the items of its request: NUL separates parts none can contain. */
  public static String ingestKey(String platform, String consultation, String recording) {
    MessageDigest digest = IngestPipeline.newDigest();
    digest.update(("video\0" + platform + "\0" + consultation + "\0" + recording).getBytes(StandardCharsets.UTF_8));
    return Sha256.of(digest.digest()).hex();
  }

  /** What {@link #record} did: the item, the blob it points to, and whether it was recorded before. */
  public record Recorded(EvidenceItem item, StoredBlob blob, boolean earlier) {}

  /** One recording to record. {@code name} is metadata only ({@code <consultation>/<recording>}). */
  public record Recording(String name, String mediaType, String ingestKey) {}

  /**
   * Records a streamed recording as an item of {@code submission} (created as a draft with its first item)
   * in the caller's transaction, or finds it recorded already under its ingest key.
   */
  public Recorded record(Handle h, Actor by, EvidenceRequest request, SubmissionId submission, ItemId itemId,
      Recording r, StoredBlob fresh, String source, Instant now, String reason) {
    Optional<SubmissionStore.StoredItem> earlier = store.itemByIngestKey(h, request.id(), r.ingestKey());
    if (earlier.isPresent()) {
      EvidenceItem item = earlier.get().item();
      return new Recorded(item, new StoredBlob(earlier.get().blob(), item.size(), item.sha256()), true);
    }
    StoredBlob blob = deduplication.blobToRecord(h, fresh);
    List<PendingEvent> events = new ArrayList<>();
    if (store.find(h, submission).isEmpty()) {
      store.insert(h, new Submission(submission, request.id(), Optional.empty(), SubmissionState.DRAFT, List.of(),
          Optional.empty(), Optional.empty(), now, Optional.empty()), source);
      events.add(CustodyEvents.submissionStarted(now, by, request.id(), submission.toString(), Optional.of(source))
          .withReason(reason));
    }
    store.lock(h, submission).orElseThrow();
    int position = h.createQuery("SELECT COUNT(*) FROM evidence_item WHERE submission_id = :s")
        .bind("s", submission.value()).mapTo(Integer.class).one();
    String type = SubmittedText.contentType(r.mediaType());
    EvidenceItem received = new EvidenceItem(itemId, request.id(), submission, blob.sha256(), blob.size(),
        SubmittedText.fileName(r.name()), type, now);
    store.insertItem(h, received, blob.id(), position, Optional.empty(), Optional.of(r.ingestKey()));
    if (position == 0) {
      events.add(CustodyEvents.controllerHandover(now, by, request.id(), submission.toString(), Optional.of(source)));
    }
    events.add(CustodyEvents.itemReceived(now, by, request.id(), itemId, new CustodyEvents.Received(
        submission.toString(), received.submittedName(), Optional.empty(), blob.size(), blob.sha256().hex(), type,
        blob.id().value(), Optional.of(source))).withReason(reason));
    custody.append(h, events);
    return new Recorded(received, blob, false);
  }

  /** After the transaction that recorded {@code recorded} committed: drops {@code fresh} if it went unused. */
  public void discardIfUnused(StoredBlob fresh, Recorded recorded) {
    deduplication.discardIfUnused(fresh, recorded.blob());
  }

  /**
   * Submits the consultation's submission (once: a submitted one is left alone): declared by the engine,
   * the request marked as having evidence, and the requesting officer's notice queued as for every other.
   */
  public void submit(Handle h, Actor by, EvidenceRequest request, SubmissionId id, String source, String notifiedAs,
      Instant now, String reason) {
    Optional<Submission> locked = store.lock(h, id);
    if (locked.isEmpty() || locked.get().state() != SubmissionState.DRAFT) {
      return;
    }
    List<SubmissionStore.StoredItem> items = store.items(h, id);
    Declaration declaration = Declaration.of(items.size());
    store.markSubmitted(h, id, Optional.empty(), declaration, now);
    requestStore.updateState(h, request.id(), RequestState.EVIDENCE_RECEIVED);
    Submission submitted = store.find(h, id).orElseThrow();
    Receipt receipt = new Receipt(request.reference(), id, submitted.submittedAt().orElseThrow(),
        submitted.items().stream().map(i -> new Receipt.Line(i.submittedName(), i.size(), i.sha256())).toList(),
        Optional.empty(), submitted.declaration().orElseThrow());
    custody.append(h, List.of(
        CustodyEvents.submissionDeclared(now, by, request.id(), id.toString(), declaration.fileCount(),
            Optional.of(source)).withReason(reason),
        CustodyEvents.submissionSubmitted(now, by, request.id(), id.toString(),
            items.stream().map(i -> i.item().id().toString()).toList(), Optional.empty(), Optional.of(source))
            .withReason(reason)));
    outbox.enqueueSubmissionNotice(h, request, receipt, notifiedAs, now);
  }

  /**
   * Reads a stored item back through the verifying reader and hashes it (a mismatch with the recorded
   * SHA-256 is {@code INTEGRITY_FAILURE}, and the reader records it).
   */
  public Sha256 reread(ItemReader reader, SubmissionStore.StoredItem stored) {
    MessageDigest digest = IngestPipeline.newDigest();
    byte[] buffer = new byte[IngestPipeline.DEFAULT_BUFFER_BYTES];
    try (InputStream in = reader.open(stored, io.evidencekit.api.ByteRange.ALL)) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        digest.update(buffer, 0, n);
      }
    } catch (java.io.IOException e) {
      throw new io.evidencekit.api.EvidenceException(io.evidencekit.api.ErrorCode.STORAGE_FAILURE,
          "the evidence store could not be read", e);
    }
    return Sha256.of(digest.digest());
  }

  /** The stored item, for verification. */
  public Optional<SubmissionStore.StoredItem> item(Handle h, ItemId id) {
    return store.item(h, id);
  }
}
