package io.evidencekit.notify.email;

import io.evidencekit.spi.DetectionNotice;
import java.net.URI;
import java.util.Optional;

/** The email that tells the requesting officer a file already released to them as clean carries malware. */
final class DetectionEmail {
  static final String ADVICE = "If you opened or copied this file, treat that copy as infected and tell your IT "
      + "security team. The original is kept unchanged as evidence.";

  private DetectionEmail() {}

  static Email render(DetectionNotice notice, SmtpSettings settings) {
    String officer = HeaderText.line(notice.officerName());
    String reference = notice.reference().value();
    String file = HeaderText.line(notice.fileName());
    String detected = HeaderText.line(String.join(", ", notice.signatures()));
    String when = Phrases.when(notice.detectedAt(), settings.zone());
    String intro = "A file submitted for Community Request ID " + reference + " was released to you as clean, but a "
        + "later malware scan found something in it. The file is now quarantined.";
    Optional<URI> caseLink = notice.caseLink();
    String subject = "Malware found in evidence: " + reference;

    StringBuilder text = new StringBuilder()
        .append("Hello ").append(officer).append(",\n\n")
        .append(intro).append("\n\n")
        .append("File: ").append(file).append('\n')
        .append("SHA-256: ").append(notice.sha256().hex()).append('\n')
        .append("Detected: ").append(detected).append('\n')
        .append("Found: ").append(when).append("\n\n")
        .append(ADVICE).append("\n\n");
    caseLink.ifPresent(l -> text.append("View the evidence: ").append(l.toASCIIString()).append("\n\n"));
    text.append(InvitationEmail.NOT_MONITORED).append('\n');

    StringBuilder html = new StringBuilder(HtmlPage.open(subject))
        .append("<p>Hello ").append(Html.escape(officer)).append(",</p>\n")
        .append("<p>").append(Html.escape(intro)).append("</p>\n")
        .append("<ul>\n")
        .append("<li>File: ").append(Html.escape(file)).append("</li>\n")
        .append("<li>SHA-256: ").append(notice.sha256().hex()).append("</li>\n")
        .append("<li>Detected: ").append(Html.escape(detected)).append("</li>\n")
        .append("<li>Found: ").append(Html.escape(when)).append("</li>\n</ul>\n")
        .append("<p>").append(Html.escape(ADVICE)).append("</p>\n");
    caseLink.ifPresent(l -> html.append("<p>")
        .append(Html.anchor(l, "View the evidence").orElseGet(() -> Html.escape(l.toString())))
        .append("</p>\n"));
    html.append("<p>").append(InvitationEmail.NOT_MONITORED).append("</p>\n").append(HtmlPage.close());
    return new Email(subject, officer, text.toString(), html.toString());
  }
}
