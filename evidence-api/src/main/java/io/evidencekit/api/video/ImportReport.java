package io.evidencekit.api.video;

import io.evidencekit.spi.RefusedEntry;
import java.util.List;
import java.util.Optional;

/**
 * What one import pass did.
 *
 * @param consultations what became of each consultation looked at in this pass, in listing order
 * @param recordingsImported recordings stored and recorded as items by this pass
 * @param deletedAtSource recordings the source confirmed deleted in this pass (verified copies, or discarded)
 * @param deletionsFailed deletions asked for and not confirmed; retried by a later pass
 * @param verificationsFailed stored copies that did not match (our hash or the platform's checksum): kept at source
 * @param refused what the source found and could not list (malformed manifests...): fix at the source
 * @param listingFailure why the source could not be listed this time (the pass still did the work left from
 *     earlier passes); empty when it listed everything new
 */
public record ImportReport(List<ConsultationOutcome> consultations, int recordingsImported, int deletedAtSource,
    int deletionsFailed, int verificationsFailed, List<RefusedEntry> refused, Optional<String> listingFailure) {
  public ImportReport {
    consultations = List.copyOf(consultations);
    Checks.atLeast(recordingsImported, 0, "recordings imported");
    Checks.atLeast(deletedAtSource, 0, "deleted at source");
    Checks.atLeast(deletionsFailed, 0, "deletions failed");
    Checks.atLeast(verificationsFailed, 0, "verifications failed");
    refused = List.copyOf(refused);
    Checks.present(listingFailure, "listing failure");
  }

  /** How many consultations of this pass ended with {@code outcome}. */
  public long count(ConsultationOutcome.Outcome outcome) {
    return consultations.stream().filter(c -> c.outcome() == outcome).count();
  }
}
