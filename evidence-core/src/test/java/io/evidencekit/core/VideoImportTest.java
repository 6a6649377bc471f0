package io.evidencekit.core;

import static io.evidencekit.core.testing.TestData.OTHER_OFFICER;
import static io.evidencekit.core.testing.TestData.SUPERVISOR;
import static io.evidencekit.core.testing.TestData.WRIGHT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evidencekit.api.CustodyAction;
import io.evidencekit.api.CustodyEvent;
import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.EvidenceItem;
import io.evidencekit.api.EvidenceRequest;
import io.evidencekit.api.ItemId;
import io.evidencekit.api.RequestId;
import io.evidencekit.api.retention.LegalHold;
import io.evidencekit.api.video.ConsultationOutcome;
import io.evidencekit.api.video.ConsultationStatus;
import io.evidencekit.api.video.HeldConsultation;
import io.evidencekit.api.video.ImportReport;
import io.evidencekit.api.video.QualityOutcome;
import io.evidencekit.api.video.RecordingAtSource;
import io.evidencekit.api.video.Referral;
import io.evidencekit.api.video.RequestMapping;
import io.evidencekit.api.video.SupervisorDecision;
import io.evidencekit.api.video.VideoImportListener;
import io.evidencekit.api.video.VideoImportSettings;
import io.evidencekit.core.testing.DatabaseKind;
import io.evidencekit.core.testing.FaultyVideoSource;
import io.evidencekit.core.testing.TestData;
import io.evidencekit.spi.Consultation;
import io.evidencekit.spi.ConsultationId;
import io.evidencekit.spi.Recording;
import io.evidencekit.spi.RecordingId;
import io.evidencekit.spi.RecordingState;
import io.evidencekit.spi.VideoSource;
import io.evidencekit.tck.video.MemoryVideoPlatform;
import io.evidencekit.tck.video.SampleConsultation;
import io.evidencekit.tck.video.VideoSamples;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass(name = "on {0}")
@EnumSource(DatabaseKind.class)
@DisplayName("Video import: recorded consultations with their consent, verified, then purged at source")
class VideoImportTest extends EngineTestBase {
  static final String CATEGORY = "mopi-3";

  MemoryVideoPlatform platform;
  FaultyVideoSource source;
  EvidenceEngine video;
  EvidenceRequest request;

  @BeforeEach
  void startVideo() {
    platform = new MemoryVideoPlatform(clock);
    source = new FaultyVideoSource(platform.connect());
    request = engine.officers().createRequest(WRIGHT, TestData.burglaryRequest());
    video = videoEngine(source);
  }

  @AfterEach
  void auditStaysIntact() {
    assertThat(engine.custody().audit().intact()).as("the custody log audits intact after the test").isTrue();
  }

  EvidenceEngine videoEngine(VideoSource over) {
    RequestId into = request.id();
    return newEngine(b -> b.videoSource(over)
        .videoImportSettings(VideoImportSettings.of(RequestMapping.existing(c -> into), CATEGORY)));
  }

  SampleConsultation publish(SampleConsultation sample) {
    platform.publish(sample);
    return sample;
  }

  List<CustodyEvent> events(CustodyAction action) {
    return engine.officers().custodyEvents(SUPERVISOR, request.id(), "test check").stream()
        .filter(e -> e.action() == action).toList();
  }

  List<EvidenceItem> items() {
    return engine.officers().submissions(SUPERVISOR, request.id(), "test check").stream()
        .flatMap(s -> s.items().stream()).toList();
  }

  long count(String sql) throws java.sql.SQLException {
    try (Connection c = dataSource().getConnection(); Statement s = c.createStatement(); var rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  boolean atSource(SampleConsultation sample, int recording) throws Exception {
    return platform.connect().holds(sample.consultation().id(), sample.consultation().recordings().get(recording).id());
  }

  static ConsultationOutcome outcome(ImportReport report, SampleConsultation sample) {
    return report.consultations().stream().filter(c -> c.consultation().equals(sample.consultation().id()))
        .findFirst().orElseThrow();
  }

  @Test
  @DisplayName("a consultation with consent is imported through the ingest path, its consent recorded, verified, then deleted at source")
  void importsWithConsent() throws Exception {
    SampleConsultation sample = publish(VideoSamples.consultation(1, 1_000, 2_500));
    List<Long> progress = new ArrayList<>();

    ImportReport report = video.videoImport().importNew("nightly import", new VideoImportListener() {
      @Override
      public void progress(long bytesDone) {
        progress.add(bytesDone);
      }
    });

    assertThat(outcome(report, sample).outcome()).isEqualTo(ConsultationOutcome.Outcome.IMPORTED);
    assertThat(report.recordingsImported()).isEqualTo(2);
    assertThat(report.deletedAtSource()).isEqualTo(2);
    assertThat(progress).contains(1_000L, 2_500L);
    assertThat(items()).extracting(i -> i.sha256().hex()).containsExactly(
        VideoSamples.sha256(sample.bytes(new RecordingId("rec-1-1")).orElseThrow()).hex(),
        VideoSamples.sha256(sample.bytes(new RecordingId("rec-1-2")).orElseThrow()).hex());
    assertThat(atSource(sample, 0)).isFalse();
    assertThat(atSource(sample, 1)).isFalse();
    CustodyEvent consent = events(CustodyAction.VIDEO_CONSENT_RECORDED).get(0);
    assertThat(consent.details()).containsEntry("source", "video:memory").containsEntry("consultation", "vc-1")
        .containsEntry("decision", "GIVEN").containsEntry("method", "SPOKEN_ON_CALL")
        .containsEntry("recordingNotice", "true").containsEntry("givenBy", "Sam Caller")
        .containsEntry("othersPresent", "a child, about ten").containsKey("collateralIntrusion");
    assertThat(events(CustodyAction.ITEM_RECEIVED)).hasSize(2)
        .allSatisfy(e -> assertThat(e.details()).containsEntry("source", "video:memory"));
    assertThat(events(CustodyAction.VIDEO_DELETED_AT_SOURCE)).hasSize(2)
        .allSatisfy(e -> assertThat(e.details()).containsEntry("outcome", "verified copy kept").containsKey("sha256"));
    assertThat(events(CustodyAction.RETENTION_CLASSIFIED)).singleElement()
        .satisfies(e -> assertThat(e.details()).containsEntry("category", CATEGORY));
    assertThat(events(CustodyAction.SUBMISSION_SUBMITTED)).hasSize(1);
    ConsultationStatus status = video.videoImport().status(sample.consultation().id());
    assertThat(status.state()).isEqualTo(ConsultationStatus.State.IMPORTED);
    assertThat(status.recordings()).allSatisfy(r -> {
      assertThat(r.item()).isPresent();
      assertThat(r.verifiedAt()).isPresent();
      assertThat(r.deletedAtSource()).isPresent();
    });
    assertThat(video.videoImport().stillAtSource()).isEmpty();
  }

  @Test
  @DisplayName("the consent event is one per consultation and no exception or outcome names the caller")
  void callerNeverInMessages() {
    publish(VideoSamples.withConsent(2, Optional.empty(), 100));
    ImportReport report = video.videoImport().importNew("nightly import");
    assertThat(report.toString()).doesNotContain("Sam Caller");
    assertThatThrownBy(() -> video.videoImport().decide(OTHER_OFFICER, new ConsultationId("vc-2"),
        SupervisorDecision.IMPORT, "looks fine"))
        .isInstanceOf(EvidenceException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("Sam Caller"));
    assertThat(events(CustodyAction.VIDEO_CONSENT_RECORDED)).singleElement()
        .satisfies(e -> assertThat(e.details()).containsEntry("consent", "none recorded"));
  }

  @Test
  @DisplayName("without consent, refused, or without the recording notice, nothing is imported: held for a supervisor and left at source")
  void heldWithoutConsent() throws Exception {
    SampleConsultation none = publish(VideoSamples.withConsent(1, Optional.empty(), 300));
    SampleConsultation refused = publish(VideoSamples.withConsent(2,
        Optional.of(VideoSamples.consentRefused(VideoSamples.BASE)), 300));
    var given = VideoSamples.consentGiven(VideoSamples.BASE);
    SampleConsultation noNotice = publish(VideoSamples.withConsent(3, Optional.of(new io.evidencekit.spi.Consent(
        given.givenBy(), given.at(), given.method(), given.decision(), false, List.of(), Optional.empty())), 300));

    ImportReport report = video.videoImport().importNew("nightly import");

    assertThat(report.count(ConsultationOutcome.Outcome.HELD_FOR_DECISION)).isEqualTo(3);
    assertThat(report.recordingsImported()).isZero();
    assertThat(items()).isEmpty();
    assertThat(atSource(none, 0) && atSource(refused, 0) && atSource(noNotice, 0)).isTrue();
    assertThat(video.videoImport().heldForDecision()).extracting(HeldConsultation::reason).containsExactly(
        HeldConsultation.HeldReason.NO_CONSENT_RECORD, HeldConsultation.HeldReason.CONSENT_REFUSED,
        HeldConsultation.HeldReason.NO_RECORDING_NOTICE);
    assertThat(events(CustodyAction.VIDEO_HELD_FOR_DECISION)).extracting(e -> e.details().get("cause"))
        .containsExactly("NO_CONSENT_RECORD", "CONSENT_REFUSED", "NO_RECORDING_NOTICE");
    assertThat(video.videoImport().stillAtSource()).isEmpty();
    assertThat(video.videoImport().importNew("again").recordingsImported()).isZero();
  }

  @Test
  @DisplayName("a supervisor's decision is an event: IMPORT imports it normally, DISCARD deletes it at source unimported; others are refused")
  void supervisorDecides() throws Exception {
    SampleConsultation keep = publish(VideoSamples.withConsent(1, Optional.empty(), 400));
    SampleConsultation drop = publish(VideoSamples.withConsent(2,
        Optional.of(VideoSamples.consentRefused(VideoSamples.BASE)), 500));
    video.videoImport().importNew("nightly import");

    assertThatThrownBy(() -> video.videoImport().decide(OTHER_OFFICER, keep.consultation().id(),
        SupervisorDecision.IMPORT, "I think so"))
        .isInstanceOf(EvidenceException.class).extracting("code").isEqualTo(ErrorCode.ACCESS_DENIED);
    assertThat(events(CustodyAction.ACCESS_REFUSED)).extracting(e -> e.details().get("action"))
        .contains("DECIDE_VIDEO_CONSENT");

    ConsultationStatus kept = video.videoImport().decide(SUPERVISOR, keep.consultation().id(), SupervisorDecision.IMPORT,
        "caller confirmed consent in writing afterwards");
    ConsultationStatus dropped = video.videoImport().decide(SUPERVISOR, drop.consultation().id(),
        SupervisorDecision.DISCARD_AT_SOURCE, "no lawful basis to keep it");

    assertThat(kept.state()).isEqualTo(ConsultationStatus.State.IMPORTED);
    assertThat(kept.recordings()).singleElement().satisfies(r -> {
      assertThat(r.item()).isPresent();
      assertThat(r.deletedAtSource()).isPresent();
    });
    assertThat(dropped.state()).isEqualTo(ConsultationStatus.State.DISCARDED);
    assertThat(dropped.recordings()).singleElement().satisfies(r -> {
      assertThat(r.item()).isEmpty();
      assertThat(r.deletedAtSource()).isPresent();
    });
    assertThat(items()).hasSize(1);
    assertThat(atSource(keep, 0)).isFalse();
    assertThat(atSource(drop, 0)).isFalse();
    assertThat(events(CustodyAction.VIDEO_DECISION_RECORDED)).extracting(e -> e.details().get("decision"))
        .containsExactly("IMPORT", "DISCARD_AT_SOURCE");
    assertThat(events(CustodyAction.VIDEO_DELETED_AT_SOURCE)).extracting(e -> e.details().get("outcome"))
        .containsExactlyInAnyOrder("verified copy kept", "discarded");
    assertThat(video.videoImport().heldForDecision()).isEmpty();
    assertThatThrownBy(() -> video.videoImport().decide(SUPERVISOR, keep.consultation().id(), SupervisorDecision.IMPORT,
        "again")).isInstanceOf(EvidenceException.class).extracting("code").isEqualTo(ErrorCode.INVALID_INPUT);
  }

  @Test
  @DisplayName("re-running imports nothing twice, even from the start of the listing")
  void rerunImportsNothingTwice() throws Exception {
    publish(VideoSamples.consultation(1, 700));
    publish(VideoSamples.consultation(2, 800, 900));
    assertThat(video.videoImport().importNew("first").recordingsImported()).isEqualTo(3);

    ImportReport again = video.videoImport().importNew("second");
    try (Connection c = dataSource().getConnection(); Statement s = c.createStatement()) {
      s.executeUpdate("DELETE FROM video_cursor"); // as if the cursor were lost: every consultation listed again
    }
    ImportReport fromStart = newEngine(b -> b.videoSource(platform.connect()).videoImportSettings(
        VideoImportSettings.of(RequestMapping.existing(c -> request.id()), CATEGORY))).videoImport().importNew("third");

    assertThat(again.recordingsImported()).isZero();
    assertThat(again.consultations()).isEmpty();
    assertThat(fromStart.recordingsImported()).isZero();
    assertThat(fromStart.consultations()).extracting(ConsultationOutcome::outcome)
        .containsOnly(ConsultationOutcome.Outcome.ALREADY_IMPORTED);
    assertThat(items()).hasSize(3);
    assertThat(events(CustodyAction.VIDEO_CONSENT_RECORDED)).hasSize(2);
  }

  @Test
  @DisplayName("two engines importing at once import each recording once")
  void twoEnginesImportOnce() throws Exception {
    int consultations = 8;
    for (int n = 1; n <= consultations; n++) {
      publish(VideoSamples.consultation(n, 20_000 + n, 30_000 + n));
    }
    EvidenceEngine second = videoEngine(platform.connect());
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<ImportReport>> passes = new ArrayList<>();
      for (EvidenceEngine e : List.of(video, second)) {
        Callable<ImportReport> pass = () -> e.videoImport().importNew("nightly import");
        passes.add(pool.submit(pass));
      }
      int imported = 0;
      for (Future<ImportReport> f : passes) {
        imported += f.get().recordingsImported();
      }
      assertThat(imported).isEqualTo(2 * consultations);
    } finally {
      pool.shutdownNow();
    }
    video.videoImport().importNew("mop up"); // a deletion the other engine had in hand is finished here
    assertThat(items()).hasSize(2 * consultations);
    assertThat(items()).extracting(i -> i.sha256().hex()).doesNotHaveDuplicates();
    assertThat(events(CustodyAction.VIDEO_CONSENT_RECORDED)).hasSize(consultations);
    assertThat(events(CustodyAction.VIDEO_DELETED_AT_SOURCE)).hasSize(2 * consultations);
    assertThat(video.videoImport().stillAtSource()).isEmpty();
  }

  @Test
  @DisplayName("a source failing mid-stream leaves nothing half-recorded, deletes nothing, and the next pass imports it")
  void failingMidStream() throws Exception {
    SampleConsultation sample = publish(VideoSamples.consultation(1, 5_000, 6_000));
    source.streamsFailAfter(3_000);

    ImportReport broken = video.videoImport().importNew("nightly import");

    assertThat(outcome(broken, sample).outcome()).isEqualTo(ConsultationOutcome.Outcome.FAILED);
    assertThat(outcome(broken, sample).detail()).hasValueSatisfying(d -> assertThat(d).contains("UPLOAD_INTERRUPTED"));
    assertThat(items()).isEmpty();
    assertThat(events(CustodyAction.ITEM_RECEIVED)).isEmpty();
    assertThat(store.blobCount()).isZero();
    assertThat(atSource(sample, 0) && atSource(sample, 1)).isTrue();

    source.streamsFailAfter(Long.MAX_VALUE);
    ImportReport healed = video.videoImport().importNew("nightly import");

    assertThat(healed.recordingsImported()).isEqualTo(2);
    assertThat(outcome(healed, sample).outcome()).isEqualTo(ConsultationOutcome.Outcome.IMPORTED);
    assertThat(items()).hasSize(2);
    assertThat(atSource(sample, 0) || atSource(sample, 1)).isFalse();
  }

  @Test
  @DisplayName("a listing that fails is reported, and the work left from earlier passes is still done")
  void listingFails() throws Exception {
    SampleConsultation sample = publish(VideoSamples.consultation(1, 100));
    source.failDeletions(1);
    video.videoImport().importNew("nightly import");
    source.listingFails(true);
    clock.advance(Duration.ofMinutes(5));

    ImportReport report = video.videoImport().importNew("nightly import");

    assertThat(report.listingFailure()).hasValueSatisfying(f -> assertThat(f).contains("could not be listed"));
    assertThat(report.deletedAtSource()).isEqualTo(1);
    assertThat(atSource(sample, 0)).isFalse();
  }

  @Test
  @DisplayName("a stored copy that does not match the platform's checksum is an integrity event, and the recording stays at source")
  void wrongPlatformChecksum() throws Exception {
    SampleConsultation good = VideoSamples.consultation(1, 1_200);
    Recording r = good.consultation().recordings().get(0);
    Consultation c = good.consultation();
    Recording lying = new Recording(r.id(), r.size(), r.mediaType(),
        Optional.of(VideoSamples.sha256(new byte[] {1, 2, 3})), RecordingState.AVAILABLE);
    SampleConsultation sample = publish(new SampleConsultation(new Consultation(c.id(), c.callReference(), c.officer(),
        c.caller(), c.start(), c.end(), List.of(lying), c.consent()), good.content()));

    ImportReport report = video.videoImport().importNew("nightly import");
    clock.advance(Duration.ofDays(2));
    ImportReport later = video.videoImport().importNew("nightly import");

    assertThat(report.recordingsImported()).isEqualTo(1);
    assertThat(report.verificationsFailed()).isEqualTo(1);
    assertThat(report.deletedAtSource() + later.deletedAtSource()).isZero();
    assertThat(source.deletionsAsked()).isZero();
    assertThat(atSource(sample, 0)).isTrue();
    assertThat(events(CustodyAction.INTEGRITY_FAILURE)).singleElement().satisfies(e -> assertThat(e.details())
        .containsEntry("platformSha256", VideoSamples.sha256(new byte[] {1, 2, 3}).hex())
        .containsEntry("recording", r.id().value()));
    assertThat(video.videoImport().stillAtSource()).singleElement().satisfies(at -> {
      assertThat(at.state()).isEqualTo(RecordingAtSource.State.VERIFICATION_FAILED);
      assertThat(at.nextAttempt()).isEmpty();
      assertThat(at.age()).isEqualTo(Duration.ofDays(2));
    });
  }

  @Test
  @DisplayName("a stored copy that reads back wrong is an integrity event, and the recording stays at source")
  void corruptedCopy() throws Exception {
    SampleConsultation sample = publish(VideoSamples.consultation(1, 1_500));

    ImportReport report = video.videoImport().importNew("nightly import", new VideoImportListener() {
      @Override
      public void consultationFinished(ConsultationOutcome outcome) {
        // Between the import and its verification, the stored bytes change behind the engine's back.
        try (Connection c = dataSource().getConnection(); Statement s = c.createStatement();
            var rs = s.executeQuery("SELECT blob_id FROM evidence_item")) {
          while (rs.next()) {
            store.corrupt(new io.evidencekit.spi.BlobId(rs.getString(1)));
          }
        } catch (java.sql.SQLException e) {
          throw new AssertionError(e);
        }
      }
    });

    assertThat(report.recordingsImported()).isEqualTo(1);
    assertThat(report.verificationsFailed()).isEqualTo(1);
    assertThat(report.deletedAtSource()).isZero();
    assertThat(source.deletionsAsked()).isZero();
    assertThat(atSource(sample, 0)).isTrue();
    assertThat(events(CustodyAction.INTEGRITY_FAILURE)).anySatisfy(e -> assertThat(e.details())
        .containsEntry("consultation", "vc-1").containsEntry("sha256", "unreadable"));
    assertThat(video.videoImport().stillAtSource()).singleElement()
        .satisfies(at -> assertThat(at.state()).isEqualTo(RecordingAtSource.State.VERIFICATION_FAILED));
  }

  @Test
  @DisplayName("a deletion that fails is retried with a doubling backoff, listed with its age until it succeeds, then recorded")
  void deletionRetriedWithBackoff() throws Exception {
    SampleConsultation sample = publish(VideoSamples.consultation(1, 900));
    source.failDeletions(2);

    ImportReport first = video.videoImport().importNew("nightly import");
    assertThat(first.deletionsFailed()).isEqualTo(1);
    assertThat(video.videoImport().stillAtSource()).singleElement().satisfies(at -> {
      assertThat(at.state()).isEqualTo(RecordingAtSource.State.DELETION_FAILING);
      assertThat(at.attempts()).isEqualTo(1);
      assertThat(at.nextAttempt()).contains(clock.instant().plus(Duration.ofMinutes(5)));
      assertThat(at.lastFailure()).hasValueSatisfying(f -> assertThat(f).contains("500"));
    });

    clock.advance(Duration.ofMinutes(4));
    assertThat(video.videoImport().importNew("too early").deletionsFailed()).isZero();
    assertThat(source.deletionsAsked()).isEqualTo(1);

    clock.advance(Duration.ofMinutes(1));
    assertThat(video.videoImport().importNew("retry").deletionsFailed()).isEqualTo(1);
    assertThat(video.videoImport().stillAtSource()).singleElement().satisfies(at -> {
      assertThat(at.attempts()).isEqualTo(2);
      assertThat(at.nextAttempt()).contains(clock.instant().plus(Duration.ofMinutes(10)));
      assertThat(at.age()).isEqualTo(Duration.ofMinutes(5));
    });

    clock.advance(Duration.ofMinutes(10));
    ImportReport third = video.videoImport().importNew("retry");
    assertThat(third.deletedAtSource()).isEqualTo(1);
    assertThat(atSource(sample, 0)).isFalse();
    assertThat(video.videoImport().stillAtSource()).isEmpty();
    assertThat(events(CustodyAction.VIDEO_DELETED_AT_SOURCE)).singleElement()
        .satisfies(e -> assertThat(e.details()).containsEntry("confirmation", "memory-deletion-vc-1-rec-1-1"));
  }

  @Test
  @DisplayName("a recording the platform lists as missing is flagged and reported, never deleted; the others are imported")
  void missingRecording() throws Exception {
    SampleConsultation full = VideoSamples.consultation(1, 300, 400);
    SampleConsultation sample = publish(VideoSamples.withoutBytes(full, new RecordingId("rec-1-2")));

    ImportReport report = video.videoImport().importNew("nightly import");

    assertThat(outcome(report, sample).missing()).containsExactly(new RecordingId("rec-1-2"));
    assertThat(outcome(report, sample).imported()).containsExactly(new RecordingId("rec-1-1"));
    assertThat(items()).hasSize(1);
    assertThat(events(CustodyAction.VIDEO_RECORDING_MISSING)).singleElement()
        .satisfies(e -> assertThat(e.details()).containsEntry("recording", "rec-1-2"));
    assertThat(events(CustodyAction.VIDEO_DELETED_AT_SOURCE)).extracting(e -> e.details().get("recording"))
        .containsExactly("rec-1-1");
    assertThat(video.videoImport().status(sample.consultation().id()).recordings())
        .filteredOn(ConsultationStatus.RecordingStatus::missing).singleElement()
        .satisfies(r -> assertThat(r.deletedAtSource()).isEmpty());
  }

  @Test
  @DisplayName("a quality review is an event with its outcome and notes, allowed only by the policy")
  void qualityReview() {
    SampleConsultation sample = publish(VideoSamples.consultation(1, 100));
    video.videoImport().importNew("nightly import");

    video.videoImport().recordQualityReview(SUPERVISOR, sample.consultation().id(), QualityOutcome.ADVICE_GIVEN,
        "Good rapport; remind the officer to state the recording notice first.");
    assertThatThrownBy(() -> video.videoImport().recordQualityReview(OTHER_OFFICER, sample.consultation().id(),
        QualityOutcome.MEETS_STANDARD, "fine"))
        .isInstanceOf(EvidenceException.class).extracting("code").isEqualTo(ErrorCode.ACCESS_DENIED);

    assertThat(events(CustodyAction.VIDEO_QUALITY_REVIEWED)).singleElement().satisfies(e -> {
      assertThat(e.actor().id()).isEqualTo(SUPERVISOR.id());
      assertThat(e.details()).containsEntry("outcome", "ADVICE_GIVEN").containsEntry("rule", "role:supervisor")
          .containsEntry("notes", "Good rapport; remind the officer to state the recording notice first.");
    });
  }

  @Test
  @DisplayName("a complaint or IPCO referral holds every item of the consultation, and its later imports too; its footage cannot be discarded")
  void referralHoldsEverything() {
    SampleConsultation imported = publish(VideoSamples.consultation(1, 100, 200));
    SampleConsultation held = publish(VideoSamples.withConsent(2, Optional.empty(), 300));
    video.videoImport().importNew("nightly import");

    List<LegalHold> now = video.videoImport().referComplaint(SUPERVISOR, imported.consultation().id(), Referral.COMPLAINT,
        "CO/2026/0042", "complaint about the officer's manner");
    List<LegalHold> none = video.videoImport().referComplaint(SUPERVISOR, held.consultation().id(), Referral.IPCO,
        "IPCO/2026/7", "referred by the PSD");

    assertThat(now).hasSize(2).allSatisfy(h -> assertThat(h.standing()).isTrue());
    assertThat(none).isEmpty();
    assertThatThrownBy(() -> video.videoImport().decide(SUPERVISOR, held.consultation().id(),
        SupervisorDecision.DISCARD_AT_SOURCE, "no consent"))
        .isInstanceOf(EvidenceException.class).extracting("code").isEqualTo(ErrorCode.INVALID_INPUT);
    video.videoImport().decide(SUPERVISOR, held.consultation().id(), SupervisorDecision.IMPORT, "secure it for IPCO");

    List<LegalHold> holds = engine.retention().holds(SUPERVISOR, request.id(), "test check");
    assertThat(holds).hasSize(3).allSatisfy(h -> assertThat(h.standing()).isTrue());
    assertThat(holds).extracting(LegalHold::reason).anySatisfy(r -> assertThat(r).startsWith("IPCO IPCO/2026/7"))
        .anySatisfy(r -> assertThat(r).startsWith("COMPLAINT CO/2026/0042"));
    assertThat(holds).extracting(h -> ItemId.parse(h.target().id())).containsExactlyInAnyOrderElementsOf(
        items().stream().map(EvidenceItem::id).toList());
    assertThat(events(CustodyAction.VIDEO_REFERRED)).extracting(e -> e.details().get("kind"))
        .containsExactly("COMPLAINT", "IPCO");
    assertThat(video.videoImport().status(held.consultation().id()).underHold()).isTrue();
    assertThatThrownBy(() -> engine.retention().scheduleDisposal(SUPERVISOR, request.id(), "tidy up"))
        .isInstanceOf(EvidenceException.class);
  }

  @Test
  @DisplayName("an engine without a video source answers CONFIGURATION")
  void noSource() {
    assertThatThrownBy(() -> engine.videoImport().importNew("nightly import"))
        .isInstanceOf(EvidenceException.class).extracting("code").isEqualTo(ErrorCode.CONFIGURATION);
  }

  @Test
  @DisplayName("a retention category missing from the rules is refused when the engine is built")
  void unknownCategory() {
    assertThatThrownBy(() -> newEngine(b -> b.videoSource(platform.connect()).videoImportSettings(
        VideoImportSettings.of(RequestMapping.existing(c -> request.id()), "no-such-category"))))
        .isInstanceOf(EvidenceException.class).extracting("code").isEqualTo(ErrorCode.CONFIGURATION);
  }

  @Test
  @DisplayName("one request per call reference is created from the host's template, and reused")
  void requestPerCallReference() {
    AtomicLong created = new AtomicLong();
    EvidenceEngine perCall = newEngine(b -> b.videoSource(platform.connect()).videoImportSettings(
        VideoImportSettings.of(RequestMapping.perCallReference(c -> {
          created.incrementAndGet();
          return new io.evidencekit.api.NewEvidenceRequest("Video call " + c.callReference(),
              "Recorded video consultation", TestData.WRIGHT_CONTACT,
              io.evidencekit.api.Recipient.byEmail("Video unit", "video-unit@kent.police.example"));
        }), CATEGORY)));
    publish(VideoSamples.consultation(1, 100));
    perCall.videoImport().importNew("nightly import");
    SampleConsultation sameCall = VideoSamples.consultation(2, 100);
    Consultation c = sameCall.consultation();
    publish(new SampleConsultation(new Consultation(new ConsultationId("vc-2b"), "CAD-4001", c.officer(), c.caller(),
        c.start(), c.end(), c.recordings(), c.consent()), sameCall.content()));
    perCall.videoImport().importNew("nightly import");

    assertThat(created.get()).isEqualTo(1);
    RequestId one = perCall.videoImport().status(new ConsultationId("vc-1")).request();
    assertThat(perCall.videoImport().status(new ConsultationId("vc-2b")).request()).isEqualTo(one);
    assertThat(engine.officers().submissions(SUPERVISOR, one, "test check")).hasSize(2);
  }

  @Test
  @DisplayName("end to end from a platform's export folder: the consented call imported and moved to done/, the other held and left")
  void fromExportFolder() throws Exception {
    java.nio.file.Path export = java.nio.file.Files.createDirectories(dir.resolve("export"));
    byte[] withConsent = VideoSamples.content(4_000, 1);
    byte[] without = VideoSamples.content(3_000, 2);
    java.nio.file.Files.write(export.resolve("vc-1-1.mp4"), withConsent);
    java.nio.file.Files.write(export.resolve("vc-2-1.mp4"), without);
    java.nio.file.Files.writeString(export.resolve("vc-1.json"), manifest("vc-1", "vc-1-1.mp4", withConsent, """
        {"givenBy": "Sam Caller", "at": "2026-11-02T21:33:10Z", "method": "SPOKEN_ON_CALL", "decision": "GIVEN",
         "recordingNoticeGiven": true, "othersPresent": [], "collateralIntrusionNote": null}"""));
    java.nio.file.Files.writeString(export.resolve("vc-2.json"), manifest("vc-2", "vc-2-1.mp4", without, "null"));
    EvidenceEngine folder = videoEngine(new io.evidencekit.video.folder.FolderVideoSource(export, "GoodSAM", clock));

    ImportReport report = folder.videoImport().importNew("nightly import");

    assertThat(report.refused()).isEmpty();
    assertThat(report.consultations()).extracting(ConsultationOutcome::outcome).containsExactlyInAnyOrder(
        ConsultationOutcome.Outcome.HELD_FOR_DECISION, ConsultationOutcome.Outcome.IMPORTED);
    assertThat(items()).singleElement()
        .satisfies(i -> assertThat(i.sha256()).isEqualTo(VideoSamples.sha256(withConsent)));
    assertThat(export.resolve("vc-1-1.mp4")).doesNotExist();
    assertThat(export.resolve("done").resolve("vc-1").resolve("vc-1-1.mp4")).exists();
    assertThat(export.resolve("vc-2-1.mp4")).exists();
    assertThat(events(CustodyAction.ITEM_RECEIVED)).singleElement()
        .satisfies(e -> assertThat(e.details()).containsEntry("source", "video:GoodSAM"));
  }

  private static String manifest(String id, String file, byte[] bytes, String consent) {
    return """
        {"format": "evidencekit-video-export/1", "consultationId": "%s", "callReference": "CAD-4002",
         "officer": {"userId": "pc1234", "displayName": "PC Kim Officer"}, "caller": "Sam Caller",
         "start": "2026-11-02T21:35:00Z", "end": "2026-11-02T22:0%s:00Z",
         "recordings": [{"id": "rec-1", "file": "%s", "size": %d, "mediaType": "video/mp4", "sha256": "%s"}],
         "consent": %s}""".formatted(id, id.substring(3), file, bytes.length, VideoSamples.sha256(bytes).hex(), consent);
  }

  @Test
  @DisplayName("with an interval set, the engine runs the pass itself, once per interval window across engines")
  void scheduledPass() throws Exception {
    publish(VideoSamples.consultation(1, 100));
    publish(VideoSamples.consultation(2, 100));
    VideoImportSettings every = VideoImportSettings.of(RequestMapping.existing(c -> request.id()), CATEGORY)
        .runEvery(Duration.ofMillis(50));
    newEngine(b -> b.videoSource(platform.connect()).videoImportSettings(every));
    newEngine(b -> b.videoSource(platform.connect()).videoImportSettings(every));

    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (count("SELECT COUNT(*) FROM video_recording WHERE deleted_at IS NOT NULL") < 2
        && System.nanoTime() < deadline) {
      java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(20).toNanos()); // polling, not timing
    }
    assertThat(count("SELECT COUNT(*) FROM evidence_item")).isEqualTo(2);
    assertThat(count("SELECT COUNT(*) FROM video_recording WHERE deleted_at IS NOT NULL")).isEqualTo(2);
    assertThat(events(CustodyAction.VIDEO_CONSENT_RECORDED)).hasSize(2);
    try (Connection c = dataSource().getConnection(); Statement s = c.createStatement();
        var rs = s.executeQuery("SELECT claimed_at FROM scheduled_run WHERE name = 'video-import'")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getObject(1)).as("the pass was claimed through scheduled_run").isNotNull();
    }
  }

  @Test
  @DisplayName("a consultation whose request cannot be found is reported and listed again next pass, never skipped")
  void requestNotFoundYet() {
    java.util.concurrent.atomic.AtomicBoolean known = new java.util.concurrent.atomic.AtomicBoolean();
    EvidenceEngine mapped = newEngine(b -> b.videoSource(platform.connect()).videoImportSettings(VideoImportSettings.of(
        RequestMapping.existing(c -> {
          if (!known.get()) {
            throw new EvidenceException(ErrorCode.NOT_FOUND, "no case for " + c.callReference() + " yet");
          }
          return request.id();
        }), CATEGORY)));
    SampleConsultation sample = publish(VideoSamples.consultation(1, 100));

    ImportReport early = mapped.videoImport().importNew("nightly import");
    known.set(true);
    ImportReport later = mapped.videoImport().importNew("nightly import");

    assertThat(outcome(early, sample).outcome()).isEqualTo(ConsultationOutcome.Outcome.FAILED);
    assertThat(outcome(early, sample).detail()).hasValueSatisfying(d -> assertThat(d).contains("NOT_FOUND"));
    assertThat(outcome(later, sample).outcome()).isEqualTo(ConsultationOutcome.Outcome.IMPORTED);
    assertThat(items()).hasSize(1);
  }
}
