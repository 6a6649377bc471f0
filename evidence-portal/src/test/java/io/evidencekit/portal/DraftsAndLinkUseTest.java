package io.evidencekit.portal;

import static io.evidencekit.portal.WebClient.form;
import static org.assertj.core.api.Assertions.assertThat;

import io.evidencekit.api.Submission;
import io.evidencekit.api.SubmissionPolicy;
import io.evidencekit.api.SubmissionState;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Drafts and using a link: one draft per visit, a per-request policy for sending again, re-issuing while uploading")
class DraftsAndLinkUseTest {
  @TempDir
  java.nio.file.Path dir;
  PortalFixture portal;
  WebClient web;

  @BeforeEach
  void start() {
    portal = new PortalFixture(dir, PortalFixture.smallLimits());
    web = new WebClient(portal.base());
  }

  @AfterEach
  void stop() {
    portal.close();
  }

  private String page() {
    return "r/" + portal.token();
  }

  private HttpResponse<String> startCall(String csrf) {
    return web.send(HttpRequest.newBuilder(portal.base().resolve(page() + "/start"))
        .header(Csrf.HEADER, csrf).header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.noBody()).build());
  }

  private java.util.List<Submission> submissions() {
    return portal.engine.officers().submissions(PortalFixture.WRIGHT, portal.request.id(), "check");
  }

  /** Adds a file through the form and submits it; returns the receipt page. */
  private HttpResponse<String> sendOneFile(String name) {
    String csrf = WebClient.csrf(web.get(page()).body());
    HttpResponse<String> posted = web.postFiles(page() + "/files", form("csrf", csrf), Map.of(name, new byte[] {1, 2}));
    assertThat(posted.statusCode()).isEqualTo(303);
    String submission = WebClient.submission(web.get(posted.headers().firstValue("Location").orElseThrow().substring(1)).body());
    return web.postForm(page() + "/submit", form("csrf", csrf, "submission", submission, "files", "1", "declaration", "agreed"));
  }

  @Test
  @DisplayName("POST /start twenty times makes one draft: the link's current one is handed out again")
  void startTwentyTimes() {
    String csrf = WebClient.csrf(web.get(page()).body());
    String first = startCall(csrf).body();
    for (int i = 0; i < 19; i++) {
      HttpResponse<String> again = startCall(csrf);
      assertThat(again.statusCode()).isEqualTo(200);
      assertThat(again.body()).isEqualTo(first);
    }
    assertThat(submissions()).hasSize(1);
  }

  @Test
  @DisplayName("opening the link again (from the email, without ?s=) shows the files already added, ready to carry on")
  void returningVisitorCarriesOn() {
    String csrf = WebClient.csrf(web.get(page()).body());
    web.postFiles(page() + "/files", form("csrf", csrf), Map.of("front.mp4", new byte[] {1}));
    String reopened = new WebClient(portal.base()).get(page()).body();
    assertThat(reopened).contains("front.mp4").contains("this 1 file is relevant");
    assertThat(WebClient.submission(reopened)).isEqualTo(submissions().get(0).id().toString());
  }

  @Test
  @DisplayName("by default a link may send again: the page says so, and after a submission it offers a second one, noting the first")
  void repeatableLink() {
    assertThat(web.get(page()).body()).contains("After you submit, you can use this link again to send more files");
    assertThat(sendOneFile("first.mp4").body()).contains("Evidence sent");

    String again = web.get(page()).body();
    assertThat(again).contains("Evidence Request: " + portal.request.reference())
        .contains("You have already sent 1 batch of files with this link.").doesNotContain("first.mp4");
    assertThat(sendOneFile("second.mp4").body()).contains("Evidence sent").contains("second.mp4");
    assertThat(submissions()).extracting(Submission::state).containsExactly(SubmissionState.SUBMITTED, SubmissionState.SUBMITTED);
  }

  @Test
  @DisplayName("a request set to one submission: the page says so, and once used the link shows 'already sent' and accepts nothing")
  void singleUseLink() {
    portal.newRequest(SubmissionPolicy.ONCE);
    assertThat(web.get(page()).body()).contains("You can use this link to send files once. After you select 'Submit' you cannot add more.");
    assertThat(sendOneFile("only.mp4").body()).contains("Evidence sent");

    HttpResponse<String> after = web.get(page());
    assertThat(after.statusCode()).isEqualTo(200);
    assertThat(after.body()).contains("You have already sent your files").contains("ask Wright, D. for a new link")
        .doesNotContain("upload-form");
    assertThat(submissions()).hasSize(1);
  }

  @Test
  @DisplayName("a single-use link refuses a second start and a second form upload with 409 after it was used")
  void singleUseLinkRefusesMore() {
    portal.newRequest(SubmissionPolicy.ONCE);
    String csrf = WebClient.csrf(web.get(page()).body());
    HttpResponse<String> posted = web.postFiles(page() + "/files", form("csrf", csrf), Map.of("a.mp4", new byte[] {1}));
    String submission = WebClient.submission(web.get(posted.headers().firstValue("Location").orElseThrow().substring(1)).body());
    web.postForm(page() + "/submit", form("csrf", csrf, "submission", submission, "files", "1", "declaration", "agreed"));

    HttpResponse<String> start = startCall(csrf);
    assertThat(start.statusCode()).isEqualTo(409);
    HttpResponse<String> more = web.postFiles(page() + "/files", form("csrf", csrf), Map.of("b.mp4", new byte[] {2}));
    assertThat(more.statusCode()).isEqualTo(409);
    assertThat(more.body()).contains("You have already sent your files");
    assertThat(submissions()).hasSize(1);
  }

  @Test
  @DisplayName("re-issuing while the recipient uploads: the old link answers 410 pointing to the newer one, its upload in progress is deleted, and the new link starts afresh")
  void reissueWhileUploading() throws Exception {
    String oldToken = portal.token();
    String csrf = WebClient.csrf(web.get(page()).body());
    HttpResponse<String> posted = web.postFiles(page() + "/files", form("csrf", csrf), Map.of("received.mp4", new byte[] {1}));
    String draft = WebClient.submission(web.get(posted.headers().firstValue("Location").orElseThrow().substring(1)).body());
    TusRequests oldTus = new TusRequests(portal, oldToken);
    URI upload = oldTus.location(oldTus.create(draft, 100, "half.mp4"));
    assertThat(oldTus.patch(upload, 0, new byte[50]).statusCode()).isEqualTo(204);

    portal.reissue();

    HttpResponse<String> oldPage = web.get("r/" + oldToken + "?s=" + draft);
    assertThat(oldPage.statusCode()).isEqualTo(410);
    assertThat(oldPage.body()).contains("This link no longer works").contains("If you have been sent a newer link, use that one");
    HttpResponse<String> resumed = oldTus.patch(upload, 50, new byte[50]);
    assertThat(resumed.statusCode()).isEqualTo(410);
    try (var staged = Files.list(dir.resolve("staging/tus"))) {
      assertThat(staged).isEmpty();
    }

    String fresh = web.get(page()).body();
    assertThat(fresh).contains("these 0 files").doesNotContain("received.mp4");
    assertThat(web.get(page() + "?s=" + draft).body()).doesNotContain("received.mp4");
    String next = startCall(WebClient.csrf(fresh)).body();
    assertThat(next).doesNotContain(draft);
    assertThat(submissions()).filteredOn(s -> s.id().toString().equals(draft)).singleElement()
        .satisfies(s -> {
          assertThat(s.state()).isEqualTo(SubmissionState.ABANDONED);
          assertThat(s.items()).extracting(i -> i.submittedName()).containsExactly("received.mp4");
        });
  }
}
