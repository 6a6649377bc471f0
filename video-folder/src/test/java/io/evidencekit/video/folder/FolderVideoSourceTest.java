package io.evidencekit.video.folder;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.evidencekit.spi.ConsultationPage;
import io.evidencekit.spi.RecordingId;
import io.evidencekit.spi.RefusedEntry;
import io.evidencekit.tck.video.SampleConsultation;
import io.evidencekit.tck.video.VideoSamples;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("FolderVideoSource refuses what is not a clean export and moves files to done/ only when asked")
class FolderVideoSourceTest {
  @TempDir Path export;
  private ExportFolderPlatform platform;
  private FolderVideoSource source;

  @BeforeEach
  void setUp() {
    Clock clock = Clock.fixed(Instant.parse("2026-11-03T09:00:00Z"), ZoneOffset.UTC);
    platform = new ExportFolderPlatform(export, clock);
    source = new FolderVideoSource(export, "GoodSAM export", clock);
  }

  private ConsultationPage listAll() throws Exception {
    return source.list(Optional.empty(), 100);
  }

  /** Publishes consultation 1 (a good one) and a manifest for consultation 2 with one field replaced. */
  private void publishWithBadSecond(String field, String replacement) throws Exception {
    platform.publish(VideoSamples.consultation(1, 10));
    SampleConsultation second = VideoSamples.consultation(2, 10);
    platform.publish(second);
    Path manifest = export.resolve("vc-2.json");
    String text = Files.readString(manifest);
    assertThat(text).contains(field);
    Files.writeString(manifest, text.replace(field, replacement));
  }

  private void assertOnlyFirstListedAndSecondRefused(String reasonPart) throws Exception {
    ConsultationPage page = listAll();
    assertThat(page.consultations()).extracting(c -> c.id().value()).containsExactly("vc-1");
    assertThat(page.refused()).extracting(RefusedEntry::entry).containsExactly("vc-2.json");
    assertThat(page.refused().get(0).reason()).contains(reasonPart);
  }

  @Test
  @DisplayName("a manifest that is not JSON is refused by name, and the others are still listed")
  void malformedJson() throws Exception {
    publishWithBadSecond("\"format\"", "\"format\" ,, oops");

    assertOnlyFirstListedAndSecondRefused("not valid JSON");
  }

  @Test
  @DisplayName("a manifest with a key given twice is refused, not read one way or the other")
  void duplicateKey() throws Exception {
    publishWithBadSecond("\"caller\" : \"Sam Caller\"", "\"caller\" : \"Sam Caller\", \"caller\" : \"Someone Else\"");

    assertOnlyFirstListedAndSecondRefused("twice");
  }

  @Test
  @DisplayName("a manifest missing a field is refused, naming the field but not any value")
  void missingField() throws Exception {
    publishWithBadSecond("\"callReference\" : \"CAD-4002\",", "");

    assertOnlyFirstListedAndSecondRefused("callReference");
    assertThat(listAll().refused().get(0).reason()).doesNotContain("Sam Caller");
  }

  @Test
  @DisplayName("media file names that leave the directory, hide, or point into done/ are refused and nothing is read")
  void pathTricks() throws Exception {
    Files.writeString(export.getParent().resolve("outside.mp4"), "secret outside the export");
    for (String trick : new String[] {"../outside.mp4", "/etc/passwd", "done/x.mp4", ".hidden.mp4", "a/../../outside.mp4",
        "x\\u002e\\u002e/y.mp4"}) {
      publishWithBadSecond("\"rec-2-1.mp4\"", "\"" + trick + "\"");

      assertOnlyFirstListedAndSecondRefused("not a plain file name");
      Files.list(export).filter(p -> !Files.isDirectory(p)).forEach(p -> p.toFile().delete());
    }
  }

  @Test
  @DisplayName("a media file that is a symbolic link is refused as missing")
  void symlinkMedia() throws Exception {
    publishWithBadSecond("\"rec-2-1.mp4\"", "\"link.mp4\"");
    Files.createSymbolicLink(export.resolve("link.mp4"), export.resolve("rec-2-1.mp4"));

    assertOnlyFirstListedAndSecondRefused("missing");
  }

  @Test
  @DisplayName("missing media refuses the whole consultation, naming the file; a wrong size says both sizes")
  void missingAndWrongSize() throws Exception {
    SampleConsultation one = VideoSamples.consultation(1, 10, 20);
    platform.publish(VideoSamples.withoutBytes(one, new RecordingId("rec-1-2")));
    SampleConsultation two = VideoSamples.consultation(2, 100);
    platform.publish(VideoSamples.truncated(two, new RecordingId("rec-2-1"), 40));

    ConsultationPage page = listAll();

    assertThat(page.consultations()).isEmpty();
    assertThat(page.refused()).extracting(RefusedEntry::reason)
        .containsExactly("the media file rec-1-2.mp4 of recording rec-1-2 is missing (or not a regular file)",
            "the media file rec-2-1.mp4 of recording rec-2-1 is 40 bytes; the manifest says 100");
  }

  @Test
  @DisplayName("two manifests with the same consultation id are both refused")
  void duplicateIds() throws Exception {
    SampleConsultation one = VideoSamples.consultation(1, 10);
    platform.publish(one);
    platform.writeManifest("copy", Files.readAllBytes(export.resolve("vc-1.json")));

    ConsultationPage page = listAll();

    assertThat(page.consultations()).isEmpty();
    assertThat(page.refused()).extracting(RefusedEntry::entry).containsExactlyInAnyOrder("vc-1.json", "copy.json");
  }

  @Test
  @DisplayName("a manifest still being written under a dot name is not listed nor refused")
  void dotNamesIgnored() throws Exception {
    Files.writeString(export.resolve(".vc-9.json"), "{ half wri");

    assertThat(listAll().consultations()).isEmpty();
    assertThat(listAll().refused()).isEmpty();
  }

  @Test
  @DisplayName("taking recordings moves each media file into done/, and the manifest only after the last one")
  void doneAfterLastRecording() throws Exception {
    SampleConsultation sample = VideoSamples.consultation(1, 10, 20);
    platform.publish(sample);
    var id = sample.consultation().id();

    source.delete(id, new RecordingId("rec-1-1"));

    assertThat(export.resolve("done/vc-1/rec-1-1.mp4")).exists();
    assertThat(export.resolve("rec-1-1.mp4")).doesNotExist();
    assertThat(export.resolve("vc-1.json")).exists();
    assertThat(export.resolve("rec-1-2.mp4")).exists();

    source.delete(id, new RecordingId("rec-1-2"));

    assertThat(export.resolve("vc-1.json")).doesNotExist();
    assertThat(export.resolve("done/vc-1/vc-1.json")).exists();
    assertThat(Files.readAllBytes(export.resolve("done/vc-1/rec-1-2.mp4"))).isEqualTo(sample.bytes(new RecordingId("rec-1-2")).orElseThrow());
    assertThat(listAll().consultations()).isEmpty();
  }

  @Test
  @DisplayName("a take interrupted after its marker is finished by asking again, and keeps its first time")
  void interruptedTakeFinishes() throws Exception {
    SampleConsultation sample = VideoSamples.consultation(1, 10);
    platform.publish(sample);
    Files.createDirectories(export.resolve("done/vc-1"));
    Files.writeString(export.resolve("done/vc-1/rec-1-1.mp4.deleted"), "2026-11-03T08:00:00Z\n", UTF_8);

    assertThat(source.holds(sample.consultation().id(), new RecordingId("rec-1-1"))).as("bytes still there").isTrue();
    var receipt = source.delete(sample.consultation().id(), new RecordingId("rec-1-1"));

    assertThat(source.holds(sample.consultation().id(), new RecordingId("rec-1-1"))).isFalse();
    assertThat(receipt.deletedAt()).isEqualTo(Instant.parse("2026-11-03T08:00:00Z"));
    assertThat(export.resolve("rec-1-1.mp4")).doesNotExist();
    assertThat(export.resolve("done/vc-1/vc-1.json")).exists();
  }

  @Test
  @DisplayName("a file already in done/ under the same name is never replaced: the take fails and both stay")
  void neverReplaceInDone() throws Exception {
    SampleConsultation sample = VideoSamples.consultation(1, 10);
    platform.publish(sample);
    Files.createDirectories(export.resolve("done/vc-1"));
    Files.writeString(export.resolve("done/vc-1/rec-1-1.mp4"), "an older file");

    var thrown = org.assertj.core.api.Assertions.catchThrowable(
        () -> source.delete(sample.consultation().id(), new RecordingId("rec-1-1")));

    assertThat(thrown).isInstanceOf(java.io.IOException.class);
    assertThat(export.resolve("rec-1-1.mp4")).exists();
    assertThat(Files.readString(export.resolve("done/vc-1/rec-1-1.mp4"))).isEqualTo("an older file");
  }
}
