package io.evidencekit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.evidencekit.api.Actor;
import io.evidencekit.api.CustodyAction;
import io.evidencekit.api.CustodyEvent;
import io.evidencekit.api.EmailAddress;
import io.evidencekit.api.ForceReference;
import io.evidencekit.api.NewEvidenceRequest;
import io.evidencekit.api.PhoneNumber;
import io.evidencekit.api.Recipient;
import io.evidencekit.api.RequestId;
import io.evidencekit.api.RequestingOfficer;
import io.evidencekit.api.retention.CaseFact;
import io.evidencekit.api.retention.RetentionEvent;
import io.evidencekit.api.retention.RetentionState;
import io.evidencekit.core.EngineSettingsFile;
import io.evidencekit.core.EvidenceEngine;
import io.evidencekit.core.custody.AuditReport;
import io.evidencekit.storage.fs.FilesystemBlobStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * retention sweep, retention explain, hold set and hold lift on a data directory as the host leaves it: one
 * request with two files ingested from "USB", classified by the host as a community submission found not
 * relevant and closed today, so the default rule disposes of it 31 days later, after a 7-day grace period.
 */
@DisplayName("evidencekit retention and hold")
class RetentionHoldCommandTest {
  private static final Actor.Officer WRIGHT = Actor.Officer.of("pc-4471", "Wright, D.");
  private static final Actor.Officer AUDITOR = Actor.Officer.of("aud-7", "Audit, A.", "auditor");
  private static final String FOOTAGE = "camera one footage, 3 May 01:00-03:00";

  @TempDir Path dir;
  private Path data;
  private String reference;
  private final LocalDate today = LocalDate.now(ZoneOffset.UTC);

  @BeforeEach
  void aRequestClosedAsNotRelevant() throws IOException {
    data = dir.resolve("data");
    EngineSettingsFile.createIfAbsent(data, Map.of(EngineSettingsFile.FORCE_CODE, "46",
        EngineSettingsFile.PORTAL_LINK_BASE, "https://evidence.example/r/"), new SecureRandom());
    reference = onEngine(engine -> engine.officers().createRequest(WRIGHT, new NewEvidenceRequest("Theft from a car",
        "Doorbell footage 01:00-03:00 on 3 May", new RequestingOfficer("pc-4471", "Wright, D.",
            new EmailAddress("d.wright@kent.police.example"), new PhoneNumber("+441622690690")),
        Recipient.byEmail("D Smith", "d.smith@example.org"))).reference().value());
    Path usb = Files.createDirectories(dir.resolve("usb"));
    Files.writeString(usb.resolve("cam1.264"), FOOTAGE);
    Files.writeString(usb.resolve("cam2.264"), "camera two footage");
    CliRun ingest = run("ingest", "--request", reference, "--data", data.toString(), "--officer", "pc-4471", "--quiet",
        usb.toString());
    assertThat(ingest.exit()).as(ingest.err()).isZero();
    onEngine(engine -> {
      RequestId id = request(engine);
      engine.retention().classify(WRIGHT, id, "community-not-relevant", "no offence disclosed");
      engine.retention().recordFact(WRIGHT, id, new CaseFact(RetentionEvent.REQUEST_CLOSED, today), "closed");
      return null;
    });
  }

  @Test
  @DisplayName("explain prints the category, the facts, every rule with the day it started and ends, and marks the one that governs")
  void explain() {
    CliRun run = run("retention", "explain", "--data", data.toString(), "--request", reference, "--officer", "pc-4471");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("Request " + reference + ": category community-not-relevant, state KEPT")
        .contains("REQUEST_CLOSED     " + today)
        .contains("* community-not-relevant-31-days then DISPOSE: started " + today + ", ends " + today.plusDays(31))
        .contains("Governs: community-not-relevant-31-days (marked *): kept until " + today.plusDays(31) + ", then dispose")
        .contains("Legal holds: none");
    assertThat(run.err()).isEmpty();
  }

  @Test
  @DisplayName("a held request survives a sweep past its rule; once the hold is lifted the next sweep disposes of it: "
      + "its bytes gone, a certificate in the log, and the audit of the whole log intact")
  void holdThenDispose() throws IOException {
    String asOf = today.plusDays(40).toString();
    CliRun set = run("hold", "set", "--data", data.toString(), "--request", reference, "--reason", "IPCO referral 2027/014",
        "--officer", "pc-4471");
    assertThat(set.exit()).as(set.err()).isZero();
    assertThat(set.out()).contains("Legal hold ").contains(" set on " + reference + " by pc-4471");
    assertThat(run("retention", "explain", "--data", data.toString(), "--request", reference, "--officer", "pc-4471").out())
        .contains("IPCO referral 2027/014");

    CliRun held = run("retention", "sweep", "--data", data.toString(), "--as-of", asOf);
    assertThat(held.exit()).as(held.err()).isZero();
    assertThat(held.out()).contains("0 requests disposed of").contains("1 held by a legal hold")
        .contains(reference + ": disposal due under community-not-relevant-31-days but a legal hold stands");
    assertThat(held.err()).contains("swept retention as of " + asOf + "T00:00:00Z: 1 requests evaluated");
    assertThat(state()).isEqualTo(RetentionState.HELD);
    assertThat(blobsHolding(FOOTAGE)).isOne();

    CliRun lift = run("hold", "lift", "--data", data.toString(), "--request", reference, "--reason", "referral closed",
        "--officer", "pc-4471");
    assertThat(lift.exit()).as(lift.err()).isZero();
    assertThat(lift.out()).contains("lifted").contains("No hold stands over " + reference);
    CliRun again = run("hold", "lift", "--data", data.toString(), "--request", reference, "--reason", "again",
        "--officer", "pc-4471");
    assertThat(again.exit()).isEqualTo(ExitCodes.NOT_VERIFIED);
    assertThat(again.err()).contains("no legal hold set on " + reference + " itself stands");

    CliRun swept = run("retention", "sweep", "--data", data.toString(), "--as-of", asOf, "--quiet");
    assertThat(swept.exit()).as(swept.err()).isZero();
    assertThat(swept.out()).contains("1 disposals scheduled").contains("1 requests disposed of")
        .contains(reference + ": disposed of under community-not-relevant-31-days");
    assertThat(swept.err()).isEmpty();
    assertThat(state()).isEqualTo(RetentionState.DISPOSED);
    assertThat(blobsHolding(FOOTAGE)).isZero();
    onEngine(engine -> {
      List<CustodyEvent> events = engine.custody().events(AUDITOR, 0, 10_000, "audit in a test");
      assertThat(events).extracting(CustodyEvent::action).contains(CustodyAction.LEGAL_HOLD_SET,
          CustodyAction.LEGAL_HOLD_LIFTED, CustodyAction.DISPOSAL_SCHEDULED, CustodyAction.DISPOSAL_CERTIFIED);
      AuditReport audit = engine.custody().audit(engine.custody().verifierKey());
      assertThat(audit.intact()).as(String.valueOf(audit.findings())).isTrue();
      assertThat(audit.redactedBodies()).isPositive();
      return null;
    });

    CliRun nothingLeft = run("retention", "sweep", "--data", data.toString(), "--as-of", asOf, "--quiet");
    assertThat(nothingLeft.exit()).isZero();
    assertThat(nothingLeft.out()).contains("0 requests evaluated").contains("0 requests disposed of");
  }

  @Test
  @DisplayName("a dry run reports that the request would be disposed of and changes nothing; before the rule ends nothing is due")
  void dryRun() throws IOException {
    long size = onEngine(engine -> engine.custody().size());
    CliRun early = run("retention", "sweep", "--data", data.toString(), "--as-of", today.plusDays(30).toString(), "--dry-run");
    assertThat(early.exit()).as(early.err()).isZero();
    assertThat(early.out()).contains("Dry run as of").contains("0 disposals would be scheduled, 0 requests would be disposed of");

    CliRun plan = run("retention", "sweep", "--data", data.toString(), "--as-of", today.plusDays(40) + "T12:00:00Z", "--dry-run");
    assertThat(plan.exit()).as(plan.err()).isZero();
    assertThat(plan.out()).contains("(nothing changed)").contains("1 disposals would be scheduled, 1 requests would be disposed of")
        .contains(reference + ": would be disposed of");
    long after = onEngine(engine -> engine.custody().size());
    assertThat(after).as("custody log size").isEqualTo(size);
    assertThat(blobsHolding(FOOTAGE)).isOne();
    assertThat(state()).isEqualTo(RetentionState.KEPT);
  }

  @Test
  @DisplayName("usage and configuration errors exit 2; a request that does not exist or an officer the policy refuses exit 1")
  void errors() {
    CliRun badDate = run("retention", "sweep", "--data", data.toString(), "--as-of", "next tuesday");
    assertThat(badDate.exit()).isEqualTo(ExitCodes.MALFORMED);
    assertThat(badDate.err()).contains("--as-of next tuesday is neither a day");
    CliRun noSettings = run("retention", "sweep", "--data", dir.resolve("nowhere").toString());
    assertThat(noSettings.exit()).isEqualTo(ExitCodes.MALFORMED);
    assertThat(noSettings.err()).contains("cannot sweep: ").contains("does not exist");
    assertThat(run("hold", "set", "--data", data.toString(), "--request", reference, "--officer", "pc-4471").exit())
        .as("--reason is required").isEqualTo(ExitCodes.MALFORMED);
    assertThat(run("retention").exit()).isEqualTo(ExitCodes.MALFORMED);
    assertThat(run("hold").exit()).isEqualTo(ExitCodes.MALFORMED);

    CliRun unknown = run("retention", "explain", "--data", data.toString(), "--request", "46/99999/99", "--officer", "pc-4471");
    assertThat(unknown.exit()).isEqualTo(ExitCodes.NOT_VERIFIED);
    assertThat(unknown.err()).startsWith("explain failed (NOT_FOUND)");
    CliRun refused = run("hold", "set", "--data", data.toString(), "--request", reference, "--reason", "x", "--officer", "pc-9999");
    assertThat(refused.exit()).isEqualTo(ExitCodes.NOT_VERIFIED);
    assertThat(refused.err()).startsWith("hold set failed (ACCESS_DENIED)");
    CliRun supervisor = run("hold", "set", "--data", data.toString(), "--request", reference, "--reason", "complaint",
        "--officer", "sgt-120", "--role", "supervisor");
    assertThat(supervisor.exit()).as(supervisor.err()).isZero();
  }

  private RetentionState state() {
    return onEngine(engine -> engine.retention().explain(WRIGHT, request(engine), "test").state());
  }

  private RequestId request(EvidenceEngine engine) {
    return engine.officers().requestByReference(WRIGHT, new ForceReference(reference), "test").id();
  }

  /** How many stored files under DIR/blobs hold exactly {@code content}. */
  private long blobsHolding(String content) throws IOException {
    byte[] wanted = content.getBytes(StandardCharsets.UTF_8);
    try (Stream<Path> files = Files.walk(data.resolve("blobs"))) {
      return files.filter(Files::isRegularFile).filter(f -> {
        try {
          return java.util.Arrays.equals(Files.readAllBytes(f), wanted);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).count();
    }
  }

  private <T> T onEngine(Function<EvidenceEngine, T> work) {
    try (FilesystemBlobStore store = new FilesystemBlobStore(data.resolve("blobs"));
        EvidenceEngine engine = EngineSettingsFile.read(data).applyTo(EvidenceEngine.builder())
            .embeddedDatabase(data.resolve("db")).blobStore(store).manualDelivery().build()) {
      return work.apply(engine);
    }
  }

  private static CliRun run(String... args) {
    return CliRun.of(args);
  }
}
