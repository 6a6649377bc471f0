package io.evidencekit.notify.email;

import io.evidencekit.spi.DetectionNotice;
import java.net.URI;
import java.util.Optional;

/**
 * The email that tells the requesting officer a file already released to them as clean carries malware.
 * The file's name (from the submitter's device) and the scanner's signature names are made one line each
 * and follow a label; the real link comes before them.
 */
final class DetectionEmail {
  private DetectionEmail() {}

  static Email render(DetectionNotice notice, SmtpSettings settings, EmailCopy copy) {
    String officer = HeaderText.line(notice.officerName());
    String reference = notice.reference().value();
    String file = HeaderText.line(notice.fileName());
    String detected = HeaderText.line(String.join(", ", notice.signatures()));
    String when = Phrases.when(copy, notice.detectedAt(), settings.zone());
    String sha256 = notice.sha256().hex();
    Optional<URI> caseLink = notice.caseLink();
    String subject = copy.text("detection.subject", reference);

    StringBuilder text = new StringBuilder()
        .append(copy.text("detection.greeting", officer)).append("\n\n")
        .append(copy.text("detection.intro", reference)).append("\n\n");
    caseLink.ifPresent(l -> text.append(copy.text("officer.view", l.toASCIIString())).append("\n\n"));
    text.append(copy.text("detection.file", file)).append('\n')
        .append(copy.text("detection.sha256", sha256)).append('\n')
        .append(copy.text("detection.detected", detected)).append('\n')
        .append(copy.text("detection.found", when)).append("\n\n")
        .append(copy.text("detection.advice")).append("\n\n")
        .append(copy.text("notMonitored")).append('\n');

    StringBuilder html = new StringBuilder(HtmlPage.open(subject, copy.language()))
        .append("<p>").append(copy.html("detection.greeting", officer)).append("</p>\n")
        .append("<p>").append(copy.html("detection.intro", reference)).append("</p>\n");
    caseLink.ifPresent(l -> html.append("<p>")
        .append(Html.anchor(l, copy.text("officer.viewLink")).orElseGet(() -> copy.html("officer.view", l.toString())))
        .append("</p>\n"));
    html.append("<ul>\n")
        .append("<li>").append(copy.html("detection.file", file)).append("</li>\n")
        .append("<li>").append(copy.html("detection.sha256", sha256)).append("</li>\n")
        .append("<li>").append(copy.html("detection.detected", detected)).append("</li>\n")
        .append("<li>").append(copy.html("detection.found", when)).append("</li>\n")
        .append("</ul>\n")
        .append("<p>").append(copy.html("detection.advice")).append("</p>\n")
        .append("<p>").append(copy.html("notMonitored")).append("</p>\n").append(HtmlPage.close());
    return new Email(subject, officer, text.toString(), html.toString());
  }
}
