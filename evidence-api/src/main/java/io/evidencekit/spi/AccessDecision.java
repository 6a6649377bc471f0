package io.evidencekit.spi;

import java.util.Objects;

/**
 * A policy's answer, with the rule that decided it (recorded in the custody log, so it must hold no
 * personal data).
 */
public record AccessDecision(boolean allowed, String rule) {
  public AccessDecision {
    Objects.requireNonNull(rule, "rule");
  }

  public static AccessDecision allow(String rule) {
    return new AccessDecision(true, rule);
  }

  public static AccessDecision deny(String rule) {
    return new AccessDecision(false, rule);
  }
}
