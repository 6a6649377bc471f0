package io.evidencekit.examples;

import io.evidencekit.spi.Channel;
import io.evidencekit.spi.DeliveryReport;
import io.evidencekit.spi.DeliveryUpdate;
import io.evidencekit.spi.InvitationNotice;
import io.evidencekit.spi.Notification;
import io.evidencekit.spi.Notifier;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * How a host splits its messages between backends: invitations to the public go by email and text
 * message through GOV.UK Notify, from the force's Notify templates; the notice to the officer stays on the
 * force's own mail relay. Delivery status comes from Notify (the relay's ids are not Notify's, which
 * Notify's notifier says, and the engine then stops asking). Thread-safe as its two notifiers are; closes
 * neither (the host does).
 */
final class InvitationsThroughNotify implements Notifier {
  private final Notifier notify;
  private final Notifier officerMail;

  InvitationsThroughNotify(Notifier notify, Notifier officerMail) {
    this.notify = notify;
    this.officerMail = officerMail;
  }

  @Override
  public Set<Channel> channels() {
    Set<Channel> all = EnumSet.copyOf(notify.channels());
    all.addAll(officerMail.channels());
    return all;
  }

  @Override
  public DeliveryReport send(Notification notification) {
    return notification instanceof InvitationNotice ? notify.send(notification) : officerMail.send(notification);
  }

  @Override
  public boolean reportsDeliveryStatus() {
    return notify.reportsDeliveryStatus();
  }

  @Override
  public Optional<DeliveryUpdate> deliveryStatus(String providerMessageId) {
    return notify.deliveryStatus(providerMessageId);
  }
}
