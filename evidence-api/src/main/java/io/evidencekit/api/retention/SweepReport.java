package io.evidencekit.api.retention;

import java.time.Instant;
import java.util.List;

/**
 * What one retention sweep did, or (dry run) would do.
 *
 * @param evaluated requests whose rules were evaluated
 * @param reviewsDue requests put on the review queue
 * @param scheduled disposals scheduled
 * @param disposed disposals carried out (each with its certificate)
 * @param held disposals that fell due under a legal hold and did not happen
 * @param lines one line per act, for people ("46/100/24: disposal scheduled under community-not-relevant")
 */
public record SweepReport(Instant asOf, boolean dryRun, int evaluated, int reviewsDue, int scheduled, int disposed,
    int held, List<String> lines) {
  public SweepReport {
    Checks.present(asOf, "asOf");
    lines = List.copyOf(lines);
  }
}
