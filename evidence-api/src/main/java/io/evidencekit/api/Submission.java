package io.evidencekit.api;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One batch of files sent through an invitation, with its caption and declaration once submitted.
 *
 * @param invitationId the link it came through; empty for an officer's ingest from disc or USB, where
 *     the officer is the submitter (see the custody events)
 */
public record Submission(
    SubmissionId id,
    RequestId requestId,
    Optional<InvitationId> invitationId,
    SubmissionState state,
    List<EvidenceItem> items,
    Optional<String> caption,
    Optional<Declaration> declaration,
    Instant startedAt,
    Optional<Instant> submittedAt) {
  /** The longest caption, in characters (Unicode code points, line breaks counted once), never bytes. */
  public static final int MAX_CAPTION = 2_000;

  /**
   * A caption's length as {@link #MAX_CAPTION} counts it: the code points of the trimmed text, a line
   * break counted once whether it arrived as CR LF (as browsers send form fields) or LF.
   */
  public static int captionLength(String caption) {
    String text = caption.strip().replace("\r\n", "\n");
    return text.codePointCount(0, text.length());
  }

  public Submission {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(invitationId, "invitationId");
    Objects.requireNonNull(state, "state");
    items = List.copyOf(items);
    Objects.requireNonNull(caption, "caption");
    Objects.requireNonNull(declaration, "declaration");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(submittedAt, "submittedAt");
  }
}
