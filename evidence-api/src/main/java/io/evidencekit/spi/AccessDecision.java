package io.evidencekit.spi;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import java.util.Objects;

/**
 * A policy's answer, with the rule that decided it. The rule is recorded in the custody log, so it must
 * hold no personal data: a name such as {@code requesting-officer} or {@code role:supervisor}. Immutable.
 *
 * @param rule 1 to {@value #MAX_RULE_LENGTH} characters on one line, not blank
 */
public record AccessDecision(boolean allowed, String rule) {
  /** The longest rule, in characters. */
  public static final int MAX_RULE_LENGTH = 200;

  public AccessDecision {
    Objects.requireNonNull(rule, "rule");
    if (rule.isBlank() || rule.length() > MAX_RULE_LENGTH || rule.chars().anyMatch(Character::isISOControl)) {
      throw new EvidenceException(ErrorCode.INVALID_INPUT,
          "an access rule is 1 to " + MAX_RULE_LENGTH + " characters on one line, not blank");
    }
  }

  public static AccessDecision allow(String rule) {
    return new AccessDecision(true, rule);
  }

  public static AccessDecision deny(String rule) {
    return new AccessDecision(false, rule);
  }
}
