package io.evidencekit.api.retention;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A retention category a request is classified under (MOPI group 2, community submission not relevant...).
 *
 * @param name stable key the host uses ("mopi-2")
 * @param cpiaFloor whether the rules' CPIA floor applies under this category's rules (relevant material)
 */
public record RetentionCategory(String name, String description, List<RetentionRule> rules, boolean cpiaFloor) {
  public RetentionCategory {
    Checks.line(name, "category name", 100);
    Checks.line(description, "category description", 500);
    rules = List.copyOf(Checks.present(rules, "category rules"));
    if (rules.isEmpty()) {
      throw Checks.invalid("category " + name + " has no rules");
    }
    Set<String> names = new HashSet<>();
    for (RetentionRule r : rules) {
      if (!names.add(r.name())) {
        throw Checks.invalid("category " + name + " names rule " + r.name() + " twice");
      }
      if (r.kind() == RetentionRule.Kind.CPIA_FLOOR) {
        throw Checks.invalid("category " + name + ": the CPIA floor is given once for all categories, not per category");
      }
    }
  }
}
