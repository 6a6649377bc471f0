package io.evidencekit.core.notify;

import io.evidencekit.spi.Channel;
import io.evidencekit.spi.Notifier;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which notifier carries each channel: the first registered that serves it. The outbox sends through it,
 * asks it for delivery status, and holds back every channel it carries when it asks to slow down.
 * Immutable; thread-safe.
 */
public final class Notifiers {
  private final List<Notifier> notifiers;

  public Notifiers(List<Notifier> notifiers) {
    this.notifiers = List.copyOf(notifiers);
  }

  public Optional<Notifier> forChannel(Channel channel) {
    return notifiers.stream().filter(n -> n.channels().contains(channel)).findFirst();
  }

  /** The channels this notifier carries (those it serves that no earlier notifier took). */
  Set<Channel> carriedBy(Notifier notifier) {
    Set<Channel> carried = EnumSet.noneOf(Channel.class);
    for (Channel c : Channel.values()) {
      if (forChannel(c).filter(n -> n == notifier).isPresent()) {
        carried.add(c);
      }
    }
    return carried;
  }

  /** Every channel some notifier serves. */
  public Set<Channel> served() {
    Set<Channel> served = EnumSet.noneOf(Channel.class);
    notifiers.forEach(n -> served.addAll(n.channels()));
    return served;
  }
}
