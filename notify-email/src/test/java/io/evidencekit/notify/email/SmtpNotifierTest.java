package io.evidencekit.notify.email;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.evidencekit.api.EmailAddress;
import io.evidencekit.api.PhoneNumber;
import io.evidencekit.spi.DeliveryReport;
import io.evidencekit.spi.DeliveryReport.Outcome;
import io.evidencekit.spi.InvitationNotice;
import io.evidencekit.spi.Notification;
import io.evidencekit.tck.notify.SampleNotices;
import jakarta.mail.Address;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.net.URI;
import java.util.Optional;
import io.evidencekit.api.ForceReference;
import io.evidencekit.api.Sha256;
import io.evidencekit.spi.DetectionNotice;
import io.evidencekit.spi.SubmissionNotice;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("SmtpNotifier writes the emails the force specified")
class SmtpNotifierTest {
  private static final EmailAddress WITNESS = new EmailAddress("d.smith@public.example");
  private static final EmailAddress OFFICER = new EmailAddress("d.wright@force.example");

  @RegisterExtension
  static final GreenMailExtension greenMail = new GreenMailExtension(PatientServerSetup.of(ServerSetupTest.SMTP));

  @Test
  @DisplayName("the invitation reads exactly as the force's wording, with a 10-day link")
  void invitationWording() throws Exception {
    MimeMessage message = deliver(SampleNotices.invitation(WITNESS));

    assertThat(message.getSubject()).isEqualTo("Evidence request 46/00042/24 from Kent Police");
    assertThat(MailTests.text(message)).isEqualTo("""
        Hello D Smith, D. Wright has requested evidence from you. Please use the link provided to view your \
        request and submit evidence.

        If you have questions, please contact Kent Police with Community Request ID 46/00042/24

        https://evidence.force.example/r/Zx8kP2qL9mN4vB7cT1wYhG5s

        Link is valid for 10 days
        It expires at 14:02 GMT on Thursday 14 March 2024.

        Description
        Dashcam footage of the collision on the A2 near Dartford at about 17:05 on 3 March.

        Replies to this message are not monitored.
        """);
  }

  @Test
  @DisplayName("each email is multipart/alternative with a plain-text part and an HTML part")
  void plainAndHtml() throws Exception {
    MimeMessage message = deliver(SampleNotices.invitation(WITNESS));

    assertThat(message.getContentType()).startsWith("multipart/alternative");
    MimeMultipart parts = MailTests.alternative(message);
    assertThat(parts.getCount()).isEqualTo(2);
    assertThat(parts.getBodyPart(0).isMimeType("text/plain")).isTrue();
    assertThat(parts.getBodyPart(1).isMimeType("text/html")).isTrue();
    assertThat(MailTests.html(message))
        .contains("Hello D Smith, D. Wright has requested evidence from you.")
        .contains("<a href=\"https://evidence.force.example/r/Zx8kP2qL9mN4vB7cT1wYhG5s\">")
        .contains("Link is valid for 10 days")
        .contains("Replies to this message are not monitored.");
  }

  @Test
  @DisplayName("the HTML part escapes markup in names and the description")
  void htmlEscapes() throws Exception {
    MimeMessage message = deliver(SampleNotices.invitation(WITNESS, "<b>Dee</b> & \"Co\"",
        "D. <i>Wright</i>", "See <script>alert('x')</script> here <img src=x onerror=alert(1)>"));

    String html = MailTests.html(message);
    assertThat(html).doesNotContain("<script>", "<b>Dee</b>", "<i>Wright</i>", "<img");
    assertThat(html).contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;", "&lt;b&gt;Dee&lt;/b&gt; &amp; &quot;Co&quot;",
        "D. &lt;i&gt;Wright&lt;/i&gt;");
  }

  @Test
  @DisplayName("it comes from the no-reply sender with its display name, marked auto-generated, with no monitored Reply-To")
  void senderHeaders() throws Exception {
    MimeMessage message = deliver(SampleNotices.invitation(WITNESS));

    InternetAddress from = (InternetAddress) message.getFrom()[0];
    assertThat(from.getAddress()).isEqualTo("no-reply@force.example");
    assertThat(from.getPersonal()).isEqualTo("Kent Police Evidence");
    assertThat(message.getHeader("Auto-Submitted")).containsExactly("auto-generated");
    assertThat(message.getReplyTo()).extracting(Address::toString)
        .allSatisfy(a -> assertThat(a).contains("no-reply@force.example"));
  }

  @Test
  @DisplayName("the Message-ID comes from the notice, so a retried message carries the same one")
  void messageIdFromNotice() throws Exception {
    InvitationNotice notice = SampleNotices.invitation(WITNESS);
    DeliveryReport first;
    DeliveryReport second;
    try (SmtpNotifier notifier = notifier()) {
      first = notifier.send(notice);
      second = notifier.send(notice);
    }
    assertThat(greenMail.waitForIncomingEmail(5_000, 2)).isTrue();

    String expected = "<" + notice.messageId() + "@force.example>";
    assertThat(first.providerMessageId()).contains(expected);
    assertThat(second.providerMessageId()).contains(expected);
    assertThat(greenMail.getReceivedMessages())
        .extracting(m -> m.getMessageID()).containsExactly(expected, expected);
  }

  @Test
  @DisplayName("a recipient name with CR/LF adds no header, reaches nobody else, and the subject stays one line")
  void noHeaderInjection() throws Exception {
    MimeMessage message = deliver(SampleNotices.invitation(WITNESS, "D Smith\r\nBcc: evil@example.com",
        "D. Wright\nX-Injected: yes", "Line one\r\n.\r\nRCPT TO:<evil@example.com>"));

    assertThat(message.getHeader("Bcc")).isNull();
    assertThat(message.getHeader("X-Injected")).isNull();
    assertThat(message.getAllRecipients()).extracting(a -> ((InternetAddress) a).getAddress())
        .containsExactly("d.smith@public.example");
    assertThat(message.getSubject()).doesNotContain("\r", "\n");
    String raw = GreenMailUtil.getWholeMessage(message);
    String headers = raw.substring(0, raw.indexOf("\r\n\r\n"));
    assertThat(headers.lines()).noneMatch(l -> l.startsWith("Bcc") || l.startsWith("X-Injected"));
    assertThat(greenMail.getReceivedMessages()).hasSize(1);
    assertThat(greenMail.getUserManager().getUserByEmail("evil@example.com")).isNull();
    assertThat(MailTests.text(message)).startsWith("Hello D Smith Bcc: evil@example.com, D. Wright X-Injected: yes has");
  }

  @Test
  @DisplayName("non-ASCII names arrive intact in the To header, the text and the HTML")
  void nonAsciiNames() throws Exception {
    MimeMessage message = deliver(SampleNotices.invitation(WITNESS, "Zoë Ó'Brien", "Ł. Wróbel", "Café CCTV – entrance"));

    assertThat(((InternetAddress) message.getRecipients(MimeMessage.RecipientType.TO)[0]).getPersonal())
        .isEqualTo("Zoë Ó'Brien");
    assertThat(MailTests.text(message)).startsWith("Hello Zoë Ó'Brien, Ł. Wróbel has requested").contains("Café CCTV – entrance");
    assertThat(MailTests.html(message)).contains("Hello Zoë Ó&#39;Brien, Ł. Wróbel has requested");
  }

  @Test
  @DisplayName("the officer's email gives the reference and case link first, then submitter, files, size and time, then the caption quoted")
  void officerEmail() throws Exception {
    MimeMessage message = deliver(SampleNotices.submission(OFFICER, "D Smith", 3, Optional.of(SampleNotices.CAPTION),
        Optional.of(URI.create("https://case.force.example/cases/46-00042-24"))));

    assertThat(message.getSubject()).isEqualTo("Evidence received: 46/00042/24 (3 files)");
    assertThat(MailTests.text(message)).isEqualTo("""
        Hello D. Wright,

        Evidence has been submitted for Community Request ID 46/00042/24.

        View the evidence: https://case.force.example/cases/46-00042-24

        Submitted by: D Smith
        Files: 3 files (3.5 MB)
        Received: 14:02 GMT on Monday 4 March 2024

        The submitter wrote:
        > Front door camera, looking onto the street

        Replies to this message are not monitored.
        """);
    assertThat(MailTests.html(message)).contains("<a href=\"https://case.force.example/cases/46-00042-24\">View the evidence</a>")
        .contains("<p>The submitter wrote:</p>\n<blockquote", ">Front door camera, looking onto the street</blockquote>");
  }

  @Test
  @DisplayName("a caption forging a link line on a Unicode line separator arrives quoted, below the one real link")
  void forgedLinkArrivesQuoted() throws Exception {
    String fake = "View the evidence: https://case.force.example.evil.example/cases/46-00042-24";
    MimeMessage message = deliver(SampleNotices.submission(OFFICER, "D Smith", 1, Optional.of("See below\u2028" + fake),
        Optional.of(URI.create("https://case.force.example/cases/46-00042-24"))));

    String text = MailTests.text(message);
    assertThat(text.lines().filter(l -> l.startsWith("View the evidence:")))
        .containsExactly("View the evidence: https://case.force.example/cases/46-00042-24");
    assertThat(text).contains("The submitter wrote:\n> See below\n> " + fake + "\n").doesNotContain("\u2028");
  }

  @Test
  @DisplayName("a single file reads '1 file', and a case link that is not http(s) is never made clickable")
  void officerEmailEdges() throws Exception {
    MimeMessage message = deliver(SampleNotices.submission(OFFICER, "A <Witness>", 1, Optional.of("<script>x</script>"),
        Optional.of(URI.create("javascript:alert(1)"))));

    assertThat(message.getSubject()).isEqualTo("Evidence received: 46/00042/24 (1 file)");
    String html = MailTests.html(message);
    assertThat(html).doesNotContain("href=\"javascript", "<script>", "<Witness>")
        .contains("A &lt;Witness&gt;", "&lt;script&gt;x&lt;/script&gt;");
  }

  @Test
  @DisplayName("the officer's email from an engine that scans says how many files are clean, infected or not scanned yet, and that infected ones are quarantined")
  void officerEmailScanCounts() throws Exception {
    SubmissionNotice s = SampleNotices.submission(OFFICER, "D Smith", 4, Optional.empty(), Optional.empty());
    MimeMessage message = deliver(new SubmissionNotice(s.messageId(), s.reference(), s.to(), s.officerName(),
        s.submitterName(), s.fileCount(), s.totalBytes(), s.caption(), s.submittedAt(), s.caseLink(),
        Optional.of(new SubmissionNotice.ScanCounts(2, 1, 1))));

    assertThat(MailTests.text(message)).contains("""
        Files: 4 files (3.5 MB)
        Malware scan: 2 clean, 1 infected, 1 not scanned yet
        Infected files are quarantined: they open only through an authorised officer's override.
        """);
    assertThat(MailTests.html(message)).contains("<li>Malware scan: 2 clean, 1 infected, 1 not scanned yet</li>");
  }

  @Test
  @DisplayName("the officer's email from an engine that inspects media lists each file's length and span with the submitter's warnings; file names stay text")
  void officerEmailMedia() throws Exception {
    SubmissionNotice s = SampleNotices.submission(OFFICER, "D Smith", 3, Optional.empty(), Optional.empty());
    var request = new io.evidencekit.api.RequestId(UUID.fromString("00000000-0000-0000-0000-000000000001"));
    var windows = List.of(new io.evidencekit.api.TimeWindow("Camera 1", Instant.parse("2024-05-03T00:00:00Z"),
        Instant.parse("2024-05-03T02:00:00Z")));
    var front = new io.evidencekit.api.ItemMedia(new io.evidencekit.api.ItemId(UUID.randomUUID()), request,
        "front <door>.mp4", 1000, io.evidencekit.api.MediaState.INSPECTED, Optional.of(new io.evidencekit.api.MediaInfo(
            "mov,mp4", Optional.of(java.time.Duration.ofSeconds(200)), List.of(), Optional.of(
                Instant.parse("2024-05-03T13:02:00Z")), Optional.empty(), io.evidencekit.api.DecodeCheck.DECODES)),
        Optional.of("ffprobe 5.1"), Optional.empty(), Optional.empty(), Optional.of(Instant.parse("2024-05-03T15:00:00Z")));
    var export = new io.evidencekit.api.ItemMedia(new io.evidencekit.api.ItemId(UUID.randomUUID()), request,
        "export.dav", 10, io.evidencekit.api.MediaState.NOT_RECOGNISED, Optional.empty(), Optional.of("ffprobe 5.1"),
        Optional.of("not a recognised video format"), Optional.empty(), Optional.empty());
    var waiting = new io.evidencekit.api.ItemMedia(new io.evidencekit.api.ItemId(UUID.randomUUID()), request,
        "door.mp4", 10, io.evidencekit.api.MediaState.PENDING, Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty());
    MimeMessage message = deliver(new SubmissionNotice(s.messageId(), s.reference(), s.to(), s.officerName(),
        s.submitterName(), s.fileCount(), s.totalBytes(), s.caption(), s.submittedAt(), s.caseLink(), Optional.empty(),
        Optional.of(new SubmissionNotice.MediaSummary(List.of(front, export, waiting), windows))));

    assertThat(MailTests.text(message)).contains("""
        What the files hold:
        front <door>.mp4: plays for 00:03:20, recorded 14:02 BST on Friday 3 May 2024 to 14:05 BST on Friday 3 May 2024
        Warning: recorded outside the times asked for (Camera 1: 01:00 BST on Friday 3 May 2024 to 03:00 BST on Friday 3 May 2024).
        export.dav: not a recognised video format (the submitter's system may need its player program)
        Warning: if the submitter's system exported a player program, ask for it.
        door.mp4: still being checked
        """);
    assertThat(MailTests.html(message)).contains("<li>front &lt;door&gt;.mp4: plays for 00:03:20")
        .doesNotContain("<door>");
  }

  @Test
  @DisplayName("the detection email tells the officer which released file was found infected, its hash and what was detected")
  void detectionEmail() throws Exception {
    MimeMessage message = deliver(new DetectionNotice(UUID.fromString("6f1c1b9e-3c2a-4d5e-9f00-0a1b2c3d4e5f"),
        new ForceReference("46/00042/24"), OFFICER, "D. Wright", "front <door>.mp4",
        new Sha256("a".repeat(64)), List.of("Win.Trojan.Test-1", "Second.Sig"), Instant.parse("2024-03-04T14:02:00Z"),
        Optional.of(URI.create("https://case.force.example/cases/46-00042-24"))));

    assertThat(message.getSubject()).isEqualTo("Malware found in evidence: 46/00042/24");
    assertThat(MailTests.text(message)).isEqualTo("""
        Hello D. Wright,

        A file submitted for Community Request ID 46/00042/24 was released to you as clean, but a later malware \
        scan found something in it. The file is now quarantined.

        View the evidence: https://case.force.example/cases/46-00042-24

        File: front <door>.mp4
        SHA-256: %s
        Detected: Win.Trojan.Test-1, Second.Sig
        Found: 14:02 GMT on Monday 4 March 2024

        If you opened or copied this file, treat that copy as infected and tell your IT security team. The \
        original is kept unchanged as evidence.

        Replies to this message are not monitored.
        """.formatted("a".repeat(64)));
    assertThat(MailTests.html(message)).contains("front &lt;door&gt;.mp4").doesNotContain("<door>");
  }

  @Test
  @DisplayName("an SMS notice and an invitation with a non-web link are REJECTED and nothing is sent")
  void rejectedBeforeSending() {
    InvitationNotice sample = SampleNotices.invitation(WITNESS);
    InvitationNotice ftpLink = new InvitationNotice(sample.messageId(), sample.reference(), WITNESS,
        sample.recipientName(), sample.officerName(), URI.create("ftp://evidence.force.example/r/abc"),
        sample.validity(), sample.expiresAt(), sample.description());
    try (SmtpNotifier notifier = notifier()) {
      assertThat(notifier.send(SampleNotices.invitation(new PhoneNumber("+447700900123"))).outcome())
          .isEqualTo(Outcome.REJECTED);
      assertThat(notifier.send(ftpLink).outcome()).isEqualTo(Outcome.REJECTED);
    }
    assertThat(greenMail.getReceivedMessages()).isEmpty();
  }

  private SmtpNotifier notifier() {
    return new SmtpNotifier(MailTests.settings(greenMail.getSmtp().getPort()).build());
  }

  private MimeMessage deliver(Notification notice) {
    DeliveryReport report;
    try (SmtpNotifier notifier = notifier()) {
      report = notifier.send(notice);
    }
    assertThat(report.outcome()).as(report.detail()).isEqualTo(Outcome.DELIVERED);
    assertThat(greenMail.waitForIncomingEmail(5_000, 1)).isTrue();
    MimeMessage[] received = greenMail.getReceivedMessages();
    assertThat(received).hasSize(1);
    return received[0];
  }
}
