package io.evidencekit.api.video;

import io.evidencekit.api.ItemId;
import io.evidencekit.api.RequestId;
import io.evidencekit.spi.ConsultationId;
import io.evidencekit.spi.RecordingId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the engine knows of a consultation it has listed.
 *
 * @param recordings each recording the engine has dealt with, in the platform's order
 * @param underHold a complaint or IPCO referral put its items under a legal hold
 */
public record ConsultationStatus(ConsultationId consultation, RequestId request, State state,
    Optional<HeldConsultation.HeldReason> heldReason, List<RecordingStatus> recordings, boolean underHold) {
  public enum State {
    /** Its recordings are being, or have been, imported as evidence. */
    IMPORTED,
    /** Held for a supervisor's decision. */
    HELD_FOR_DECISION,
    /** A supervisor decided to discard it at the source without import. */
    DISCARDED
  }

  /**
   * One recording.
   *
   * @param item the item it was imported as; empty if not imported
   * @param missing the platform listed it as missing: never deleted at source
   * @param verifiedAt when the stored copy was verified against our hash (and the platform's checksum)
   * @param deletedAtSource when the source confirmed its deletion
   */
  public record RecordingStatus(RecordingId recording, Optional<ItemId> item, boolean missing,
      Optional<Instant> verifiedAt, Optional<Instant> deletedAtSource) {
    public RecordingStatus {
      Checks.present(recording, "recording");
      Checks.present(item, "item");
      Checks.present(verifiedAt, "verified at");
      Checks.present(deletedAtSource, "deleted at source");
    }
  }

  public ConsultationStatus {
    Checks.present(consultation, "consultation");
    Checks.present(request, "request");
    Checks.present(state, "state");
    Checks.present(heldReason, "held reason");
    recordings = List.copyOf(recordings);
  }
}
