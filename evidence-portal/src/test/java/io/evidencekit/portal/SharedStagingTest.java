package io.evidencekit.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("A staging directory shared by several nodes")
class SharedStagingTest {
  @TempDir
  Path dir;
  PortalFixture portal;

  @AfterEach
  void stop() {
    portal.close();
  }

  @Test
  @DisplayName("an upload another process is writing answers 423 and is left alone; once that process dies (its lock with it) the upload resumes here")
  void oneWriterAcrossNodes() throws Exception {
    portal = new PortalFixture(dir, PortalFixture.smallLimits());
    String submission = portal.engine.publicSide().startSubmission(portal.token()).toString();
    TusRequests tus = new TusRequests(portal);
    URI upload = tus.location(tus.create(submission, 8, "door.mp4"));
    assertThat(tus.patch(upload, 0, "abcd".getBytes(StandardCharsets.US_ASCII)).statusCode()).isEqualTo(204);
    String id = upload.getPath().substring(upload.getPath().lastIndexOf('/') + 1);
    Path meta = dir.resolve("staging").resolve("tus").resolve(id).resolve("meta.properties");

    Process otherNode = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), HoldLock.class.getName(), meta.toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try {
      BufferedReader said = new BufferedReader(new InputStreamReader(otherNode.getInputStream(), StandardCharsets.UTF_8));
      assertThat(said.readLine()).isEqualTo("LOCKED");
      assertThat(tus.patch(upload, 4, "efgh".getBytes(StandardCharsets.US_ASCII)).statusCode()).isEqualTo(423);
      assertThat(tus.offset(upload)).isEqualTo(4);
    } finally {
      otherNode.destroyForcibly().waitFor();
    }
    var done = tus.patch(upload, 4, "efgh".getBytes(StandardCharsets.US_ASCII));
    assertThat(done.statusCode()).isEqualTo(204);
    assertThat(done.headers().firstValue("Evidence-Sha256")).isPresent();
  }

  @Test
  @DisplayName("an upload one node created and another finished no longer counts against the submission's limits on the first")
  void finishedElsewhereIsNotCountedTwice() throws Exception {
    portal = new PortalFixture(dir, PortalFixture.smallLimits()); // five files per submission
    PortalServer other = PortalServer.builder(portal.engine.publicSide()).host("127.0.0.1").port(0)
        .stagingDirectory(dir.resolve("staging")).clock(portal.clock).build().start();
    try {
      String submission = portal.engine.publicSide().startSubmission(portal.token()).toString();
      TusRequests here = new TusRequests(portal);
      URI first = here.location(here.create(submission, 4, "first.mp4"));
      URI elsewhere = other.uri().resolve(first.getPath());
      var finished = here.send(here.authed(elsewhere).header("Upload-Offset", "0")
          .header("Content-Type", "application/offset+octet-stream")
          .method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofByteArray("abcd".getBytes(StandardCharsets.US_ASCII))));
      assertThat(finished.statusCode()).isEqualTo(204);
      assertThat(finished.headers().firstValue("Evidence-Sha256")).isPresent();
      for (int i = 2; i <= 5; i++) {
        assertThat(here.create(submission, 4, "file" + i + ".mp4").statusCode()).as("file %d of 5", i).isEqualTo(201);
      }
      assertThat(here.create(submission, 4, "file6.mp4").statusCode()).as("the sixth").isNotEqualTo(201);
    } finally {
      other.close();
    }
  }

  /** Another node writing to the upload: holds the lock the portal takes, until killed. */
  public static final class HoldLock {
    public static void main(String[] args) throws Exception {
      try (FileChannel channel = FileChannel.open(Path.of(args[0]), StandardOpenOption.WRITE)) {
        channel.lock();
        System.out.println("LOCKED");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
      }
    }
  }
}
