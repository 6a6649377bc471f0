package io.evidencekit.core.testing;

import io.evidencekit.spi.Channel;
import io.evidencekit.spi.DeliveryReport;
import io.evidencekit.spi.Notification;
import io.evidencekit.spi.Notifier;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** Keeps what it is asked to send; can be switched "down" to answer RETRY, as an unreachable server does. */
public final class RecordingNotifier implements Notifier {
  private final List<Notification> sent = new CopyOnWriteArrayList<>();
  private final AtomicBoolean down = new AtomicBoolean();
  private final AtomicInteger attempts = new AtomicInteger();
  private final Set<Channel> channels;

  public RecordingNotifier(Set<Channel> channels) {
    this.channels = Set.copyOf(channels);
  }

  public void down(boolean isDown) {
    down.set(isDown);
  }

  public List<Notification> sent() {
    return List.copyOf(sent);
  }

  public int attempts() {
    return attempts.get();
  }

  @Override
  public Set<Channel> channels() {
    return channels;
  }

  @Override
  public DeliveryReport send(Notification notification) {
    attempts.incrementAndGet();
    if (down.get()) {
      return DeliveryReport.retry("connection refused");
    }
    sent.add(notification);
    return DeliveryReport.delivered("rec-" + notification.messageId());
  }
}
