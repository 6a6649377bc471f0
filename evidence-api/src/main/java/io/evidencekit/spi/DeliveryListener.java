package io.evidencekit.spi;

/**
 * Receives delivery news pushed by a backend (GOV.UK Notify's delivery-receipt callback). The host
 * supplies it, typically to record the status against the message.
 *
 * <p>Called from the servlet container's threads, possibly for the same message more than once (backends
 * resend receipts they think were lost) and out of order: implementations must be thread-safe and
 * idempotent, and should ignore a status older than one already recorded. Throwing tells the backend to
 * resend later.
 */
@FunctionalInterface
public interface DeliveryListener {
  void delivery(DeliveryUpdate update);
}
