package io.evidencekit.spi;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The consent record the platform keeps for a consultation. Holds personal data: the engine records it
 * as a custody event and never puts it in an exception message or a log line.
 *
 * @param givenBy who answered (the caller, or the person entitled to consent for them)
 * @param at when the answer was given
 * @param method how it was taken
 * @param decision what was answered
 * @param recordingNoticeGiven whether the caller was told that the call is recorded
 * @param othersPresent other people the officer saw or heard on the call, as described; may be empty
 * @param collateralIntrusionNote the officer's note on intrusion into others' privacy, when written
 */
public record Consent(String givenBy, Instant at, ConsentMethod method, ConsentDecision decision,
    boolean recordingNoticeGiven, List<String> othersPresent, Optional<String> collateralIntrusionNote) {
  public Consent {
    VideoChecks.line(givenBy, "consent given by", 200);
    Objects.requireNonNull(at, "consent time");
    Objects.requireNonNull(method, "consent method");
    Objects.requireNonNull(decision, "consent decision");
    othersPresent = List.copyOf(othersPresent);
    if (othersPresent.size() > 50) {
      throw VideoChecks.invalid("at most 50 others present");
    }
    othersPresent.forEach(person -> VideoChecks.line(person, "person present", 200));
    Objects.requireNonNull(collateralIntrusionNote, "collateral intrusion note");
    collateralIntrusionNote.ifPresent(note -> VideoChecks.text(note, "collateral intrusion note", 4000));
  }

  /** Whether this record lets the recording be imported as ordinary evidence: consent given and the caller told it is recorded. */
  public boolean permitsImport() {
    return decision == ConsentDecision.GIVEN && recordingNoticeGiven;
  }
}
