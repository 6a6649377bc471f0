/**
 * A {@link io.evidencekit.spi.Notifier} that sends the invitation and officer emails over SMTP with
 * Jakarta Mail (Angus). Start at {@link io.evidencekit.notify.email.SmtpNotifier} and
 * {@link io.evidencekit.notify.email.SmtpSettings}; everything else here is internal.
 */
@NullMarked
package io.evidencekit.notify.email;

import org.jspecify.annotations.NullMarked;
