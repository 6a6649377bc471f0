package io.evidencekit.tck.selftest;

import io.evidencekit.spi.Channel;
import io.evidencekit.spi.DeliveryReport;
import io.evidencekit.spi.InvitationNotice;
import io.evidencekit.spi.Notification;
import io.evidencekit.spi.Notifier;
import io.evidencekit.spi.SubmissionNotice;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;

/**
 * A notifier that writes French, by email and by text message, into a {@link TextBackend}: the kit must
 * pass it without knowing a word of it. {@code tamper} lets a test break what it writes.
 */
final class FrenchNotifier implements Notifier {
  private final TextBackend backend;
  private final boolean reachable;
  private final UnaryOperator<String> tamper;
  private final AtomicBoolean closed = new AtomicBoolean();

  FrenchNotifier(TextBackend backend, boolean reachable, UnaryOperator<String> tamper) {
    this.backend = backend;
    this.reachable = reachable;
    this.tamper = tamper;
  }

  @Override
  public Set<Channel> channels() {
    return Set.of(Channel.EMAIL, Channel.SMS);
  }

  @Override
  public DeliveryReport send(Notification notification) {
    if (closed.get() || !reachable) {
      return DeliveryReport.retry("passerelle injoignable");
    }
    backend.accept(notification.to(), tamper.apply(render(notification)));
    return DeliveryReport.delivered("fr-" + notification.messageId());
  }

  @Override
  public void close() {
    closed.set(true);
  }

  private static String render(Notification notification) {
    if (notification instanceof InvitationNotice invitation) {
      return "Objet : demande de preuves " + invitation.reference() + "\n\n"
          + "Bonjour " + oneLine(invitation.recipientName()) + ",\n"
          + oneLine(invitation.officerName()) + " vous demande des preuves pour l'affaire " + invitation.reference()
          + " :\n" + invitation.description() + "\n"
          + "Déposez-les ici : " + invitation.link() + "\n"
          + "Ne répondez pas à ce message.";
    }
    SubmissionNotice submission = (SubmissionNotice) notification;
    return "Objet : preuves reçues " + submission.reference() + "\n\n"
        + "Déposées par " + oneLine(submission.submitterName()) + " : " + submission.fileCount() + " fichier(s)\n"
        + submission.caption().map(c -> "Légende : " + c + "\n").orElse("")
        + submission.caseLink().map(l -> "Consulter : " + l + "\n").orElse("");
  }

  private static String oneLine(String text) {
    return text.replaceAll("[\\r\\n]+", " ");
  }
}
