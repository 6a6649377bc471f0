package io.evidencekit.spi;

import java.util.Objects;
import java.util.Optional;

/**
 * What happened to one delivery attempt.
 *
 * @param detail a short explanation, kept in the custody log: never the message body, a token, a password,
 *     an address or a name ({@code NotifierContract.detailHoldsNoPersonalData})
 * @param providerMessageId the backend's id for the message, when it gives one
 */
public record DeliveryReport(Outcome outcome, String detail, Optional<String> providerMessageId) {

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
  }

  public static DeliveryReport delivered(String providerMessageId) {
    return new DeliveryReport(Outcome.DELIVERED, "accepted", Optional.of(providerMessageId));
  }

  public static DeliveryReport retry(String detail) {
    return new DeliveryReport(Outcome.RETRY, detail, Optional.empty());
  }

  public static DeliveryReport rejected(String detail) {
    return new DeliveryReport(Outcome.REJECTED, detail, Optional.empty());
  }
}
