package io.evidencekit.notify.email;

import io.evidencekit.spi.SubmissionNotice;
import java.net.URI;
import java.util.Optional;

/**
 * The automatic email that tells the requesting officer evidence has arrived.
 *
 * <p>The submitter's caption is the one free text from the public in it, so the email's own lines and
 * the real link come first, and the caption comes last, under "The submitter wrote:", every line of it
 * starting with "> " (in HTML, a blockquote): a caption can never make a line that reads as ours,
 * such as a second "View the evidence:" with another address. The submitter's name is made one line
 * and follows a label. From an engine that scans, a line counts the files by scan state (and one more
 * says infected files are quarantined, when there are any). From an engine that inspects media, a list
 * says how long each file plays, the time it covers, and the same warnings the submitter saw.
 */
final class OfficerEmail {
  private OfficerEmail() {}

  static Email render(SubmissionNotice notice, SmtpSettings settings, EmailCopy copy) {
    String officer = HeaderText.line(notice.officerName());
    String submitter = HeaderText.line(notice.submitterName());
    String reference = notice.reference().value();
    String files = Phrases.files(copy, notice.fileCount());
    String size = Phrases.size(copy, notice.totalBytes());
    String received = Phrases.when(copy, notice.submittedAt(), settings.zone());
    Optional<String> caption = notice.caption().filter(c -> !UntrustedText.lines(c).isEmpty());
    Optional<URI> caseLink = notice.caseLink();
    String subject = copy.text("officer.subject", reference, files);

    StringBuilder text = new StringBuilder()
        .append(copy.text("officer.greeting", officer)).append("\n\n")
        .append(copy.text("officer.intro", reference)).append("\n\n");
    caseLink.ifPresent(l -> text.append(copy.text("officer.view", l.toASCIIString())).append("\n\n"));
    text.append(copy.text("officer.submittedBy", submitter)).append('\n')
        .append(copy.text("officer.files", files, size)).append('\n');
    notice.scans().ifPresent(c -> {
      text.append(copy.text("officer.scans", c.clean(), c.infected(), c.notScanned())).append('\n');
      if (c.infected() > 0) {
        text.append(copy.text("officer.quarantined")).append('\n');
      }
    });
    text.append(copy.text("officer.received", received)).append("\n\n");
    notice.media().filter(m -> !m.files().isEmpty()).ifPresent(m -> {
      text.append(copy.text("officer.media.heading")).append('\n');
      MediaLines.of(copy, m, settings.zone()).forEach(l -> text.append(copy.text(l.key(), l.args())).append('\n'));
      text.append('\n');
    });
    caption.ifPresent(c -> text.append(copy.text("officer.submitterWrote")).append('\n')
        .append(UntrustedText.quoted(c)).append('\n'));
    text.append(copy.text("notMonitored")).append('\n');

    StringBuilder html = new StringBuilder(HtmlPage.open(subject, copy.language()))
        .append("<p>").append(copy.html("officer.greeting", officer)).append("</p>\n")
        .append("<p>").append(copy.html("officer.intro", reference)).append("</p>\n");
    caseLink.ifPresent(l -> html.append("<p>")
        // A link the host got wrong (not http or https) is shown as text, never made clickable.
        .append(Html.anchor(l, copy.text("officer.viewLink")).orElseGet(() -> copy.html("officer.view", l.toString())))
        .append("</p>\n"));
    html.append("<ul>\n")
        .append("<li>").append(copy.html("officer.submittedBy", submitter)).append("</li>\n")
        .append("<li>").append(copy.html("officer.files", files, size)).append("</li>\n");
    notice.scans().ifPresent(c -> {
      html.append("<li>").append(copy.html("officer.scans", c.clean(), c.infected(), c.notScanned())).append("</li>\n");
      if (c.infected() > 0) {
        html.append("<li>").append(copy.html("officer.quarantined")).append("</li>\n");
      }
    });
    html.append("<li>").append(copy.html("officer.received", received)).append("</li>\n")
        .append("</ul>\n");
    notice.media().filter(m -> !m.files().isEmpty()).ifPresent(m -> {
      html.append("<p>").append(copy.html("officer.media.heading")).append("</p>\n<ul>\n");
      MediaLines.of(copy, m, settings.zone())
          .forEach(l -> html.append("<li>").append(copy.html(l.key(), l.args()).strip()).append("</li>\n"));
      html.append("</ul>\n");
    });
    caption.ifPresent(c -> html.append("<p>").append(copy.html("officer.submitterWrote")).append("</p>\n")
        .append("<blockquote style=\"margin: 0 0 1em 0; padding-left: 0.75em; border-left: 4px solid #b1b4b6;\">")
        .append(UntrustedText.html(c)).append("</blockquote>\n"));
    html.append("<p>").append(copy.html("notMonitored")).append("</p>\n").append(HtmlPage.close());
    return new Email(subject, officer, text.toString(), html.toString());
  }
}
