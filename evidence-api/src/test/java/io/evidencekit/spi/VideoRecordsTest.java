package io.evidencekit.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evidencekit.api.Actor;
import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Video source records validate themselves")
class VideoRecordsTest {
  private static final Instant T = Instant.parse("2026-11-02T21:00:00Z");

  private static Recording recording(String id) {
    return new Recording(new RecordingId(id), 10, "video/mp4", Optional.empty(), RecordingState.AVAILABLE);
  }

  private static Consultation consultation(Instant start, Instant end, List<Recording> recordings) {
    return new Consultation(new ConsultationId("vc-1"), "CAD-1", Actor.Officer.of("pc1", "PC One"), "Sam Caller",
        start, end, recordings, Optional.empty());
  }

  private static void assertInvalid(Runnable make) {
    assertThatThrownBy(make::run).isInstanceOfSatisfying(EvidenceException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
  }

  @Test
  @DisplayName("a consultation that ends before it starts is INVALID_INPUT")
  void endBeforeStart() {
    assertInvalid(() -> consultation(T, T.minusSeconds(1), List.of()));
  }

  @Test
  @DisplayName("two recordings of one consultation with the same id are INVALID_INPUT")
  void duplicateRecordingIds() {
    assertInvalid(() -> consultation(T, T, List.of(recording("r1"), recording("r1"))));
  }

  @Test
  @DisplayName("a negative recording size, or a media type that is not type/subtype, is INVALID_INPUT")
  void recordingChecks() {
    assertInvalid(() -> new Recording(new RecordingId("r"), -1, "video/mp4", Optional.empty(), RecordingState.AVAILABLE));
    assertInvalid(() -> new Recording(new RecordingId("r"), 1, "video", Optional.empty(), RecordingState.AVAILABLE));
  }

  @Test
  @DisplayName("ids and cursors with line breaks are INVALID_INPUT, and the message does not repeat the value")
  void idsAreSingleLines() {
    assertThatThrownBy(() -> new ConsultationId("vc\nsecret-value")).isInstanceOfSatisfying(EvidenceException.class,
        e -> assertThat(e.getMessage()).doesNotContain("secret-value"));
    assertInvalid(() -> new VideoCursor(" "));
  }

  @Test
  @DisplayName("only consent given with the recording notice permits import")
  void consentPermitsImport() {
    Consent given = new Consent("Sam", T, ConsentMethod.SPOKEN_ON_CALL, ConsentDecision.GIVEN, true, List.of(), Optional.empty());
    Consent noNotice = new Consent("Sam", T, ConsentMethod.SPOKEN_ON_CALL, ConsentDecision.GIVEN, false, List.of(), Optional.empty());
    Consent refused = new Consent("Sam", T, ConsentMethod.IN_APP, ConsentDecision.REFUSED, true, List.of(), Optional.empty());

    assertThat(given.permitsImport()).isTrue();
    assertThat(noNotice.permitsImport()).isFalse();
    assertThat(refused.permitsImport()).isFalse();
  }
}
