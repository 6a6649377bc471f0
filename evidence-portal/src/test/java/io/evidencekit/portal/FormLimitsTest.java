package io.evidencekit.portal;

import static io.evidencekit.portal.WebClient.form;
import static org.assertj.core.api.Assertions.assertThat;

import io.evidencekit.api.Limits;
import io.evidencekit.api.Submission;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Form uploads and the caption without JavaScript: over-limit answers say the right thing, in the error summary")
class FormLimitsTest {
  private static final int MB = 1 << 20;

  @TempDir
  java.nio.file.Path dir;
  PortalFixture portal;
  WebClient web;
  String csrf;

  @BeforeEach
  void start() {
    portal = new PortalFixture(dir, new Limits(5, MB, 3L * MB));
    web = new WebClient(portal.base());
    csrf = WebClient.csrf(web.get(page()).body());
  }

  @AfterEach
  void stop() {
    portal.close();
  }

  private String page() {
    return "r/" + portal.token();
  }

  private int filesHeld() {
    return portal.engine.publicSide().currentDraft(portal.token()).map(s -> portal.engine.publicSide().draftItems(portal.token(), s).size()).orElse(0);
  }

  private static Map<String, byte[]> files(int count, int size) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      files.put("clip-" + i + ".mp4", new byte[size]);
    }
    return files;
  }

  /** A draft with one file, its id, for the submit form. */
  private String draftWithOneFile() {
    HttpResponse<String> posted = web.postFiles(page() + "/files", form("csrf", csrf), Map.of("a.mp4", new byte[] {1}));
    return WebClient.submission(web.get(posted.headers().firstValue("Location").orElseThrow().substring(1)).body());
  }

  @Test
  @DisplayName("six files against a limit of five: none is added, and the summary says how many can be added")
  void tooManyFiles() {
    HttpResponse<String> r = web.postFiles(page() + "/files", form("csrf", csrf), files(6, 10));
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(r.body()).contains("govuk-error-summary")
        .contains("You selected 6 files, but you can add only 5 more files. You can send up to 5 files in total");
    assertThat(filesHeld()).isZero();
  }

  @Test
  @DisplayName("with files already held, the count left is what the summary offers")
  void tooManyWithFilesHeld() {
    assertThat(web.postFiles(page() + "/files", form("csrf", csrf), files(4, 10)).statusCode()).isEqualTo(303);
    HttpResponse<String> r = web.postFiles(page() + "/files", form("csrf", csrf), files(2, 10));
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(r.body()).contains("You selected 2 files, but you can add only 1 more file.");
    assertThat(filesHeld()).isEqualTo(4);
  }

  @Test
  @DisplayName("files each under the per-file limit but over the total are told the total, not the per-file limit")
  void overTheTotal() {
    HttpResponse<String> r = web.postFiles(page() + "/files", form("csrf", csrf), files(4, 900_000));
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(r.body()).contains("The selected files are 3.6 MB in total, but you can add only 3.1 MB more. "
        + "All files together can be up to 3.1 MB").doesNotContain("Each file must be");
    assertThat(filesHeld()).isZero();
  }

  @Test
  @DisplayName("a file over the per-file limit is named, with its size and the limit")
  void overThePerFileLimit() {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("small.mp4", new byte[10]);
    files.put("huge.mp4", new byte[MB + 100_000]);
    HttpResponse<String> r = web.postFiles(page() + "/files", form("csrf", csrf), files);
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(r.body()).contains("huge.mp4 is 1.1 MB. Each file must be 1.0 MB or smaller");
    assertThat(filesHeld()).isZero();
  }

  @Test
  @DisplayName("a chunked form over what a submission may hold answers 413 with the total limit, not 'could not be received'")
  void chunkedOverTheLimit() {
    HttpResponse<String> r = web.postFiles(page() + "/files", form("csrf", csrf), files(5, MB), true);
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(r.body()).contains("govuk-error-summary").contains("The selected files are too big. All files together can be up to 3.1 MB")
        .doesNotContain("could not be received");
    assertThat(filesHeld()).isZero();
    try (var spilled = java.nio.file.Files.list(dir.resolve("staging/multipart"))) {
      assertThat(spilled).isEmpty();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  @DisplayName("a caption over 2,000 characters gets the error summary saying how long it may be and how long it is, and is kept to edit")
  void captionTooLong() {
    String submission = draftWithOneFile();
    String caption = "\u00e9".repeat(Submission.MAX_CAPTION + 1); // 2 bytes each: counted as characters
    HttpResponse<String> r = web.postForm(page() + "/submit", form("csrf", csrf, "submission", submission,
        "files", "1", "caption", caption, "declaration", "agreed"));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("<a href=\"#caption\">The caption must be 2,000 characters or fewer. It has 2,001</a>")
        .contains("id=\"caption-error\"").contains(">" + caption + "</textarea>");
  }

  @Test
  @DisplayName("the caption limit counts characters, not bytes or UTF-16 units: 2,000 emoji are accepted")
  void captionInCharacters() {
    String submission = draftWithOneFile();
    String caption = "\uD83D\uDCF7".repeat(Submission.MAX_CAPTION); // 4 bytes and 2 UTF-16 units each
    HttpResponse<String> r = web.postForm(page() + "/submit", form("csrf", csrf, "submission", submission,
        "files", "1", "caption", caption, "declaration", "agreed"));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("Evidence sent").contains(caption);
  }

  @Test
  @DisplayName("a caption far over the container's form limit (300 kB) gets the portal's error summary with the limit, not a bare 400")
  void captionFarTooLong() {
    String submission = draftWithOneFile();
    HttpResponse<String> r = web.postForm(page() + "/submit", form("csrf", csrf, "submission", submission,
        "files", "1", "caption", "a".repeat(300_000), "declaration", "agreed"));
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(r.body()).contains("govuk-error-summary")
        .contains("<a href=\"#caption\">The caption must be 2,000 characters or fewer</a>");
    assertThat(portal.engine.publicSide().draftItems(portal.token(), io.evidencekit.api.SubmissionId.parse(submission))).hasSize(1);
  }

  @Test
  @DisplayName("the caption's hint says how long it may be")
  void captionHint() {
    assertThat(web.get(page()).body()).contains("Up to 2,000 characters.");
  }

  @Test
  @DisplayName("malformed form bodies (bad percent-encoding, invalid UTF-8, repeated fields) change nothing and answer the page")
  void malformedForms() {
    String submission = draftWithOneFile();
    HttpResponse<String> r = web.send(java.net.http.HttpRequest.newBuilder(portal.base().resolve(page() + "/submit"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("csrf=" + csrf + "&submission=" + submission
            + "&caption=%zz%C3%28%ff&declaration=nope&declaration=agreed&files=1")).build());
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("Select the declaration");
    assertThat(portal.engine.publicSide().draftItems(portal.token(), io.evidencekit.api.SubmissionId.parse(submission))).hasSize(1);
  }
}
