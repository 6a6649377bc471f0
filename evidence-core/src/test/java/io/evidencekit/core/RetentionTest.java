package io.evidencekit.core;

import static io.evidencekit.core.testing.TestData.SUPERVISOR;
import static io.evidencekit.core.testing.TestData.WRIGHT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evidencekit.api.CustodyAction;
import io.evidencekit.api.CustodyEvent;
import io.evidencekit.api.Declaration;
import io.evidencekit.api.EmailAddress;
import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.EvidenceRequest;
import io.evidencekit.api.IssuedInvitation;
import io.evidencekit.api.ItemId;
import io.evidencekit.api.NewEvidenceRequest;
import io.evidencekit.api.Receipt;
import io.evidencekit.api.Recipient;
import io.evidencekit.api.RequestId;
import io.evidencekit.api.SubmissionId;
import io.evidencekit.api.retention.CaseFact;
import io.evidencekit.api.retention.HoldTarget;
import io.evidencekit.api.retention.LegalHold;
import io.evidencekit.api.retention.RetentionEvent;
import io.evidencekit.api.retention.RetentionExplanation;
import io.evidencekit.api.retention.RetentionState;
import io.evidencekit.api.retention.SweepReport;
import io.evidencekit.core.custody.AuditReport;
import io.evidencekit.core.testing.DatabaseKind;
import io.evidencekit.core.testing.TestData;
import io.evidencekit.spi.BlobId;
import io.evidencekit.verify.Checkpoint;
import io.evidencekit.verify.CustodyLeaf;
import io.evidencekit.verify.InclusionProof;
import io.evidencekit.verify.NoteVerifierKey;
import io.evidencekit.verify.ProofVerifier;
import io.evidencekit.verify.SignedCheckpoint;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass(name = "on {0}")
@EnumSource(DatabaseKind.class)
@DisplayName("Retention: holds, the grace period and provable disposal")
class RetentionTest extends EngineTestBase {
  static final String NOT_RELEVANT = "community-not-relevant";

  /** A request whose personal data all carry {@code marker}, with one submission of two files. */
  record Made(EvidenceRequest request, Receipt receipt, String marker) {}

  Made make(String marker) {
    EvidenceRequest request = engine.officers().createRequest(WRIGHT, new NewEvidenceRequest("Theft " + marker,
        "Doorbell camera of " + marker + " between 01:00 and 03:00", TestData.WRIGHT_CONTACT,
        new Recipient("Resident " + marker, Optional.of(new EmailAddress(marker + "@example.org")), Optional.empty())));
    IssuedInvitation link = engine.officers().issueInvitation(WRIGHT, request.id(), "initial request");
    SubmissionId s = engine.publicSide().startSubmission(link.token());
    engine.publicSide().addFile(link.token(), s, marker + "-front.txt", "text/plain", TestData.utf8("front " + marker));
    engine.publicSide().addFile(link.token(), s, marker + "-back.txt", "text/plain", TestData.utf8("back " + marker));
    Receipt receipt = engine.publicSide().submit(link.token(), s, Optional.of("caption " + marker), Declaration.of(2));
    engine.operations().deliverPendingNotifications();
    return new Made(request, receipt, marker);
  }

  void closeAsNotRelevant(RequestId r) {
    engine.retention().classify(WRIGHT, r, NOT_RELEVANT, "no offence disclosed");
    engine.retention().recordFact(WRIGHT, r, new CaseFact(RetentionEvent.REQUEST_CLOSED, today()), "closed");
  }

  LocalDate today() {
    return clock.instant().atOffset(ZoneOffset.UTC).toLocalDate();
  }

  SweepReport sweepAfterDays(int days) {
    return engine.operations().sweepRetention(clock.instant().plus(Duration.ofDays(days)), false);
  }

  RetentionState state(RequestId r) {
    return engine.retention().explain(SUPERVISOR, r, "test").state();
  }

  List<CustodyEvent> events() {
    return engine.custody().events(TestData.AUDITOR, 0, 10_000, "audit in a test");
  }

  List<BlobId> blobs(RequestId r) throws Exception {
    List<BlobId> blobs = new ArrayList<>();
    try (Connection c = dataSource().getConnection();
         var s = c.prepareStatement("SELECT blob_id FROM evidence_item WHERE request_id = ?")) {
      s.setObject(1, r.value());
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          blobs.add(new BlobId(rs.getString(1)));
        }
      }
    }
    return blobs;
  }

  @Test
  @DisplayName("a request closed as not relevant is disposed of 31 days plus the grace period later: every copy deleted, a certificate written, the audit intact, and a proof issued before still verifies")
  void disposal() throws Exception {
    Made made = make("ALPHA7");
    Made kept = make("BRAVO8");
    closeAsNotRelevant(made.request().id());
    List<BlobId> blobs = blobs(made.request().id());
    assertThat(blobs).allSatisfy(b -> assertThat(store.exists(b)).isTrue());

    SignedCheckpoint before = engine.custody().checkpoint();
    Checkpoint checkpoint = Checkpoint.verify(before.bytes(), NoteVerifierKey.parse(engine.custody().publicKey()));
    CustodyEvent received = events().stream()
        .filter(e -> e.action() == CustodyAction.ITEM_RECEIVED && e.requestId().equals(Optional.of(made.request().id())))
        .findFirst().orElseThrow();
    InclusionProof proof = engine.custody().inclusionProof(received.sequence(), checkpoint.size());

    RetentionExplanation explained = engine.retention().explain(WRIGHT, made.request().id(), "when does it go");
    assertThat(explained.retainedUntil()).contains(today().plusDays(31));
    assertThat(explained.governing().orElseThrow().rule()).isEqualTo("community-not-relevant-31-days");

    SweepReport early = sweepAfterDays(30);
    assertThat(early.scheduled() + early.disposed()).isZero();
    SweepReport report = sweepAfterDays(40);
    assertThat(report.scheduled()).isEqualTo(1);
    assertThat(report.disposed()).isEqualTo(1);

    assertThat(blobs).allSatisfy(b -> assertThat(store.exists(b)).isFalse());
    assertThat(state(made.request().id())).isEqualTo(RetentionState.DISPOSED);
    assertThat(blobs(kept.request().id())).allSatisfy(b -> assertThat(store.exists(b)).isTrue());

    List<CustodyEvent> after = events();
    CustodyEvent certificate = after.stream().filter(e -> e.action() == CustodyAction.DISPOSAL_CERTIFIED).findFirst().orElseThrow();
    assertThat(certificate.requestId()).contains(made.request().id());
    assertThat(certificate.details().get("rule")).isEqualTo("community-not-relevant-31-days");
    assertThat(certificate.details().get("disposedItems")).contains(made.receipt().files().get(0).sha256().hex());
    assertThat(certificate.details().get("redacted")).contains(received.sequence() + ":" + received.bodyHash().hex());

    AuditReport audit = engine.custody().audit();
    assertThat(audit.findings()).isEmpty();
    assertThat(audit.redactedBodies()).isGreaterThan(0);
    CustodyEvent redacted = after.stream().filter(e -> e.sequence() == received.sequence()).findFirst().orElseThrow();
    assertThat(redacted.details()).doesNotContainKey("name");
    assertThat(ProofVerifier.verifyInclusion(redacted.sequence(), checkpoint.size(), CustodyLeaf.of(redacted).hash(),
        proof.proof(), checkpoint.root()).valid()).isTrue();

    assertThat(PersonalData.find(dataSource(), made.marker())).isEmpty();
    assertThat(PersonalData.find(dataSource(), kept.marker())).isNotEmpty();
    // A second sweep does nothing more: idempotent.
    assertThat(sweepAfterDays(60).disposed()).isZero();
    assertThat(events().stream().filter(e -> e.action() == CustodyAction.DISPOSAL_CERTIFIED)).hasSize(1);
  }

  @Test
  @DisplayName("a legal hold on the request, an item or its case blocks every path to disposal; lifting the last one lets it proceed")
  void holds() throws Exception {
    Made made = make("CHARLIE9");
    RequestId r = made.request().id();
    closeAsNotRelevant(r);
    engine.retention().linkToCase(WRIGHT, r, "op-kestrel", "linked");
    ItemId item = events().stream()
        .filter(e -> e.action() == CustodyAction.ITEM_RECEIVED && e.requestId().equals(Optional.of(r)))
        .findFirst().orElseThrow().itemId().orElseThrow();
    LegalHold onRequest = engine.retention().setHold(SUPERVISOR, HoldTarget.request(r), "complaint");
    LegalHold onItem = engine.retention().setHold(SUPERVISOR, HoldTarget.item(item), "IPCO referral");
    LegalHold onCase = engine.retention().setHold(SUPERVISOR, HoldTarget.ofCase("op-kestrel"), "appeal");

    SweepReport held = sweepAfterDays(40);
    assertThat(held.disposed()).isZero();
    assertThat(held.held()).isEqualTo(1);
    assertThat(state(r)).isEqualTo(RetentionState.HELD);
    clock.advance(Duration.ofDays(40));
    assertThatThrownBy(() -> engine.retention().scheduleDisposal(SUPERVISOR, r, "dispose now"))
        .isInstanceOf(EvidenceException.class).extracting("code").isEqualTo(ErrorCode.INVALID_INPUT);

    for (LegalHold h : List.of(onRequest, onItem)) {
      engine.retention().liftHold(SUPERVISOR, h.id(), "resolved");
      assertThat(sweepAfterDays(10).disposed()).isZero();
    }
    assertThat(blobs(r)).allSatisfy(b -> assertThat(store.exists(b)).isTrue());
    engine.retention().liftHold(SUPERVISOR, onCase.id(), "appeal decided");
    assertThat(state(r)).isEqualTo(RetentionState.KEPT);
    SweepReport report = sweepAfterDays(10); // scheduled afresh with a full grace period, then carried out
    assertThat(report.disposed()).isEqualTo(1);
    assertThat(blobs(r)).allSatisfy(b -> assertThat(store.exists(b)).isFalse());
    assertThat(events()).extracting(CustodyEvent::action)
        .contains(CustodyAction.LEGAL_HOLD_SET, CustodyAction.LEGAL_HOLD_LIFTED, CustodyAction.DISPOSAL_CERTIFIED);
    assertThat(engine.custody().audit().intact()).isTrue();
  }

  @Test
  @DisplayName("a hold set while disposal is scheduled cancels it at once")
  void holdCancelsSchedule() {
    Made made = make("DELTA3");
    RequestId r = made.request().id();
    closeAsNotRelevant(r);
    assertThat(sweepAfterDays(32).scheduled()).isEqualTo(1);
    assertThat(state(r)).isEqualTo(RetentionState.DISPOSAL_SCHEDULED);
    engine.retention().setHold(SUPERVISOR, HoldTarget.request(r), "litigation");
    assertThat(state(r)).isEqualTo(RetentionState.HELD);
    assertThat(sweepAfterDays(90).disposed()).isZero();
  }

  @Test
  @DisplayName("a scheduled disposal cancelled during its grace period does not happen, and the request comes up again on the date given")
  void graceCancel() {
    Made made = make("ECHO4");
    RequestId r = made.request().id();
    closeAsNotRelevant(r);
    assertThat(sweepAfterDays(33).scheduled()).isEqualTo(1);
    clock.advance(Duration.ofDays(33));
    engine.retention().cancelDisposal(SUPERVISOR, r, today().plusDays(365), "the victim asked for it to be kept");
    assertThat(sweepAfterDays(10).disposed()).isZero();
    assertThat(state(r)).isEqualTo(RetentionState.KEPT);
    SweepReport later = sweepAfterDays(366);
    assertThat(later.reviewsDue()).isEqualTo(1); // the officer's date is a review, not a disposal
    assertThat(engine.retention().reviewsDue(SUPERVISOR, 10)).extracting(d -> d.request()).containsExactly(r);
  }

  @Test
  @DisplayName("a review comes due on the queue; the reviewer may retain until a date, or dispose (scheduled with the grace period)")
  void review() {
    Made made = make("FOXTROT5");
    RequestId r = made.request().id();
    engine.retention().classify(WRIGHT, r, "mopi-2", "violent offence");
    assertThat(sweepAfterDays(365 * 10 + 3).reviewsDue()).isEqualTo(1);
    clock.advance(Duration.ofDays(365 * 10 + 3));
    // The 10-year review restarts at the review; a later retain-until is longer, so it governs.
    engine.retention().retainUntil(SUPERVISOR, r, today().plusYears(12), "still relevant to a linked case");
    assertThat(state(r)).isEqualTo(RetentionState.KEPT);
    assertThat(sweepAfterDays(365 * 10 + 5).reviewsDue()).isZero();
    assertThat(sweepAfterDays(365 * 12 + 5).reviewsDue()).isEqualTo(1);
    clock.advance(Duration.ofDays(365 * 12 + 5));
    engine.retention().scheduleDisposal(SUPERVISOR, r, "no longer needed");
    assertThat(state(r)).isEqualTo(RetentionState.DISPOSAL_SCHEDULED);
    assertThat(sweepAfterDays(6).disposed()).isZero();
    assertThat(sweepAfterDays(8).disposed()).isEqualTo(1);
    assertThat(events()).extracting(CustodyEvent::action).contains(CustodyAction.REVIEW_DUE, CustodyAction.REVIEW_RECORDED,
        CustodyAction.DISPOSAL_SCHEDULED, CustodyAction.DISPOSAL_CERTIFIED);
  }

  @Test
  @DisplayName("a dry run reports what would happen and changes nothing")
  void dryRun() {
    Made made = make("GOLF6");
    closeAsNotRelevant(made.request().id());
    long size = engine.custody().size();
    SweepReport plan = engine.operations().sweepRetention(clock.instant().plus(Duration.ofDays(40)), true);
    assertThat(plan.dryRun()).isTrue();
    assertThat(plan.disposed()).isEqualTo(1);
    assertThat(engine.custody().size()).isEqualTo(size);
    assertThat(state(made.request().id())).isEqualTo(RetentionState.KEPT);
  }

  @Test
  @DisplayName("an officer the policy does not allow cannot classify, hold or dispose, and the refusal is recorded")
  void access() {
    Made made = make("HOTEL2");
    assertThatThrownBy(() -> engine.retention().setHold(TestData.OTHER_OFFICER, HoldTarget.request(made.request().id()), "x"))
        .isInstanceOf(EvidenceException.class).extracting("code").isEqualTo(ErrorCode.ACCESS_DENIED);
    assertThat(events()).extracting(CustodyEvent::action).contains(CustodyAction.ACCESS_REFUSED);
  }

  /** Finds a marker in any text or binary column of any table. */
  static final class PersonalData {
    static List<String> find(javax.sql.DataSource ds, String marker) throws Exception {
      List<String> found = new ArrayList<>();
      String needle = marker.toLowerCase(java.util.Locale.ROOT);
      try (Connection c = ds.getConnection()) {
        List<String> tables = new ArrayList<>();
        try (ResultSet rs = c.getMetaData().getTables(null, null, "%", new String[] {"TABLE", "BASE TABLE"})) {
          while (rs.next()) {
            String schema = rs.getString("TABLE_SCHEM");
            if (schema != null && (schema.equalsIgnoreCase("information_schema") || schema.startsWith("pg_"))) {
              continue;
            }
            tables.add(rs.getString("TABLE_NAME"));
          }
        }
        assertThat(tables).contains("evidence_request", "custody_event", "outbox", "legal_hold");
        for (String table : tables) {
          try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
              for (int i = 1; i <= md.getColumnCount(); i++) {
                Object v = rs.getObject(i);
                String text = v instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(v);
                if (text.toLowerCase(java.util.Locale.ROOT).contains(needle)) {
                  found.add(table + "." + md.getColumnName(i));
                }
              }
            }
          }
        }
      }
      return found;
    }
  }
}
