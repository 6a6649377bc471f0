package io.evidencekit.scan.clamav;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Whether tests that need an external program run, are skipped, or fail. Kept apart from JUnit so the
 * decision can be swapped for the project-wide one (the same rule serves chromium): absent and not
 * required skips; absent and named in {@code -Devidencekit.require=a,b} fails, so a CI machine that
 * should have the program cannot go green by skipping.
 */
record ToolRequirement(Decision decision, String message) {
  static final String PROPERTY = "evidencekit.require";

  enum Decision { RUN, SKIP, FAIL }

  static ToolRequirement decide(String tool, boolean present, @Nullable String required, String install) {
    if (present) {
      return new ToolRequirement(Decision.RUN, tool + " found");
    }
    boolean demanded = required != null && Arrays.stream(required.split(","))
        .map(s -> s.strip().toLowerCase(Locale.ROOT)).anyMatch(tool::equals);
    if (demanded) {
      return new ToolRequirement(Decision.FAIL,
          tool + " is required (-D" + PROPERTY + "=" + required + ") but was not found; install it: " + install);
    }
    return new ToolRequirement(Decision.SKIP, tool + " not found, tests that need it are skipped; install it: " + install);
  }

  static ToolRequirement decide(String tool, Optional<?> found, String install) {
    return decide(tool, found.isPresent(), System.getProperty(PROPERTY), install);
  }
}
