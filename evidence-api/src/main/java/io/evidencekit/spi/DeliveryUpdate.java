package io.evidencekit.spi;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The backend's news about one message it accepted. It carries no personal data (no address, no
 * text), so it may be logged and recorded as it is.
 *
 * @param providerMessageId the backend's id, as in {@link DeliveryReport#providerMessageId()}
 * @param messageId our {@link Notification#messageId()}, when the backend echoes it back (Notify's
 *     {@code reference}); a host should trust {@code providerMessageId} first
 * @param channel how the message went, when the backend says
 * @param providerStatus the backend's own word for the status, e.g. {@code temporary-failure}
 * @param at when the backend last changed the status (or, before any change, when it accepted the message)
 */
public record DeliveryUpdate(String providerMessageId, Optional<UUID> messageId, Optional<Channel> channel,
    DeliveryStatus status, String providerStatus, Instant at) {

  public DeliveryUpdate {
    requireToken(providerMessageId, "providerMessageId");
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(status, "status");
    requireToken(providerStatus, "providerStatus");
    Objects.requireNonNull(at, "at");
  }

  /** Short, printable, one word: these values come from outside and end up in logs. */
  private static void requireToken(String value, String what) {
    Objects.requireNonNull(value, what);
    if (value.isEmpty() || value.length() > 100 || !value.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw new EvidenceException(ErrorCode.INVALID_INPUT, what + " must be 1 to 100 printable ASCII characters");
    }
  }
}
