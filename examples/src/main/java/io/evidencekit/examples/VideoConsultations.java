package io.evidencekit.examples;

import io.evidencekit.api.Actor;
import io.evidencekit.api.CustodyAction;
import io.evidencekit.api.CustodyEvent;
import io.evidencekit.api.EmailAddress;
import io.evidencekit.api.NewEvidenceRequest;
import io.evidencekit.api.PhoneNumber;
import io.evidencekit.api.Recipient;
import io.evidencekit.api.RequestingOfficer;
import io.evidencekit.api.retention.LegalHold;
import io.evidencekit.api.video.ConsultationOutcome;
import io.evidencekit.api.video.ConsultationStatus;
import io.evidencekit.api.video.HeldConsultation;
import io.evidencekit.api.video.ImportReport;
import io.evidencekit.api.video.QualityOutcome;
import io.evidencekit.api.video.Referral;
import io.evidencekit.api.video.RequestMapping;
import io.evidencekit.api.video.SupervisorDecision;
import io.evidencekit.api.video.VideoImportSettings;
import io.evidencekit.core.EvidenceEngine;
import io.evidencekit.spi.ConsultationId;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

/**
 * Step 10 of the example: Rapid Video Response. The platform (GoodSAM in Kent) writes a nightly bulk export
 * of recorded consultations into a folder ({@code video-folder}'s format); the engine imports each recording
 * with its consent, verifies the stored copy and only then purges it from the export; a consultation without
 * a consent record is held for a supervisor, who decides; a supervisor reviews a call's quality, and a
 * complaint about it puts everything from it on legal hold.
 */
final class VideoConsultations {
  static final String PLATFORM = "GoodSAM";
  private static final Actor.Officer SUPERVISOR = Actor.Officer.of("sgt-120", "Patel, R.", "supervisor");

  private final PrintStream out;
  private final Path export;
  private final String runId;

  /** Over the export folder {@code export}; {@code clock} makes this run's consultation ids and times. */
  VideoConsultations(PrintStream out, Path export, Clock clock) {
    this.out = out;
    this.export = export;
    this.runId = Long.toString(clock.instant().getEpochSecond());
  }

  /**
   * How the force files imported consultations: one request per call reference, created as the call's officer
   * with the video desk as its contact (no link is ever sent for it), classified MOPI group 3.
   */
  static VideoImportSettings settings() {
    return VideoImportSettings.of(RequestMapping.perCallReference(c -> new NewEvidenceRequest(
        "Rapid Video Response, call " + c.callReference(),
        "Recorded video consultation(s) of the call, imported from " + PLATFORM + ".",
        new RequestingOfficer(c.officer().userId(), c.officer().displayName(),
            new EmailAddress("video.desk@kent.police.example"), new PhoneNumber("+441622690690")),
        Recipient.byEmail("Rapid Video Response desk", "video.desk@kent.police.example"))), "mopi-3");
  }

  void run(EvidenceEngine engine) throws IOException {
    String withConsent = "vc-" + runId + "-1";
    String withoutConsent = "vc-" + runId + "-2";
    Instant end = Clock.systemUTC().instant().minus(Duration.ofHours(2));
    write(withConsent, "CAD-" + runId + "-A", end, true);
    write(withoutConsent, "CAD-" + runId + "-B", end.plusSeconds(60), false);
    out.println("   the platform's nightly export holds 2 consultations: " + withConsent + " (consent given on the call) and "
        + withoutConsent + " (no consent record)");

    ImportReport report = engine.videoImport().importNew("nightly import from " + PLATFORM);
    for (ConsultationOutcome c : report.consultations()) {
      out.println("   " + c.consultation().value() + ": " + c.outcome() + ", " + c.imported().size() + " recording(s) imported"
          + c.detail().map(d -> " (" + d + ")").orElse(""));
    }
    out.println("   " + report.recordingsImported() + " imported, " + report.deletedAtSource()
        + " purged from the export after the stored copy was re-read and matched (ours and the platform's SHA-256); "
        + "still at source: " + engine.videoImport().stillAtSource().size());
    out.println("   export now: " + listing(export));

    ConsultationStatus imported = engine.videoImport().status(new ConsultationId(withConsent));
    for (CustodyEvent e : engine.officers().custodyEvents(SUPERVISOR, imported.request(), "review the imported call")) {
      if (e.action() == CustodyAction.VIDEO_CONSENT_RECORDED || e.action() == CustodyAction.VIDEO_DELETED_AT_SOURCE
          || e.action() == CustodyAction.ITEM_RECEIVED) {
        out.println("   #" + e.sequence() + " " + e.action() + " " + new java.util.TreeMap<>(e.details()));
      }
    }

    for (HeldConsultation held : engine.videoImport().heldForDecision()) {
      out.println("   held for a supervisor: " + held.consultation().value() + " (" + held.reason() + "), nothing of it imported");
    }
    ConsultationStatus discarded = engine.videoImport().decide(SUPERVISOR, new ConsultationId(withoutConsent),
        SupervisorDecision.DISCARD_AT_SOURCE, "no consent was recorded and the call gave nothing evidential");
    out.println("   " + SUPERVISOR.displayName() + " decides DISCARD_AT_SOURCE: " + withoutConsent + " is now " + discarded.state()
        + "; export now: " + listing(export));

    engine.videoImport().recordQualityReview(SUPERVISOR, new ConsultationId(withConsent), QualityOutcome.ADVICE_GIVEN,
        "Good rapport; remind the caller earlier that the call is recorded.");
    List<LegalHold> holds = engine.videoImport().referComplaint(SUPERVISOR, new ConsultationId(withConsent),
        Referral.COMPLAINT, "CO/2026/0042", "caller complained about the officer's manner");
    out.println("   quality review recorded (ADVICE_GIVEN); a complaint CO/2026/0042 puts " + holds.size()
        + " legal hold(s) on everything from " + withConsent + ": "
        + engine.videoImport().status(new ConsultationId(withConsent)).underHold());
    out.println("   the same import with the command-line tool, into an existing request:");
    out.println("     java -jar evidence-cli/target/evidencekit.jar video import --data DATA --folder " + export
        + " --request REF --officer " + SUPERVISOR.userId() + " --role supervisor");
  }

  /** The export's top level and what was moved to done/, by name. */
  private static String listing(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().toList().toString();
    }
  }

  /** A consultation as the platform exports it: the recording, then its manifest under a dot name, renamed. */
  private void write(String id, String callReference, Instant end, boolean consent) throws IOException {
    Files.createDirectories(export);
    String media = id + "-1.mp4";
    long size;
    String sha256;
    try (InputStream footage = new DemoFootage(media, 512 << 10)) {
      byte[] bytes = footage.readAllBytes();
      Files.write(export.resolve(media), bytes);
      size = bytes.length;
      sha256 = java.util.HexFormat.of().formatHex(sha256(bytes));
    }
    String consentJson = !consent ? "null" : """
        { "givenBy": "the caller", "at": "%s", "method": "SPOKEN_ON_CALL", "decision": "GIVEN",
          "recordingNoticeGiven": true, "othersPresent": ["a child, about ten"],
          "collateralIntrusionNote": "Camera kept on the damaged door; the child stayed out of view." }"""
        .formatted(end.minus(Duration.ofMinutes(27)));
    String manifest = """
        {
          "format": "evidencekit-video-export/1",
          "consultationId": "%s",
          "callReference": "%s",
          "officer": { "userId": "pc-4471", "displayName": "Wright, D." },
          "caller": "the caller",
          "start": "%s",
          "end": "%s",
          "recordings": [ { "id": "rec-1", "file": "%s", "size": %d, "mediaType": "video/mp4", "sha256": "%s" } ],
          "consent": %s
        }""".formatted(id, callReference, end.minus(Duration.ofMinutes(25)), end, media, size, sha256, consentJson);
    Path partial = export.resolve("." + id + ".json");
    Files.writeString(partial, manifest, StandardCharsets.UTF_8);
    Files.move(partial, export.resolve(id + ".json"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new io.evidencekit.api.EvidenceException(io.evidencekit.api.ErrorCode.INTERNAL, "this JDK has no SHA-256", e);
    }
  }
}
