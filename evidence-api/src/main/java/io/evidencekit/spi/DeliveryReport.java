package io.evidencekit.spi;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What happened to one delivery attempt.
 *
 * @param detail a short explanation, kept in the custody log: never the message body, a token, a password,
 *     an address or a name ({@code NotifierContract.detailHoldsNoPersonalData})
 * @param providerMessageId the backend's id for the message, when it gives one (for GOV.UK Notify, its
 *     notification id, which {@link Notifier#deliveryStatus} and a {@link DeliveryListener} report on)
 * @param retryAfter with {@link Outcome#RETRY} only: the backend asked us to slow down (rate or daily
 *     limit); send nothing more through this notifier before this long has passed. The message itself is
 *     fine: the attempt should not count against it.
 * @param misconfigured with {@link Outcome#RETRY} only: the notifier's configuration is wrong (a revoked
 *     API key, a clock out of step, an unknown template). Every message fails the same way until an
 *     operator fixes it, so the host should alert someone rather than fail the message.
 */
public record DeliveryReport(Outcome outcome, String detail, Optional<String> providerMessageId,
    Optional<Duration> retryAfter, boolean misconfigured) {

  public enum Outcome {
    /** Accepted by the backend (e.g. the SMTP server queued it). */
    DELIVERED,
    /** Failed for a reason that may pass (server down, busy, greylisted): the engine retries later. */
    RETRY,
    /** Will never succeed (no such mailbox, unsupported channel): the engine stops and records why. */
    REJECTED
  }

  public DeliveryReport {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(detail, "detail");
    Objects.requireNonNull(providerMessageId, "providerMessageId");
    Objects.requireNonNull(retryAfter, "retryAfter");
    if (outcome != Outcome.RETRY && (retryAfter.isPresent() || misconfigured)) {
      throw new EvidenceException(ErrorCode.INTERNAL, "retryAfter and misconfigured go only with RETRY");
    }
    if (retryAfter.isPresent() && (retryAfter.get().isNegative() || retryAfter.get().isZero())) {
      throw new EvidenceException(ErrorCode.INTERNAL, "retryAfter must be positive");
    }
  }

  /** The original three-part report: no back-off hint, not a configuration problem. */
  public DeliveryReport(Outcome outcome, String detail, Optional<String> providerMessageId) {
    this(outcome, detail, providerMessageId, Optional.empty(), false);
  }

  public static DeliveryReport delivered(String providerMessageId) {
    return new DeliveryReport(Outcome.DELIVERED, "accepted", Optional.of(providerMessageId));
  }

  public static DeliveryReport retry(String detail) {
    return new DeliveryReport(Outcome.RETRY, detail, Optional.empty());
  }

  /** The backend is over a rate or quota: retry, but not through this notifier before {@code wait}. */
  public static DeliveryReport retryAfter(String detail, Duration wait) {
    return new DeliveryReport(Outcome.RETRY, detail, Optional.empty(), Optional.of(wait), false);
  }

  /** The notifier's configuration is wrong: retry once it is fixed, and tell an operator. */
  public static DeliveryReport misconfigured(String detail) {
    return new DeliveryReport(Outcome.RETRY, detail, Optional.empty(), Optional.empty(), true);
  }

  public static DeliveryReport rejected(String detail) {
    return new DeliveryReport(Outcome.REJECTED, detail, Optional.empty());
  }
}
