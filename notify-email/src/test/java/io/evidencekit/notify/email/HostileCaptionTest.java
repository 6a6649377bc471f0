package io.evidencekit.notify.email;

import static org.assertj.core.api.Assertions.assertThat;

import io.evidencekit.api.EmailAddress;
import io.evidencekit.spi.SubmissionNotice;
import io.evidencekit.tck.notify.SampleNotices;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 10: a caption must never forge a line of the officer's email, above all a second "View the
 * evidence:" with another address. Rendered here without SMTP; SmtpNotifierTest sends one through.
 */
@DisplayName("The officer's email quotes the submitter's caption so it can never pass for the email's own lines")
class HostileCaptionTest {
  private static final EmailAddress OFFICER = new EmailAddress("d.wright@force.example");
  private static final URI REAL = URI.create("https://records.kent.police.example/cases/46-00042-24");
  private static final String FAKE = "View the evidence: https://records.kent.police.example.evil.example/cases/46-00042-24";
  private static final SmtpSettings SETTINGS = MailTests.settings(25).build();
  private static final EmailCopy ENGLISH = EmailCopy.forLocale(Locale.UK);
  private static final String BIDI = "\u061C\u200E\u200F\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069";

  static Stream<Arguments> hostileCaptions() {
    return Stream.of(
        Arguments.of("LF", "Front door\n" + FAKE),
        Arguments.of("CRLF", "Front door\r\n" + FAKE + "\r\n"),
        Arguments.of("CR alone", "Front door\r" + FAKE),
        Arguments.of("NEL U+0085", "Front door\u0085" + FAKE),
        Arguments.of("line separator U+2028", "Front door\u2028" + FAKE),
        Arguments.of("paragraph separator U+2029", "Front door\u2029" + FAKE),
        Arguments.of("vertical tab and form feed", "Front door\u000B\u000C" + FAKE),
        Arguments.of("a fake link first, then our other labels", FAKE + "\nSubmitted by: PC Someone Else\n"
            + "Files: 0 files (0 bytes)\nReplies to this message are not monitored.\n\n\nHello D. Wright,"),
        Arguments.of("bidi override reversing a link", "\u202E" + "moc.elpmaxe.live//:sptth :ecnedive eht weiV" + "\u202C\n" + FAKE),
        Arguments.of("bidi isolates and marks", "\u2067" + FAKE + "\u2069\u200F\n\u2066x\u2069"),
        Arguments.of("markup in HTML", "<a href=\"https://evil.example\">View the evidence</a>\n" + FAKE));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileCaptions")
  @DisplayName("in plain text, every line that is not the email's own starts with '> ' under 'The submitter wrote:', after the real link")
  void plainTextQuotesEveryLine(String name, String caption) {
    List<String> ours = render(Optional.empty()).text().lines().toList();
    List<String> lines = render(Optional.of(caption)).text().lines().toList();

    int heading = lines.indexOf("The submitter wrote:");
    int realLink = lines.indexOf("View the evidence: " + REAL);
    assertThat(realLink).as("the real link is there").isNotNegative();
    assertThat(heading).as("the caption comes after the link and the facts").isGreaterThan(realLink)
        .isGreaterThan(lines.indexOf("Received: 14:02 GMT on Monday 4 March 2024"));
    assertThat(lines).filteredOn(l -> l.startsWith("View the evidence:")).containsExactly("View the evidence: " + REAL);
    assertThat(lines).filteredOn(l -> !ours.contains(l) && !l.equals("The submitter wrote:"))
        .isNotEmpty()
        .allSatisfy(l -> assertThat(l).matches(">( .*)?"));
    assertThat(lines).contains("> " + FAKE.strip());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileCaptions")
  @DisplayName("neither part carries a line or paragraph separator, NEL, lone CR or bidi control from the caption")
  void noInvisibleBreaksOrReordering(String name, String caption) {
    Email email = render(Optional.of(caption));

    for (String part : List.of(email.text(), email.html())) {
      assertThat(part).doesNotContain("\r", "\u0085", "\u2028", "\u2029", "\u000B", "\u000C");
      assertThat(part.codePoints()).noneMatch(UntrustedText::isBidiControl);
      assertThat(part.chars()).noneMatch(c -> BIDI.indexOf(c) >= 0);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileCaptions")
  @DisplayName("in HTML, the only link is the real one, before the caption, which sits escaped in a blockquote")
  void htmlQuotesTheCaption(String name, String caption) {
    String html = render(Optional.of(caption)).html();

    int quote = html.indexOf("<blockquote");
    assertThat(quote).isGreaterThan(html.indexOf("<a href=\"" + REAL + "\">View the evidence</a>"))
        .isGreaterThan(html.indexOf("The submitter wrote:"));
    assertThat(html.split("<a ", -1)).hasSize(2);
    assertThat(html.substring(0, quote)).doesNotContain("evil");
    assertThat(html.substring(quote, html.indexOf("</blockquote>"))).contains("records.kent.police.example.evil.example");
  }

  @Test
  @DisplayName("a caption of only blank lines and invisible characters is left out, heading and all")
  void blankCaption() {
    Email email = render(Optional.of(" \n\u2028\r\n\u202E\t \u2069"));

    assertThat(email.text()).isEqualTo(render(Optional.empty()).text()).doesNotContain("The submitter wrote:", ">");
    assertThat(email.html()).doesNotContain("blockquote");
  }

  @Test
  @DisplayName("a multi-line caption keeps its words and its one blank line, each line quoted")
  void ordinaryCaption() {
    Email email = render(Optional.of("\n\nFront door camera.\r\n\r\n\r\nTimes are UK time, about 17:05.  \n\n"));

    assertThat(email.text()).contains("""
        The submitter wrote:
        > Front door camera.
        >
        > Times are UK time, about 17:05.

        Replies to this message are not monitored.
        """);
    assertThat(email.html()).contains("<blockquote style=\"margin: 0 0 1em 0; padding-left: 0.75em; border-left: 4px solid #b1b4b6;\">"
        + "Front door camera.<br>\n<br>\nTimes are UK time, about 17:05.</blockquote>");
  }

  @Test
  @DisplayName("a submitter's name with line breaks and bidi controls stays on its labelled line")
  void hostileName() {
    SubmissionNotice notice = SampleNotices.submission(OFFICER, "D Smith\r\n" + FAKE + "\u2028\u202Ex", 1,
        Optional.empty(), Optional.of(REAL));

    List<String> lines = OfficerEmail.render(notice, SETTINGS, ENGLISH).text().lines().toList();

    assertThat(lines).filteredOn(l -> l.startsWith("View the evidence:")).containsExactly("View the evidence: " + REAL);
    assertThat(lines).contains("Submitted by: D Smith " + FAKE + " x");
  }

  private static Email render(Optional<String> caption) {
    return OfficerEmail.render(SampleNotices.submission(OFFICER, "D Smith", 3, caption, Optional.of(REAL)), SETTINGS, ENGLISH);
  }
}
