package io.evidencekit.notify.email;

import io.evidencekit.spi.InvitationNotice;

/** The email that asks a member of the public for evidence, in the force's own wording. */
final class InvitationEmail {
  static final String NOT_MONITORED = "Replies to this message are not monitored.";

  private InvitationEmail() {}

  /**
   * Renders the notice. The caller has checked that the link is an http(s) URL.
   *
   * <p>Names are flattened to one line even in the body: a line break inside a greeting is never
   * intended and would make the sentence read as two.
   */
  static Email render(InvitationNotice notice, SmtpSettings settings) {
    String recipient = HeaderText.line(notice.recipientName());
    String officer = HeaderText.line(notice.officerName());
    String force = settings.forceName();
    String reference = notice.reference().value();
    String link = notice.link().toASCIIString();
    String validFor = "Link is valid for " + Phrases.validity(notice.validity());
    String expires = "It expires at " + Phrases.when(notice.expiresAt(), settings.zone()) + ".";
    String hello = "Hello " + recipient + ", " + officer + " has requested evidence from you."
        + " Please use the link provided to view your request and submit evidence.";
    String questions = "If you have questions, please contact " + force + " with Community Request ID " + reference;
    String subject = "Evidence request " + reference + " from " + force;

    String text = hello + "\n\n"
        + questions + "\n\n"
        + link + "\n\n"
        + validFor + "\n"
        + expires + "\n\n"
        + "Description\n"
        + notice.description() + "\n\n"
        + NOT_MONITORED + "\n";

    String html = HtmlPage.open(subject)
        + "<p>" + Html.escape(hello) + "</p>\n"
        + "<p>If you have questions, please contact " + Html.escape(force)
        + " with Community Request ID <strong>" + Html.escape(reference) + "</strong></p>\n"
        + "<p>" + Html.anchor(notice.link(), link).orElseThrow() + "</p>\n"
        + "<p>" + Html.escape(validFor) + "<br>\n" + Html.escape(expires) + "</p>\n"
        + "<h2>Description</h2>\n"
        + "<p>" + Html.paragraphText(notice.description()) + "</p>\n"
        + "<p>" + NOT_MONITORED + "</p>\n"
        + HtmlPage.close();
    return new Email(subject, recipient, text, html);
  }
}
