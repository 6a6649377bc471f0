package io.evidencekit.notify.email;

import io.evidencekit.spi.SubmissionNotice;
import java.net.URI;
import java.util.Optional;

/** The automatic email that tells the requesting officer evidence has arrived. */
final class OfficerEmail {
  static final String QUARANTINED =
      "Infected files are quarantined: they open only through an authorised officer's override.";

  private OfficerEmail() {}

  /** "Malware scan: 2 clean, 1 infected, 1 not scanned yet" (the notice waits for scans, but not for ever). */
  static String scanLine(SubmissionNotice.ScanCounts c) {
    return "Malware scan: " + c.clean() + " clean, " + c.infected() + " infected, " + c.notScanned() + " not scanned yet";
  }

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
    Optional<String> scanLine = notice.scans().map(OfficerEmail::scanLine);
    Optional<String> quarantine = notice.scans().filter(c -> c.infected() > 0).map(c -> QUARANTINED);

    StringBuilder text = new StringBuilder()
        .append("Hello ").append(officer).append(",\n\n")
        .append(intro).append("\n\n")
        .append("Submitted by: ").append(submitter).append('\n')
        .append("Files: ").append(filesLine).append('\n');
    scanLine.ifPresent(l -> text.append(l).append('\n'));
    quarantine.ifPresent(q -> text.append(q).append('\n'));
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
    scanLine.ifPresent(l -> html.append("<li>").append(Html.escape(l)).append("</li>\n"));
    quarantine.ifPresent(q -> html.append("<li>").append(Html.escape(q)).append("</li>\n"));
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
