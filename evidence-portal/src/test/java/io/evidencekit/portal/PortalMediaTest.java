package io.evidencekit.portal;

import static org.assertj.core.api.Assertions.assertThat;

import io.evidencekit.api.DecodeCheck;
import io.evidencekit.api.MediaInfo;
import io.evidencekit.api.MediaStream;
import io.evidencekit.api.SubmissionPolicy;
import io.evidencekit.api.TimeWindow;
import io.evidencekit.spi.MediaInput;
import io.evidencekit.spi.MediaInspector;
import io.evidencekit.spi.MediaReport;
import io.evidencekit.spi.ToolVersion;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The portal shows what each file holds and warns, without blocking")
class PortalMediaTest {
  /** Answers from the file's text: {@code VIDEO <seconds> <creation time>}, anything else not recognised. */
  static final class TextInspector implements MediaInspector {
    @Override
    public String name() {
      return "text";
    }

    @Override
    public ToolVersion version() {
      return ToolVersion.of("text", "1");
    }

    @Override
    public MediaReport inspect(MediaInput input) {
      try {
        String[] w = Files.readString(input.file(), StandardCharsets.UTF_8).strip().split(" ");
        if (!w[0].equals("VIDEO")) {
          return new MediaReport.NotRecognised(version(), "not a recognised video format");
        }
        return new MediaReport.Inspected(version(), new MediaInfo("mov,mp4",
            Optional.of(Duration.ofSeconds(Long.parseLong(w[1]))), List.of(MediaStream.video("h264", 160, 120, 25)),
            Optional.of(Instant.parse(w[2])), Optional.empty(), DecodeCheck.DECODES), Optional.empty());
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }

  @TempDir java.nio.file.Path dir;
  PortalFixture portal;
  WebClient web;

  @BeforeEach
  void start() {
    portal = new PortalFixture(dir, PortalFixture.smallLimits(), OptionalInt.empty(), false, b -> { },
        e -> e.mediaInspector(new TextInspector()).manualInspection());
    portal.newRequest(SubmissionPolicy.REPEATABLE, List.of(new TimeWindow("Camera 1 (front door)",
        Instant.parse("2024-05-03T00:00:00Z"), Instant.parse("2024-05-03T02:00:00Z"))));
    web = new WebClient(portal.base());
  }

  @AfterEach
  void stop() {
    portal.close();
  }

  @Test
  @DisplayName("the request page lists the officer's time windows; after inspection each file shows how long it plays and its span, with plain warnings, and the submission still goes through")
  void durationsAndWarnings() {
    String page = "r/" + portal.token();
    String html = web.get(page).body();
    assertThat(html).contains("Times the officer asked for").contains("Camera 1 (front door): 3 May 2024 at 1:00am to 3:00am");
    String csrf = WebClient.csrf(html);
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("front.mp4", "VIDEO 200 2024-05-03T00:10:00Z".getBytes(StandardCharsets.UTF_8));
    files.put("wrong-night.mp4", "VIDEO 180 2024-05-03T13:02:00Z".getBytes(StandardCharsets.UTF_8));
    files.put("export.dav", "proprietary".getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> posted = web.postFiles(page + "/files", WebClient.form("csrf", csrf, "submission", ""), files);
    String location = posted.headers().firstValue("Location").orElseThrow().substring(1);

    assertThat(web.get(location).body()).contains("Being checked");
    portal.engine.inspection().runDueInspections(10);
    String listed = web.get(location).body();
    assertThat(listed)
        .contains("Plays for 3 min 20 s. Recorded 3 May 2024 at 1:10am to 1:13am.")
        .contains("This file's recording time is 3 May 2024 at 2:02pm to 2:05pm; the officer asked for Camera 1 (front door): 3 May 2024 at 1:00am to 3:00am.")
        .contains("This is not a video format we recognise. If your system exported a player program with it, include the player too.");

    HttpResponse<String> receipt = web.postForm(page + "/submit", WebClient.form("csrf", csrf, "submission",
        WebClient.submission(listed), "files", "3", "declaration", "agreed"));
    assertThat(receipt.statusCode()).isEqualTo(200);
    assertThat(receipt.body()).contains("Evidence sent").contains("Plays for 3 min 20 s.")
        .contains("the officer asked for Camera 1");
  }
}
