package io.evidencekit.verify;

import java.util.List;

/**
 * What {@link BagVerifier} found in a disclosure package: the checks that passed (sentences a report
 * can quote) and every problem, each naming the file or event it concerns. Valid exactly when there
 * is no problem. Immutable.
 */
public record BagReport(List<String> checked, List<String> problems) {
  public BagReport {
    checked = List.copyOf(checked);
    problems = List.copyOf(problems);
  }

  public boolean valid() {
    return problems.isEmpty();
  }
}
