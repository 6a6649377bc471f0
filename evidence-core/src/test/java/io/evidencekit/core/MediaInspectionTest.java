package io.evidencekit.core;

import static io.evidencekit.core.testing.TestData.OTHER_OFFICER;
import static io.evidencekit.core.testing.TestData.WRIGHT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evidencekit.api.ByteRange;
import io.evidencekit.api.CustodyAction;
import io.evidencekit.api.CustodyEvent;
import io.evidencekit.api.DecodeCheck;
import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.EvidenceItem;
import io.evidencekit.api.IssuedInvitation;
import io.evidencekit.api.ItemMedia;
import io.evidencekit.api.ItemUse;
import io.evidencekit.api.MediaState;
import io.evidencekit.api.MediaWarning;
import io.evidencekit.api.RequestId;
import io.evidencekit.api.SubmissionId;
import io.evidencekit.api.TimeWindow;
import io.evidencekit.core.media.InspectionPolicy;
import io.evidencekit.core.testing.DatabaseKind;
import io.evidencekit.core.testing.ScriptedInspector;
import io.evidencekit.core.testing.TestData;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass(name = "on {0}")
@EnumSource(DatabaseKind.class)
@DisplayName("Media inspection")
class MediaInspectionTest extends EngineTestBase {
  private static final InspectionPolicy POLICY = new InspectionPolicy(Duration.ofSeconds(1), 8, Duration.ofSeconds(30),
      Duration.ofMinutes(10), 3, Duration.ofMinutes(5), Optional.empty());
  private static final List<TimeWindow> WINDOWS = List.of(new TimeWindow("Camera 1 (front door)",
      Instant.parse("2024-05-03T01:00:00Z"), Instant.parse("2024-05-03T03:00:00Z")));

  private final ScriptedInspector inspector = new ScriptedInspector();
  private IssuedInvitation link;
  private SubmissionId submission;
  private RequestId request;

  @BeforeEach
  void inspectingEngine() {
    engine = newEngine(b -> b.mediaInspector(inspector).inspectionPolicy(POLICY.withScratch(dir)).manualInspection());
    var created = engine.officers().createRequest(WRIGHT, TestData.burglaryRequest().withTimeWindows(WINDOWS));
    request = created.id();
    link = engine.officers().issueInvitation(WRIGHT, request, "initial request");
    submission = engine.publicSide().startSubmission(link.token());
  }

  private EvidenceItem add(String name, String text) {
    return engine.publicSide().addFile(link.token(), submission, name, "video/mp4", TestData.utf8(text));
  }

  private List<CustodyEvent> events(CustodyAction action) {
    return engine.officers().custodyEvents(WRIGHT, request, "check").stream().filter(e -> e.action() == action).toList();
  }

  @Test
  @DisplayName("a file is queued when stored and inspected afterwards, never on the upload path; its facts, span and still are then known and recorded with the tool's version")
  void inspected() throws IOException {
    EvidenceItem item = add("front.mp4", "VIDEO 3.5 2024-05-03T01:10:00Z decodes");
    assertThat(inspector.seen()).as("addFile never waits for an inspection").isEmpty();
    assertThat(engine.inspection().pendingInspections()).isEqualTo(1);
    assertThat(engine.publicSide().media(link.token(), submission)).singleElement()
        .satisfies(m -> assertThat(m.state()).isEqualTo(MediaState.PENDING));

    assertThat(engine.inspection().runDueInspections(10)).isEqualTo(1);

    ItemMedia media = engine.inspection().media(WRIGHT, item.id(), "review");
    assertThat(media.state()).isEqualTo(MediaState.INSPECTED);
    assertThat(media.tool()).contains("scripted 2.0");
    assertThat(media.info().orElseThrow().duration()).contains(Duration.ofMillis(3500));
    assertThat(media.info().orElseThrow().span()).contains(new TimeWindow.Span(
        Instant.parse("2024-05-03T01:10:00Z"), Instant.parse("2024-05-03T01:10:03.500Z")));
    assertThat(media.warnings(WINDOWS)).isEmpty();
    assertThat(media.still()).contains(new io.evidencekit.api.Sha256(TestData.sha256("still of 3.5")));
    assertThat(engine.inspection().pendingInspections()).isZero();

    CustodyEvent event = events(CustodyAction.ITEM_INSPECTED).get(0);
    assertThat(event.itemId()).contains(item.id());
    assertThat(event.details()).containsEntry("tool", "scripted 2.0").containsEntry("state", "INSPECTED")
        .containsEntry("duration", "PT3.5S").containsEntry("decodes", "DECODES")
        .containsEntry("creationTime", "2024-05-03T01:10:00Z")
        .containsEntry("sha256", TestData.sha256("VIDEO 3.5 2024-05-03T01:10:00Z decodes"))
        .containsEntry("stillSha256", TestData.sha256("still of 3.5")).containsKey("stillBlob");

    try (InputStream still = engine.inspection().openStill(WRIGHT, item.id(), "see the still")) {
      assertThat(new String(still.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("still of 3.5");
    }
    assertThat(events(CustodyAction.ITEM_VIEWED)).singleElement()
        .satisfies(e -> assertThat(e.details()).containsEntry("range", "still"));
  }

  @Test
  @DisplayName("the inspector gets a read-only copy outside the store, deleted afterwards; the master's bytes and hash are unchanged")
  void masterUntouched() throws IOException {
    String content = "VIDEO 2 - decodes";
    EvidenceItem item = add("front.mp4", content);
    engine.inspection().runDueInspections(10);

    assertThat(inspector.seen()).singleElement().satisfies(s -> {
      assertThat(s.writable()).as("handed read-only").isFalse();
      assertThat(s.file()).startsWithRaw(dir);
      assertThat(s.file()).doesNotExist();
      assertThat(s.size()).isEqualTo(item.size());
    });
    try (InputStream in = engine.officers().openItem(WRIGHT, item.id(), ByteRange.ALL, ItemUse.VIEW, "re-hash")) {
      assertThat(TestData.sha256(in.readAllBytes())).isEqualTo(item.sha256().hex()).isEqualTo(TestData.sha256(content));
    }
  }

  @Test
  @DisplayName("the submitter sees each file's facts and plain warnings: empty, not recognised, does not decode, outside the officer's window")
  void warnings() {
    add("empty.mp4", "");
    add("export.dav", "proprietary CCTV bytes");
    add("cut.mp4", "VIDEO 4 2024-05-03T01:30:00Z fails");
    add("wrong-night.mp4", "VIDEO 180 2024-05-03T14:02:00Z decodes");
    add("zero.mp4", "VIDEO 0 - decodes");
    engine.inspection().runDueInspections(10);

    List<TimeWindow> windows = engine.publicSide().viewInvitation(link.token()).timeWindows();
    assertThat(windows).isEqualTo(WINDOWS);
    List<ItemMedia> media = engine.publicSide().media(link.token(), submission);
    assertThat(media).extracting(ItemMedia::submittedName)
        .containsExactly("empty.mp4", "export.dav", "cut.mp4", "wrong-night.mp4", "zero.mp4");
    assertThat(media).extracting(m -> m.warnings(windows).stream().map(MediaWarning::kind).toList()).containsExactly(
        List.of(MediaWarning.Kind.EMPTY), List.of(MediaWarning.Kind.NOT_RECOGNISED),
        List.of(MediaWarning.Kind.DOES_NOT_DECODE), List.of(MediaWarning.Kind.OUTSIDE_WINDOW),
        List.of(MediaWarning.Kind.EMPTY));
    assertThat(media.get(3).warnings(windows).get(0).span()).contains(new TimeWindow.Span(
        Instant.parse("2024-05-03T14:02:00Z"), Instant.parse("2024-05-03T14:05:00Z")));
    assertThat(media.get(2).info().orElseThrow().decodes()).isEqualTo(DecodeCheck.FAILS);
  }

  @Test
  @DisplayName("the request's time windows are recorded in its creation event; a request without windows records exactly what it did before")
  void windowsRecorded() {
    assertThat(events(CustodyAction.REQUEST_CREATED)).singleElement().satisfies(e -> assertThat(e.details())
        .containsEntry("timeWindows", "Camera 1 (front door)|2024-05-03T01:00:00Z|2024-05-03T03:00:00Z"));
    var plain = engine.officers().createRequest(WRIGHT, TestData.burglaryRequest());
    assertThat(engine.officers().custodyEvents(WRIGHT, plain.id(), "check")).filteredOn(e -> e.action()
        == CustodyAction.REQUEST_CREATED).singleElement().satisfies(e -> assertThat(e.details())
        .containsOnlyKeys("reference", "officer", "submissionPolicy"));
  }

  @Test
  @DisplayName("warnings never block: the submission with an empty and an unrecognised file is accepted")
  void warningsNeverBlock() {
    add("empty.mp4", "");
    add("export.dav", "proprietary CCTV bytes");
    engine.inspection().runDueInspections(10);
    var receipt = engine.publicSide().submit(link.token(), submission, Optional.empty(),
        io.evidencekit.api.Declaration.of(2));
    assertThat(receipt.files()).hasSize(2);
    assertThat(engine.publicSide().media(link.token(), submission)).hasSize(2);
  }

  @Test
  @DisplayName("the officer's submission notice carries each file's media facts and the request's windows")
  void noticeCarriesMedia() {
    add("front.mp4", "VIDEO 3.5 2024-05-03T01:10:00Z decodes");
    add("wrong-night.mp4", "VIDEO 180 2024-05-03T14:02:00Z decodes");
    engine.inspection().runDueInspections(10);
    engine.publicSide().submit(link.token(), submission, Optional.empty(), io.evidencekit.api.Declaration.of(2));
    engine.operations().deliverPendingNotifications();

    var notice = notifier.sent().stream().filter(n -> n instanceof io.evidencekit.spi.SubmissionNotice)
        .map(n -> (io.evidencekit.spi.SubmissionNotice) n).findFirst().orElseThrow();
    assertThat(notice.media()).hasValueSatisfying(m -> {
      assertThat(m.windows()).isEqualTo(WINDOWS);
      assertThat(m.files()).extracting(ItemMedia::state).containsExactly(MediaState.INSPECTED, MediaState.INSPECTED);
      assertThat(m.files().get(1).warnings(m.windows())).extracting(MediaWarning::kind)
          .containsExactly(MediaWarning.Kind.OUTSIDE_WINDOW);
    });
  }

  @Test
  @DisplayName("an inspector failure is retried with backoff and recorded as could-not-inspect after the policy's attempts")
  void couldNotInspect() {
    EvidenceItem item = add("front.mp4", "BROKEN");
    engine.inspection().runDueInspections(10);
    assertThat(engine.inspection().pendingInspections()).isEqualTo(1);
    assertThat(engine.inspection().runDueInspections(10)).as("not due before its backoff").isZero();
    for (int i = 0; i < 2; i++) {
      clock.advance(Duration.ofMinutes(15));
      assertThat(engine.inspection().runDueInspections(10)).isEqualTo(1);
    }
    assertThat(engine.inspection().pendingInspections()).isZero();
    ItemMedia media = engine.inspection().media(WRIGHT, item.id(), "review");
    assertThat(media.state()).isEqualTo(MediaState.COULD_NOT_INSPECT);
    assertThat(media.detail()).hasValueSatisfying(d -> assertThat(d).contains("TIMEOUT"));
    assertThat(events(CustodyAction.ITEM_INSPECTED)).singleElement()
        .satisfies(e -> assertThat(e.details()).containsEntry("state", "COULD_NOT_INSPECT"));
  }

  @Test
  @DisplayName("views ask the access policy: another officer is refused and nothing is shown")
  void accessChecked() {
    EvidenceItem item = add("front.mp4", "VIDEO 2 - decodes");
    engine.inspection().runDueInspections(10);
    assertThatThrownBy(() -> engine.inspection().mediaOfRequest(OTHER_OFFICER, request, "curious"))
        .isInstanceOf(EvidenceException.class).extracting("code").isEqualTo(ErrorCode.ACCESS_DENIED);
    assertThatThrownBy(() -> engine.inspection().openStill(OTHER_OFFICER, item.id(), "curious"))
        .isInstanceOf(EvidenceException.class).extracting("code").isEqualTo(ErrorCode.ACCESS_DENIED);
    assertThat(engine.inspection().mediaOfRequest(WRIGHT, request, "review")).hasSize(1);
  }

  @Test
  @DisplayName("disposing of a request disposes of its derived data: the stills leave the store and the media facts go")
  void disposal() {
    EvidenceItem item = add("front.mp4", "VIDEO 2 - decodes");
    engine.inspection().runDueInspections(10);
    engine.publicSide().submit(link.token(), submission, Optional.empty(), io.evidencekit.api.Declaration.of(1));
    var stillBlob = new io.evidencekit.spi.BlobId(events(CustodyAction.ITEM_INSPECTED).get(0).details().get("stillBlob"));
    assertThat(exists(stillBlob)).isTrue();

    engine.retention().classify(WRIGHT, request, "community-not-relevant", "no offence disclosed");
    engine.retention().recordFact(WRIGHT, request, new io.evidencekit.api.retention.CaseFact(
        io.evidencekit.api.retention.RetentionEvent.REQUEST_CLOSED,
        clock.instant().atOffset(java.time.ZoneOffset.UTC).toLocalDate()), "closed");
    assertThat(engine.operations().sweepRetention(clock.instant().plus(Duration.ofDays(40)), false).disposed())
        .isEqualTo(1);

    assertThat(exists(stillBlob)).isFalse();
    assertThat(engine.inspection().media(TestData.SUPERVISOR, item.id(), "after disposal").state())
        .isEqualTo(MediaState.PENDING);
  }

  private boolean exists(io.evidencekit.spi.BlobId blob) {
    return store.exists(blob);
  }

  @Test
  @DisplayName("an engine without an inspector leaves items pending and inspects nothing")
  void off() {
    var plain = newEngine(b -> {});
    assertThat(plain.inspection().enabled()).isFalse();
    add("front.mp4", "VIDEO 2 - decodes");
    assertThat(plain.inspection().runDueInspections(10)).isZero();
    assertThat(plain.publicSide().media(link.token(), submission)).singleElement()
        .satisfies(m -> assertThat(m.state()).isEqualTo(MediaState.PENDING));
  }

  @Test
  @DisplayName("a background inspector inspects a new file without being asked")
  void background() throws InterruptedException {
    var live = newEngine(b -> b.mediaInspector(inspector).inspectionPolicy(POLICY.withScratch(dir)));
    EvidenceItem item = live.publicSide().addFile(link.token(), submission, "front.mp4", "video/mp4",
        TestData.utf8("VIDEO 2 - decodes"));
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (live.inspection().media(WRIGHT, item.id(), "poll").state() == MediaState.PENDING
        && System.nanoTime() < deadline) {
      Thread.onSpinWait();
      Thread.yield();
    }
    assertThat(live.inspection().media(WRIGHT, item.id(), "check").state()).isEqualTo(MediaState.INSPECTED);
  }
}
