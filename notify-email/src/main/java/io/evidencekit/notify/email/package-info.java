/**
 * A {@link io.evidencekit.spi.Notifier} that sends the invitation and officer emails over SMTP with
 * Jakarta Mail (Angus). Start at {@link io.evidencekit.notify.email.SmtpNotifier} and
 * {@link io.evidencekit.notify.email.SmtpSettings}; everything else here is internal.
 *
 * <p>Every word of the emails comes from the message bundle {@code io/evidencekit/notify/email/Messages}
 * (British English shipped), in the language {@link io.evidencekit.notify.email.SmtpSettings#locale()}
 * names. A force translates or rewords them by adding {@code Messages_<locale>.properties} to that
 * folder on the class path; the base file says how.
 */
@NullMarked
package io.evidencekit.notify.email;

import org.jspecify.annotations.NullMarked;
