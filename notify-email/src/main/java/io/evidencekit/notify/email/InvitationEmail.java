package io.evidencekit.notify.email;

import io.evidencekit.notify.email.EmailCopy.Markup;
import io.evidencekit.spi.InvitationNotice;

/** The email that asks a member of the public for evidence, in the words of the force's bundle. */
final class InvitationEmail {
  private InvitationEmail() {}

  /**
   * Renders the notice. The caller has checked that the link is an http(s) URL.
   *
   * <p>Names are flattened to one line even in the body: a line break inside a greeting is never
   * intended and would make the sentence read as two.
   */
  static Email render(InvitationNotice notice, SmtpSettings settings, EmailCopy copy) {
    String recipient = HeaderText.line(notice.recipientName());
    String officer = HeaderText.line(notice.officerName());
    String force = settings.forceName();
    String reference = notice.reference().value();
    String link = notice.link().toASCIIString();
    String validity = Phrases.validity(copy, notice.validity());
    String expiry = Phrases.when(copy, notice.expiresAt(), settings.zone());
    String subject = copy.text("invitation.subject", reference, force);

    String text = copy.text("invitation.greeting", recipient, officer) + "\n\n"
        + copy.text("invitation.questions", force, reference) + "\n\n"
        + link + "\n\n"
        + copy.text("invitation.validFor", validity) + "\n"
        + copy.text("invitation.expires", expiry) + "\n\n"
        + copy.text("invitation.description") + "\n"
        + String.join("\n", UntrustedText.lines(notice.description())) + "\n\n"
        + copy.text("notMonitored") + "\n";

    String html = HtmlPage.open(subject, copy.language())
        + "<p>" + copy.html("invitation.greeting", recipient, officer) + "</p>\n"
        + "<p>" + copy.html("invitation.questions", force,
            new Markup("<strong>" + Html.escape(reference) + "</strong>")) + "</p>\n"
        + "<p>" + Html.anchor(notice.link(), link).orElseThrow() + "</p>\n"
        + "<p>" + copy.html("invitation.validFor", validity) + "<br>\n" + copy.html("invitation.expires", expiry) + "</p>\n"
        + "<h2>" + copy.html("invitation.description") + "</h2>\n"
        + "<p>" + UntrustedText.html(notice.description()) + "</p>\n"
        + "<p>" + copy.html("notMonitored") + "</p>\n"
        + HtmlPage.close();
    return new Email(subject, recipient, text, html);
  }
}
