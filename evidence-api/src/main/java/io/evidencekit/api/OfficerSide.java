package io.evidencekit.api;

import java.io.InputStream;
import io.evidencekit.spi.Channel;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * What an officer may do, as identified and authenticated by the host system: create requests, send,
 * revoke and re-issue links, see requests and their submissions, read evidence and ingest evidence that
 * arrived on disc or USB. The host hands this only to code acting for authenticated staff.
 *
 * <p>Every method names the acting officer and takes the reason they give (1 to 500 characters); the
 * {@link io.evidencekit.spi.AccessPolicy} decides inside the engine whether they may, a refusal is
 * recorded in the custody log and fails with {@link ErrorCode#ACCESS_DENIED}, and every view and read is
 * itself a custody event naming the officer and the reason.
 *
 * <p>Thread-safe. Every failure is an {@link EvidenceException}.
 */
public interface OfficerSide {

  /** Creates a request with the next force reference. No link is sent until {@link #issueInvitation}. */
  EvidenceRequest createRequest(Actor.Officer by, NewEvidenceRequest spec);

  /**
   * Issues a link for the request and queues it to the recipient on every channel the engine has a
   * notifier for; any earlier link stops working at once. The returned value holds the token: this is
   * the only time it exists outside the recipient's message, and the engine keeps only its hash.
   */
  IssuedInvitation issueInvitation(Actor.Officer by, RequestId id, String reason);

  /**
   * Issues a link as {@link #issueInvitation(Actor.Officer, RequestId, String)} does, sent only on the
   * channels the officer chose (email, text message or both). Each one chosen must be a way to reach the
   * recipient (their email address, their mobile number) that a notifier of the engine serves; otherwise
   * nothing is issued and the answer is {@link ErrorCode#INVALID_INPUT}.
   */
  IssuedInvitation issueInvitation(Actor.Officer by, RequestId id, String reason, Set<Channel> channels);

  /** Revokes a link at once. Revoking a link that already ended does nothing. */
  void revokeInvitation(Actor.Officer by, RequestId id, InvitationId invitation, String reason);

  /** The requests this officer may see, newest first (at most 1,000); each one shown is a custody event. */
  List<EvidenceRequest> listRequests(Actor.Officer by, String reason);

  /** One request; the view is a custody event. NOT_FOUND if there is none. */
  EvidenceRequest request(Actor.Officer by, RequestId id, String reason);

  /** Finds a request by its force reference (e.g. {@code 46/00042/24}); the look-up is a custody event. */
  EvidenceRequest requestByReference(Actor.Officer by, ForceReference reference, String reason);

  /** The request's links, oldest first (never their tokens). */
  List<Invitation> invitations(Actor.Officer by, RequestId id, String reason);

  /**
   * Every message sent about the request, oldest first: each link on each channel and each notice to the
   * officer, with where it stands (waiting, accepted, delivered, failed) and the backend's delivery news.
   * A link that could not reach the recipient ({@link Delivery#failed()}, e.g. a number that does not
   * exist) shows here. The view is a custody event.
   */
  List<Delivery> deliveries(Actor.Officer by, RequestId id, String reason);

  /** The request's submissions with their items, oldest first. */
  List<Submission> submissions(Actor.Officer by, RequestId id, String reason);

  /** The request's custody events in log order. */
  List<CustodyEvent> custodyEvents(Actor.Officer by, RequestId id, String reason);

  /**
   * Opens an item's bytes (all, or a range for seeking). The read is a custody event naming the officer,
   * the use and the reason. The caller closes the stream. A whole read is verified against the hash taken
   * at receipt and fails with INTEGRITY_FAILURE (also recorded) rather than return altered bytes.
   */
  InputStream openItem(Actor.Officer by, ItemId id, ByteRange range, ItemUse use, String reason);

  /**
   * Ingests evidence that arrived on disc or USB: every regular file under {@code paths} (files or
   * folders; a CCTV export with its sub-folders and player is taken whole, as opaque bytes) goes into one
   * officer submission on the request, with the officer as the submitter: same hashing, custody events
   * and receipt as the portal, under the engine's officer-ingest limits. Needs the right to manage the
   * request.
   *
   * <p>Safe to stop and re-run: each file is recorded only once durable, in its own transaction; a re-run
   * resumes the unfinished submission and skips files whose relative path and SHA-256 this officer already
   * ingested into the request. Interrupting the calling thread stops at once, discarding only the file in
   * progress. {@code listener} is called on the calling thread.
   */
  OfficerIngest ingestFiles(Actor.Officer by, RequestId id, List<Path> paths, String reason, IngestListener listener);
}
