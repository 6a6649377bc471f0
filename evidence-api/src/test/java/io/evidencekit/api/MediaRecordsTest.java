package io.evidencekit.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Media facts, time windows and warnings")
class MediaRecordsTest {
  private static final Instant T0 = Instant.parse("2024-05-03T01:00:00Z");
  private static final List<TimeWindow> NIGHT = List.of(new TimeWindow("Camera 1", T0, T0.plus(Duration.ofHours(2))));

  private static MediaInfo video(Duration length, Optional<Instant> created, DecodeCheck decodes) {
    return new MediaInfo("mov,mp4", Optional.of(length), List.of(MediaStream.video("h264", 320, 240, 25)), created,
        Optional.empty(), decodes);
  }

  private static List<MediaWarning.Kind> kinds(long size, MediaState state, Optional<MediaInfo> info) {
    return MediaWarning.of(size, state, info, NIGHT).stream().map(MediaWarning::kind).toList();
  }

  @Test
  @DisplayName("a recording's span starts at its embedded creation time and lasts its duration; without either there is none")
  void span() {
    assertThat(video(Duration.ofMinutes(3), Optional.of(T0), DecodeCheck.DECODES).span())
        .contains(new TimeWindow.Span(T0, T0.plus(Duration.ofMinutes(3))));
    assertThat(video(Duration.ofMinutes(3), Optional.empty(), DecodeCheck.DECODES).span()).isEmpty();
  }

  @Test
  @DisplayName("warnings: an empty file, zero seconds, not recognised, a failed decode, a span outside every window; nothing while pending or inside a window")
  void warnings() {
    assertThat(kinds(0, MediaState.PENDING, Optional.empty())).containsExactly(MediaWarning.Kind.EMPTY);
    assertThat(kinds(10, MediaState.NOT_RECOGNISED, Optional.empty())).containsExactly(MediaWarning.Kind.NOT_RECOGNISED);
    assertThat(kinds(10, MediaState.PENDING, Optional.empty())).isEmpty();
    assertThat(kinds(10, MediaState.COULD_NOT_INSPECT, Optional.empty())).isEmpty();
    assertThat(kinds(10, MediaState.INSPECTED, Optional.of(video(Duration.ZERO, Optional.empty(), DecodeCheck.DECODES))))
        .containsExactly(MediaWarning.Kind.EMPTY);
    assertThat(kinds(10, MediaState.INSPECTED, Optional.of(video(Duration.ofMinutes(1), Optional.of(T0.plusSeconds(60)),
        DecodeCheck.FAILS)))).containsExactly(MediaWarning.Kind.DOES_NOT_DECODE);
    assertThat(kinds(10, MediaState.INSPECTED, Optional.of(video(Duration.ofMinutes(3),
        Optional.of(Instant.parse("2024-05-03T14:02:00Z")), DecodeCheck.DECODES))))
        .containsExactly(MediaWarning.Kind.OUTSIDE_WINDOW);
    assertThat(kinds(10, MediaState.INSPECTED, Optional.of(video(Duration.ofMinutes(30), Optional.of(T0.minusSeconds(600)),
        DecodeCheck.DECODES)))).as("overlapping the window's start is inside").isEmpty();
    assertThat(MediaWarning.of(10, MediaState.INSPECTED, Optional.of(video(Duration.ofMinutes(3),
        Optional.of(Instant.parse("2024-05-03T14:02:00Z")), DecodeCheck.DECODES)), List.of()))
        .as("a request without windows gets no window warning").isEmpty();
  }

  @Test
  @DisplayName("records refuse what makes no sense: a window ending before it starts, a duration over 31 days, an inspected item without facts")
  void validation() {
    assertThatThrownBy(() -> new TimeWindow("Camera 1", T0, T0)).isInstanceOf(EvidenceException.class)
        .extracting("code").isEqualTo(ErrorCode.INVALID_INPUT);
    assertThatThrownBy(() -> video(MediaInfo.MAX_DURATION.plusSeconds(1), Optional.empty(), DecodeCheck.DECODES))
        .isInstanceOf(EvidenceException.class);
    assertThatThrownBy(() -> new ItemMedia(new ItemId(java.util.UUID.randomUUID()),
        new RequestId(java.util.UUID.randomUUID()), "a.mp4", 1, MediaState.INSPECTED, Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty())).isInstanceOf(EvidenceException.class);
    assertThatThrownBy(() -> new MediaStream(MediaStream.Kind.AUDIO, "aac", java.util.OptionalInt.of(3),
        java.util.OptionalInt.empty(), java.util.OptionalDouble.empty(), java.util.OptionalInt.of(2)))
        .isInstanceOf(EvidenceException.class);
    NewEvidenceRequest request = new NewEvidenceRequest("Burglary", "CCTV 01:00-03:00", new RequestingOfficer("pc-4471",
        "Wright, D.", new EmailAddress("d.wright@kent.police.example"), new PhoneNumber("+441622690690")),
        Recipient.byEmail("D Smith", "d.smith@example.org"));
    assertThat(request.withTimeWindows(NIGHT).timeWindows()).isEqualTo(NIGHT);
    assertThatThrownBy(() -> request.withTimeWindows(java.util.Collections.nCopies(TimeWindow.MAX_WINDOWS + 1,
        NIGHT.get(0)))).isInstanceOf(EvidenceException.class).extracting("code").isEqualTo(ErrorCode.INVALID_INPUT);
  }
}
