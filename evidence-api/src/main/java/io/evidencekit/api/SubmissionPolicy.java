package io.evidencekit.api;

/**
 * Whether a link may send evidence again after its first submission. Set per request by the officer;
 * shown to the recipient on the request page.
 */
public enum SubmissionPolicy {
  /** After a submission the link still works and can send another batch of files (the default). */
  REPEATABLE,
  /** The first submission uses the link up: after it, the link shows what was sent and accepts nothing more. */
  ONCE
}
