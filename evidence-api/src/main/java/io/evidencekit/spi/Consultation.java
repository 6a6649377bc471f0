package io.evidencekit.spi;

import io.evidencekit.api.Actor;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A completed video consultation as a {@link VideoSource} lists it. Holds personal data (the caller, the
 * consent record): never put it whole in a message or a log line.
 *
 * @param id the platform's id
 * @param callReference the incident or call reference the officer attached (a 999/101 call log number)
 * @param officer the officer who held the call, as the platform identifies them
 * @param caller the caller, as the platform names them
 * @param start when the video call began
 * @param end when it ended; not before {@code start}
 * @param recordings every recording the platform made, in the platform's order; ids unique; may be empty
 * @param consent the consent record, empty when the platform has none
 */
public record Consultation(ConsultationId id, String callReference, Actor.Officer officer, String caller,
    Instant start, Instant end, List<Recording> recordings, Optional<Consent> consent) {
  public Consultation {
    Objects.requireNonNull(id, "consultation id");
    VideoChecks.line(callReference, "call reference", 64);
    Objects.requireNonNull(officer, "officer");
    VideoChecks.line(caller, "caller", 200);
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    if (end.isBefore(start)) {
      throw VideoChecks.invalid("a consultation cannot end before it starts");
    }
    recordings = List.copyOf(recordings);
    var ids = new HashSet<RecordingId>();
    for (Recording r : recordings) {
      if (!ids.add(r.id())) {
        throw VideoChecks.invalid("recording ids must be unique within a consultation");
      }
    }
    Objects.requireNonNull(consent, "consent");
  }

  /** The recording with this id. */
  public Optional<Recording> recording(RecordingId recording) {
    return recordings.stream().filter(r -> r.id().equals(recording)).findFirst();
  }
}
