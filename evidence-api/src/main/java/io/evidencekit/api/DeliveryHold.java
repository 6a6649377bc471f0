package io.evidencekit.api;

import io.evidencekit.spi.Channel;
import java.time.Instant;
import java.util.Objects;

/**
 * A channel on which the engine is holding messages back, for every engine on the database: the backend
 * asked it to slow down (a rate or daily limit), or the notifier's configuration is wrong (a revoked key,
 * an unknown template) and an operator must fix it. Messages wait; no attempt is counted against them.
 *
 * @param channel the channel held
 * @param misconfigured true for a configuration problem, false for a limit the backend set
 * @param since when this hold began
 * @param until when the engine tries the channel again (a configuration problem is probed now and then)
 * @param detail the notifier's explanation, never a key or personal data
 */
public record DeliveryHold(Channel channel, boolean misconfigured, Instant since, Instant until, String detail) {
  public DeliveryHold {
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(since, "since");
    Objects.requireNonNull(until, "until");
    Objects.requireNonNull(detail, "detail");
  }
}
