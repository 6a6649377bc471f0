package io.evidencekit.api.video;

import io.evidencekit.api.ItemId;
import io.evidencekit.spi.ConsultationId;
import io.evidencekit.spi.RecordingId;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A recording the engine wants gone from the source that is still there: waiting for its verification or
 * deletion, its deletion failing (retried with backoff), or its copy not matching (kept until a person looks).
 *
 * @param item the item it was imported as; empty for a recording discarded without import
 * @param since when the engine first wanted it deleted (its import, or the supervisor's discard decision)
 * @param age how long ago that was, when this list was made
 * @param attempts deletions asked for so far
 * @param nextAttempt when a pass will next ask; empty when no pass will (a verification failure)
 * @param lastFailure why the last attempt failed, for an operator; no personal data
 */
public record RecordingAtSource(ConsultationId consultation, RecordingId recording, Optional<ItemId> item,
    State state, Instant since, Duration age, int attempts, Optional<Instant> nextAttempt,
    Optional<String> lastFailure) {
  public enum State {
    /** Imported; the stored copy is verified and the deletion asked for at the next pass. */
    DELETION_DUE,
    /** A deletion was asked for and failed; retried at {@code nextAttempt}. */
    DELETION_FAILING,
    /** The stored copy did not match (our hash or the platform's checksum): not deleted; a person must look. */
    VERIFICATION_FAILED
  }

  public RecordingAtSource {
    Checks.present(consultation, "consultation");
    Checks.present(recording, "recording");
    Checks.present(item, "item");
    Checks.present(state, "state");
    Checks.present(since, "since");
    Checks.present(age, "age");
    Checks.atLeast(attempts, 0, "attempts");
    Checks.present(nextAttempt, "next attempt");
    Checks.present(lastFailure, "last failure");
  }
}
