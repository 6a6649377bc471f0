/**
 * A {@link io.evidencekit.spi.Notifier} over GOV.UK Notify: invitations and officer notices as text
 * messages and emails from the force's Notify templates, delivery status by polling
 * ({@link io.evidencekit.notify.govuk.NotifyNotifier#deliveryStatus}) and by Notify's delivery-receipt
 * callback ({@link io.evidencekit.notify.govuk.NotifyCallbackServlet}). Start at
 * {@link io.evidencekit.notify.govuk.NotifySettings} and {@link io.evidencekit.notify.govuk.NotifyNotifier};
 * the package-private classes are internal.
 */
@NullMarked
package io.evidencekit.notify.govuk;

import org.jspecify.annotations.NullMarked;
