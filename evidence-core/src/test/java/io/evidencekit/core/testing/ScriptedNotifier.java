package io.evidencekit.core.testing;

import io.evidencekit.spi.Channel;
import io.evidencekit.spi.DeliveryReport;
import io.evidencekit.spi.DeliveryStatus;
import io.evidencekit.spi.DeliveryUpdate;
import io.evidencekit.spi.Notification;
import io.evidencekit.spi.Notifier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A notification backend the test scripts, as GOV.UK Notify behaves: each accepted message gets an id of
 * its own, whose status the test moves on and {@link #deliveryStatus} reports; answers can be queued
 * (a limit reached, a bad key) or the backend switched down. Keeps every attempt. Thread-safe.
 */
public final class ScriptedNotifier implements Notifier {
  /** One call to {@link #send}: the message, and what it was answered. */
  public record Attempt(Notification notification, DeliveryReport report) {}

  private final Set<Channel> channels;
  private final ConcurrentLinkedDeque<DeliveryReport> script = new ConcurrentLinkedDeque<>();
  private final List<Attempt> attempts = new CopyOnWriteArrayList<>();
  private final Map<String, DeliveryUpdate> statuses = new ConcurrentHashMap<>();
  private final Map<UUID, String> latestProviderId = new ConcurrentHashMap<>();
  private final AtomicBoolean down = new AtomicBoolean();
  private final AtomicInteger nextId = new AtomicInteger();
  private final AtomicInteger statusQueries = new AtomicInteger();

  public ScriptedNotifier(Set<Channel> channels) {
    this.channels = Set.copyOf(channels);
  }

  /** The next sends get these answers, in order, whatever else holds. */
  public void answerNext(DeliveryReport... reports) {
    script.addAll(List.of(reports));
  }

  /** While down every send is answered RETRY, as an unreachable server's is. */
  public void down(boolean isDown) {
    down.set(isDown);
  }

  public List<Attempt> attempts() {
    return List.copyOf(attempts);
  }

  /** The messages the backend accepted, in order. */
  public List<Notification> accepted() {
    List<Notification> out = new ArrayList<>();
    attempts.stream().filter(a -> a.report().outcome() == DeliveryReport.Outcome.DELIVERED)
        .forEach(a -> out.add(a.notification()));
    return out;
  }

  /** The backend's id for the latest acceptance of our message {@code messageId}. */
  public String providerId(UUID messageId) {
    return Optional.ofNullable(latestProviderId.get(messageId)).orElseThrow();
  }

  /** The backend's news about a message it accepted, as a receipt or a status check would carry it. */
  public DeliveryUpdate update(UUID messageId, DeliveryStatus status, Instant at) {
    String id = providerId(messageId);
    Channel channel = accepted().stream().filter(n -> n.messageId().equals(messageId)).findFirst().orElseThrow().channel();
    return new DeliveryUpdate(id, Optional.of(messageId), Optional.of(channel), status,
        status.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'), at);
  }

  /** From now on {@link #deliveryStatus} reports {@code status} for the latest acceptance of the message. */
  public void moveTo(UUID messageId, DeliveryStatus status, Instant at) {
    statuses.put(providerId(messageId), update(messageId, status, at));
  }

  /** The backend forgets the message (past its retention): {@link #deliveryStatus} answers empty. */
  public void forget(UUID messageId) {
    statuses.remove(providerId(messageId));
  }

  public int statusQueries() {
    return statusQueries.get();
  }

  @Override
  public Set<Channel> channels() {
    return channels;
  }

  @Override
  public DeliveryReport send(Notification notification) {
    DeliveryReport scripted = script.poll();
    DeliveryReport report;
    if (scripted != null) {
      report = scripted;
    } else if (down.get()) {
      report = DeliveryReport.retry("connection refused");
    } else {
      report = DeliveryReport.delivered("provider-" + nextId.incrementAndGet());
    }
    if (report.outcome() == DeliveryReport.Outcome.DELIVERED) {
      String id = report.providerMessageId().orElseThrow();
      latestProviderId.put(notification.messageId(), id);
      statuses.put(id, new DeliveryUpdate(id, Optional.of(notification.messageId()), Optional.of(notification.channel()),
          DeliveryStatus.QUEUED, "created", Instant.EPOCH));
    }
    attempts.add(new Attempt(notification, report));
    return report;
  }

  @Override
  public boolean reportsDeliveryStatus() {
    return true;
  }

  @Override
  public Optional<DeliveryUpdate> deliveryStatus(String providerMessageId) {
    statusQueries.incrementAndGet();
    return Optional.ofNullable(statuses.get(providerMessageId));
  }
}
