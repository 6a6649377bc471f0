package io.evidencekit.spi;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Durable, resumable staging of uploads whose bytes arrive in pieces (the portal's tus uploads), kept where
 * every node can see them: a node that never saw an upload can tell how far it got, carry on appending to
 * it, and hand it over whole. An S3 implementation keeps one multipart upload per staged upload
 * ({@code S3PartStaging} in {@code storage-s3}); a filesystem needs none of this (the portal stages in a
 * shared directory itself).
 *
 * <h2>Contract</h2>
 *
 * Each rule names the test of {@code PartStagingContract} (module {@code evidence-tck}) that checks it.
 *
 * <ul>
 *   <li><b>Ids.</b> The caller chooses an upload's id: 1 to 64 characters of {@code [A-Za-z0-9_-]}; any
 *       other is {@code INVALID_INPUT} ({@code badIds}). {@link #begin} of an id already begun is
 *       {@code INVALID_INPUT} and changes nothing ({@code beginTwice}).
 *   <li><b>Acknowledged only when durable.</b> {@link #append} returns only once every byte it read is
 *       durable; from then on {@link #find}, from any instance on the same backend, reports at least that
 *       offset ({@code appendIsSeenByAnotherInstance}). The offset an upload reports never goes backwards
 *       ({@code offsetsNeverGoBackwards}), whatever the sizes of the appends (the backend's own minimum part
 *       size is the implementation's business: {@code manySmallAppends}).
 *   <li><b>Appends.</b> An append at another offset than the durable one is {@code INVALID_INPUT} and
 *       changes nothing ({@code wrongOffset}). An append never reads more than {@code length - offset}
 *       bytes of its content ({@code neverReadsPastLength}); an append to a whole upload reads nothing and
 *       returns its length ({@code wholeReadsBackExactly}). If reading the content fails, the bytes read
 *       before the failure are kept durably and the content's {@link IOException} is rethrown as it is
 *       ({@code brokenContentKeepsWhatArrived}); a failure of the backend is an {@link IOException} too,
 *       after which {@link #find} tells where the upload stands.
 *   <li><b>Whole.</b> Once every byte is durable, {@link #openWhole} reads the upload's bytes, exactly,
 *       from any instance, as often as asked ({@code wholeReadsBackExactly}, {@code emptyUpload}); before
 *       that it is {@code INVALID_INPUT} ({@code notWholeYet}). {@link #finish} records the caller's outcome
 *       durably and drops the bytes; {@link #find} then reports the outcome ({@code finishKeepsOutcome}).
 *   <li><b>Abort.</b> {@link #abort} removes an upload and all it holds, finished or not, and is
 *       idempotent ({@code abortRemovesEverything}); {@link #ids} lists every upload begun and not
 *       aborted ({@code idsListsUploads}).
 *   <li><b>Threads.</b> Thread-safe for different uploads. Appends to one upload are serialised by the
 *       caller within a process; an implementation shared by several processes keeps acknowledged bytes
 *       even when two of them append the same bytes at the same offset at once (a client that gave up on
 *       one node and resumed through another) ({@code concurrentSameBytes}).
 *   <li><b>Who closes what.</b> The caller closes the content it passes and every stream
 *       {@link #openWhole} returns; the host closes the staging; {@link #close()} is idempotent.
 *   <li><b>Failures.</b> {@link IOException} when the backend failed; {@code EvidenceException} with
 *       {@code INVALID_INPUT} for a misuse, {@code NOT_FOUND} for an upload that does not exist
 *       ({@code unknownUpload}). Nothing else leaves an implementation.
 * </ul>
 */
public interface PartStaging extends AutoCloseable {

  /**
   * Starts an upload of exactly {@code length} bytes, with the caller's {@code metadata} (keys of
   * {@code [A-Za-z0-9._-]}, at most 8 KiB in all), durable when it returns.
   */
  void begin(String id, long length, Map<String, String> metadata) throws IOException;

  /** Where an upload stands, as any instance on the same backend sees it; empty if there is no such upload. */
  Optional<StagedUpload> find(String id) throws IOException;

  /**
   * Appends {@code content} at {@code offset} (which must be the durable offset) until it ends or the upload
   * is whole; returns the new durable offset.
   */
  long append(String id, long offset, InputStream content) throws IOException;

  /** The upload's bytes once all of them are durable. The caller closes the stream. */
  InputStream openWhole(String id) throws IOException;

  /** Records what became of a whole upload ({@code outcome}, at most 8 KiB) and drops its bytes. Idempotent. */
  void finish(String id, Map<String, String> outcome) throws IOException;

  /** Removes an upload and everything it holds. Idempotent. */
  void abort(String id) throws IOException;

  /** Every upload begun and not aborted, finished or not, in no particular order. */
  List<String> ids() throws IOException;

  /** Releases what the staging holds. Idempotent; never throws. */
  @Override
  default void close() {}
}
