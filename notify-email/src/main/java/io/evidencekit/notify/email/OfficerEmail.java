package io.evidencekit.notify.email;

import io.evidencekit.spi.SubmissionNotice;
import java.net.URI;
import java.util.Optional;

/** The automatic email that tells the requesting officer evidence has arrived. */
final class OfficerEmail {
  private OfficerEmail() {}

  static Email render(SubmissionNotice notice, SmtpSettings settings) {
    String officer = HeaderText.line(notice.officerName());
    String submitter = HeaderText.line(notice.submitterName());
    String reference = notice.reference().value();
    String files = Phrases.files(notice.fileCount());
    String filesLine = files + " (" + Phrases.size(notice.totalBytes()) + ")";
    String received = Phrases.when(notice.submittedAt(), settings.zone());
    String intro = "Evidence has been submitted for Community Request ID " + reference + ".";
    Optional<String> caption = notice.caption().filter(c -> !c.isBlank());
    Optional<URI> caseLink = notice.caseLink();
    String subject = "Evidence received: " + reference + " (" + files + ")";

    StringBuilder text = new StringBuilder()
        .append("Hello ").append(officer).append(",\n\n")
        .append(intro).append("\n\n")
        .append("Submitted by: ").append(submitter).append('\n')
        .append("Files: ").append(filesLine).append('\n');
    caption.ifPresent(c -> text.append("Caption: ").append(c).append('\n'));
    text.append("Received: ").append(received).append("\n\n");
    caseLink.ifPresent(l -> text.append("View the evidence: ").append(l.toASCIIString()).append("\n\n"));
    text.append(InvitationEmail.NOT_MONITORED).append('\n');

    StringBuilder html = new StringBuilder(HtmlPage.open(subject))
        .append("<p>Hello ").append(Html.escape(officer)).append(",</p>\n")
        .append("<p>").append(Html.escape(intro)).append("</p>\n")
        .append("<ul>\n")
        .append("<li>Submitted by: ").append(Html.escape(submitter)).append("</li>\n")
        .append("<li>Files: ").append(Html.escape(filesLine)).append("</li>\n");
    caption.ifPresent(c -> html.append("<li>Caption: ").append(Html.paragraphText(c)).append("</li>\n"));
    html.append("<li>Received: ").append(Html.escape(received)).append("</li>\n</ul>\n");
    caseLink.ifPresent(l -> html.append("<p>")
        // A link the host got wrong (not http or https) is shown as text, never made clickable.
        .append(Html.anchor(l, "View the evidence").orElseGet(() -> Html.escape(l.toString())))
        .append("</p>\n"));
    html.append("<p>").append(InvitationEmail.NOT_MONITORED).append("</p>\n").append(HtmlPage.close());
    return new Email(subject, officer, text.toString(), html.toString());
  }
}
