package io.evidencekit.spi;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * A video consultation platform (or its bulk export) that the engine imports recorded consultations
 * from. The engine lists completed consultations, streams each recording into evidence, verifies its
 * stored copy and only then asks the source to delete the recording, and confirms the deletion.
 *
 * <h2>Contract</h2>
 *
 * Each rule is checked by {@code VideoSourceContract} in {@code evidence-tck}; a source proves itself by
 * passing that kit.
 *
 * <ul>
 *   <li><b>Cursor.</b> {@link #list} answers consultations after the cursor, each at most once across
 *       successive pages, in an order the source keeps stable. The cursor it returns is understood by
 *       any later instance over the same platform (after a restart). Listing changes nothing at the
 *       source: the same cursor lists the same consultations again (their recording states may have
 *       moved on). A cursor this source could not have issued is {@code INVALID_INPUT}.
 *   <li><b>Refused, never guessed.</b> What the source cannot describe fully (a malformed manifest, a
 *       recording whose bytes are not there, a name that tries to leave its directory) is either listed
 *       with its recording {@link RecordingState#MISSING} or left out and reported in
 *       {@link ConsultationPage#refused()}; it is never listed as {@link RecordingState#AVAILABLE}.
 *   <li><b>Exact bytes or an error.</b> {@link #open} gives exactly the recording's listed
 *       {@link Recording#size()} bytes and then the end of the stream. A stream that cannot give them
 *       all (cut off, a partial file, the platform failing mid-stream) throws {@link IOException} from
 *       {@code read}; it never ends early quietly, and never gives more.
 *   <li><b>Who closes what.</b> The caller closes every stream {@link #open} returns, also after a
 *       failure. The host closes the source; the engine never does. {@link #close()} is idempotent.
 *   <li><b>Deletion is confirmed and idempotent.</b> When {@link #delete} returns, the recording is gone:
 *       {@link #holds} answers false, {@link #open} answers {@code NOT_FOUND}, and a listing shows it
 *       {@link RecordingState#DELETED} or no longer lists its consultation. Deleting it again returns a
 *       receipt again. Deleting one recording leaves the others of the consultation as they were. When
 *       {@code delete} throws, the recording may still be there: the caller asks again later.
 *   <li><b>Failures.</b> {@link IOException}: the platform failed or could not be reached; retrying may
 *       succeed. {@link io.evidencekit.api.EvidenceException} for what retrying cannot change:
 *       {@code NOT_FOUND} for a consultation or recording the source does not know (or no longer holds,
 *       for {@code open}), {@code INVALID_INPUT} for a foreign cursor or a bad argument, {@code CLOSED}
 *       after {@link #close()}. Messages name ids, never the caller, the consent or credentials.
 *   <li><b>Threads.</b> Thread-safe: any method may be called from several threads at once; each
 *       stream is read by one thread at a time.
 * </ul>
 */
public interface VideoSource extends AutoCloseable {

  /** The platform's stable name (e.g. {@code GoodSAM}), recorded in custody events as the source of what is imported. */
  String platform();

  /**
   * Lists completed consultations after {@code after}, at most {@code limit} of them.
   *
   * @param after the cursor a previous page returned; empty for the beginning
   * @param limit 1 to 1000
   */
  ConsultationPage list(Optional<VideoCursor> after, int limit) throws IOException;

  /**
   * Opens a recording's bytes. The caller closes the stream.
   *
   * @throws io.evidencekit.api.EvidenceException with {@code NOT_FOUND} if the source does not hold the recording
   */
  InputStream open(ConsultationId consultation, RecordingId recording) throws IOException;

  /**
   * Deletes a recording at the source, and answers only once it is gone. Idempotent.
   *
   * @throws io.evidencekit.api.EvidenceException with {@code NOT_FOUND} if the source never knew it
   */
  DeletionReceipt delete(ConsultationId consultation, RecordingId recording) throws IOException;

  /**
   * Whether the source still holds the recording's bytes: how the engine confirms a deletion, and finds
   * recordings left at the source. False for a recording deleted, missing or never known.
   */
  boolean holds(ConsultationId consultation, RecordingId recording) throws IOException;

  /** Releases what the source holds. Idempotent; never throws. */
  @Override
  default void close() {}
}
