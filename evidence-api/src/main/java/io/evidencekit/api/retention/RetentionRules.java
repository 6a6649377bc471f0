package io.evidencekit.api.retention;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Every category a force uses, and the CPIA floor applied under those that ask for it.
 *
 * @param version a label recorded with each disposal ("kent-2026-01")
 */
public record RetentionRules(String version, List<RetentionCategory> categories, Optional<RetentionRule> cpiaFloor) {
  public RetentionRules {
    Checks.line(version, "rules version", 100);
    categories = List.copyOf(Checks.present(categories, "categories"));
    Checks.present(cpiaFloor, "cpiaFloor");
    Set<String> names = new HashSet<>();
    for (RetentionCategory c : categories) {
      if (!names.add(c.name())) {
        throw Checks.invalid("category " + c.name() + " is defined twice");
      }
    }
    if (cpiaFloor.isPresent() && cpiaFloor.get().kind() != RetentionRule.Kind.CPIA_FLOOR) {
      throw Checks.invalid("the CPIA floor rule must be of kind CPIA_FLOOR");
    }
  }

  public Optional<RetentionCategory> category(String name) {
    return categories.stream().filter(c -> c.name().equals(name)).findFirst();
  }
}
