package io.evidencekit.examples;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.evidencekit.api.Actor;
import io.evidencekit.api.ByteRange;
import io.evidencekit.api.CustodyEvent;
import io.evidencekit.api.Declaration;
import io.evidencekit.api.EmailAddress;
import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.EvidenceItem;
import io.evidencekit.api.EvidenceRequest;
import io.evidencekit.api.IssuedInvitation;
import io.evidencekit.api.ItemUse;
import io.evidencekit.api.NewEvidenceRequest;
import io.evidencekit.api.PhoneNumber;
import io.evidencekit.api.PublicRequestView;
import io.evidencekit.api.Receipt;
import io.evidencekit.api.Recipient;
import io.evidencekit.api.RequestingOfficer;
import io.evidencekit.api.Submission;
import io.evidencekit.api.SubmissionId;
import io.evidencekit.api.CustodyAction;
import io.evidencekit.core.EngineSettingsFile;
import io.evidencekit.core.ExportOrder;
import io.evidencekit.core.ExportSummary;
import io.evidencekit.verify.BagReport;
import io.evidencekit.verify.BagVerifier;
import io.evidencekit.core.EvidenceEngine;
import io.evidencekit.core.custody.AuditReport;
import io.evidencekit.verify.InclusionProof;
import io.evidencekit.verify.OfflineVerifier;
import io.evidencekit.verify.ProofJson;
import io.evidencekit.verify.ProofResult;
import io.evidencekit.verify.SignedCheckpoint;
import io.evidencekit.verify.VerifiedCheckpoint;
import io.evidencekit.api.Delivery;
import io.evidencekit.api.DeliveryState;
import io.evidencekit.notify.email.SmtpNotifier;
import io.evidencekit.notify.govuk.NotifyNotifier;
import io.evidencekit.notify.govuk.NotifySettings;
import io.evidencekit.spi.Channel;
import io.evidencekit.spi.DeliveryStatus;
import io.evidencekit.spi.Notifier;
import io.evidencekit.portal.PortalServer;
import io.evidencekit.media.ffprobe.FfprobeInspector;
import io.evidencekit.media.ffprobe.FfprobeSettings;
import io.evidencekit.scan.clamav.ClamdScanner;
import io.evidencekit.scan.clamav.ClamdSettings;
import io.evidencekit.notify.email.SmtpSettings;
import io.evidencekit.notify.email.TransportSecurity;
import io.evidencekit.storage.fs.FilesystemBlobStore;
import io.evidencekit.video.folder.FolderVideoSource;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The example host system: a force's own software embedding evidencekit on embedded defaults (H2 in a
 * data directory, the filesystem store, a real SMTP server in-process). It runs the whole path:
 * an officer asks for evidence, the member of the public gets the email, opens the link, submits two
 * files with a caption and the declaration, the officer is emailed, and the custody trail is checked.
 *
 * <p>Run: {@code mvn -q -pl examples -am -DskipTests package exec:java} (add
 * {@code -Dexec.args="--data DIR"} to keep the data somewhere of your choosing). With
 * {@code -Dexec.args=--serve} (optionally {@code --port N}) it starts the submission portal instead and
 * prints the invitation link, so a person can click through the whole flow.
 *
 * <p>The engine's settings live in the data directory, {@code DATA/evidencekit.properties} with the
 * force's checkpoint key in {@code DATA/checkpoint.key} ({@link EngineSettingsFile}): written on the
 * first run, read on every run, and read by the {@code evidencekit} command-line tool too, so an
 * officer's {@code evidencekit ingest --data DATA} runs the same engine configuration as the host.
 *
 * <p>With {@code -Dexec.args="--notify-url URL --notify-key KEY --sms-template ID --email-template ID"} the
 * scenario's invitation goes by email and by text message to the demo recipient's mobile through that
 * GOV.UK Notify service (the officer's notice stays on the demo mail server), and each message's Notify id
 * and final status are printed.
 */
public final class ForceSystem {
  private static final Pattern LINK = Pattern.compile("https?://\\S+/r/([A-Za-z0-9_-]{43})");
  private static final Duration MAIL_WAIT = Duration.ofSeconds(30);
  /** How long the scenario follows Notify's statuses: texts usually arrive in seconds, some take minutes. */
  private static final Duration NOTIFY_WAIT = Duration.ofMinutes(3);
  /** A mobile number from Ofcom's range for drama, which reaches nobody. */
  static final String DEMO_MOBILE = "07700 900123";
  private static final String LOG_ORIGIN = "evidencekit.kent.police.example/custody";
  /** The settings the demo force writes into a new data directory (the key files are generated). */
  private static final Map<String, String> DEMO_SETTINGS = Map.of(
      EngineSettingsFile.FORCE_CODE, "46",
      EngineSettingsFile.PORTAL_LINK_BASE, "http://127.0.0.1:8080/r/",
      EngineSettingsFile.LOG_ORIGIN, LOG_ORIGIN);

  private static final Actor.Officer WRIGHT = Actor.Officer.of("pc-4471", "Wright, D.");

  private final PrintStream out;

  ForceSystem(PrintStream out) {
    this.out = out;
  }

  public static void main(String[] args) throws Exception {
    List<String> options = List.of(args);
    Path data = option(options, "--data").map(Path::of).orElse(null);
    if (data == null) {
      data = Files.createTempDirectory("evidencekit-demo");
    }
    if (options.contains("--serve")) {
      int port = option(options, "--port").map(Integer::parseInt).orElse(0);
      new ForceSystem(System.out).serve(data, port);
      return;
    }
    new ForceSystem(System.out).runScenario(data, NotifyOptions.from(options));
  }

  private static Optional<String> option(List<String> args, String name) {
    int i = args.indexOf(name);
    return i >= 0 && i + 1 < args.size() ? Optional.of(args.get(i + 1)) : Optional.empty();
  }

  /**
   * Starts the submission portal on 127.0.0.1 with one demo request, prints the invitation link on its
   * own line, and runs until stopped (Ctrl-C). Every email the engine sends (the invitation, the
   * officer's notification) is printed as it arrives.
   */
  @SuppressWarnings("try") // the portal is held only so that it serves until the block ends, then closes
  void serve(Path data, int requestedPort) throws Exception {
    int port = requestedPort != 0 ? requestedPort : freePort();
    CountDownLatch stopped = new CountDownLatch(1);
    EngineSettingsFile settings = EngineSettingsFile.createIfAbsent(data, DEMO_SETTINGS, new SecureRandom());
    try (DemoMailServer mail = new DemoMailServer();
         FilesystemBlobStore blobs = new FilesystemBlobStore(data.resolve("blobs"));
         SmtpNotifier smtp = noReplySmtp(mail);
         // The portal answers on the port chosen now, so its links name that port, not the settings' base.
         EvidenceEngine engine = forceEngine(settings, blobs, smtp)
             .portalLinkBase(URI.create("http://127.0.0.1:" + port + "/r/")).build();
         PortalServer portal = PortalServer.builder(engine.publicSide())
             .host("127.0.0.1").port(port)
             .forceName("Kent Police")
             .stagingDirectory(data.resolve("staging"))
             .requestLog(line -> { })
             .build().start()) {
      Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "evidencekit-demo-stop"));
      Thread printer = new Thread(() -> {
        while (stopped.getCount() > 0) {
          try {
            String text = DemoMailServer.render(mail.next(Duration.ofDays(365)));
            out.println();
            out.println("An email was sent:");
            printIndented(text);
          } catch (Exception e) {
            return;
          }
        }
      }, "evidencekit-demo-mail");
      printer.setDaemon(true);
      printer.start();

      EvidenceRequest request = createDemoRequest(engine);
      IssuedInvitation issued = engine.officers().issueInvitation(WRIGHT, request.id(), "initial request to the shop owner");
      out.println("evidencekit submission portal for " + request.reference() + "; data in " + data.toAbsolutePath());
      out.println("Invitation link: " + issued.link());
      out.println("Open it in a browser and send some files; the officer's email appears here. Ctrl-C stops.");
      out.flush();
      stopped.await();
    }
  }

  /** The force's SMTP relay as the demo has it: the in-process server, sending from a no-reply address. */
  private static SmtpNotifier noReplySmtp(DemoMailServer mail) {
    return new SmtpNotifier(SmtpSettings.builder("127.0.0.1", new EmailAddress("no-reply@kent.police.example"),
            "Kent Police")
        .port(mail.port()).security(TransportSecurity.NONE).build());
  }

  /** The engine on embedded defaults with the data directory's settings, as both the scenario and the portal run it. */
  private static io.evidencekit.core.EngineBuilder forceEngine(EngineSettingsFile settings, FilesystemBlobStore blobs,
      Notifier notifier) {
    return settings.applyTo(EvidenceEngine.builder())
        .embeddedDatabase(settings.dataDirectory().resolve("db"))
        .blobStore(blobs)
        .notifier(notifier)
        .clock(Clock.systemUTC())
        .random(new SecureRandom())
        .caseLinks(r -> Optional.of(URI.create("https://records.kent.police.example/requests/" + r.id())));
  }

  /** PC Wright asks the shop owner for the night's footage. */
  private static EvidenceRequest createDemoRequest(EvidenceEngine engine) {
    RequestingOfficer contact = new RequestingOfficer("pc-4471", "Wright, D.",
        new EmailAddress("d.wright@kent.police.example"), new PhoneNumber("+441622690690"));
    return engine.officers().createRequest(WRIGHT, new NewEvidenceRequest(
        "Burglary at 14 High Street, Maidstone",
        "Please send CCTV or doorbell footage from 01:00 to 03:00 on 3 May showing High Street, "
            + "especially anyone on foot near number 14.",
        contact, new Recipient("D Smith", Optional.of(new EmailAddress("d.smith@example.org")),
            Optional.of(PhoneNumber.ukMobile(DEMO_MOBILE))))
        .withTimeWindows(List.of(new io.evidencekit.api.TimeWindow("High Street cameras",
            java.time.Instant.parse("2024-05-03T00:00:00Z"), java.time.Instant.parse("2024-05-03T02:00:00Z")))));
  }

  private static int freePort() throws java.io.IOException {
    try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
      return probe.getLocalPort();
    }
  }

  /** Runs the scenario with every message on the demo mail server; returns the receipt the public was given. */
  Receipt runScenario(Path data) throws Exception {
    return runScenario(data, Optional.empty());
  }

  /**
   * Runs the scenario; with {@code notify}, the invitation goes by email and text message through that
   * GOV.UK Notify service. Returns the receipt the member of the public was given.
   */
  Receipt runScenario(Path data, Optional<NotifyOptions> notify) throws Exception {
    out.println("evidencekit example force system; data in " + data.toAbsolutePath());
    notify.ifPresent(n -> out.println("invitations through GOV.UK Notify at " + n.url()));
    // The force's settings and keys: a real host keeps its keys in a secret store or an HSM; the example
    // keeps them in the data directory (owner-only), so checkpoints made in earlier runs still verify.
    EngineSettingsFile settings = EngineSettingsFile.createIfAbsent(data, DEMO_SETTINGS, new SecureRandom());
    // Malware scanning with a clamd of the example's own, when this machine has clamd; otherwise off.
    Optional<io.evidencekit.scan.clamav.LocalClamd> clamd = DemoClamd.start(data.resolve("clamd"));
    Optional<ClamdScanner> scanner = clamd.map(c -> new ClamdScanner(ClamdSettings.unixSocket(c.socket()).build()));
    // Media inspection with Debian's ffprobe, when this machine has it; the footage is then real clips.
    Optional<FfprobeInspector> inspector = DemoClips.available()
        ? Optional.of(new FfprobeInspector(FfprobeSettings.defaults())) : Optional.empty();
    try (DemoMailServer mail = new DemoMailServer();
         FilesystemBlobStore blobs = new FilesystemBlobStore(data.resolve("blobs"));
         SmtpNotifier smtp = noReplySmtp(mail);
         Notifier notifyNotifier = notify.<Notifier>map(ForceSystem::notifyNotifier).orElse(smtp);
         // The video platform's nightly bulk export lands in this folder (step 10).
         FolderVideoSource videoExport = new FolderVideoSource(
             Files.createDirectories(data.resolve("video-export")), VideoConsultations.PLATFORM, Clock.systemUTC())) {
      var builder = forceEngine(settings, blobs,
          notify.isPresent() ? new InvitationsThroughNotify(notifyNotifier, smtp) : smtp)
          .videoSource(videoExport)
          .videoImportSettings(VideoConsultations.settings());
      scanner.ifPresent(builder::scanner);
      inspector.ifPresent(builder::mediaInspector);
      try (EvidenceEngine engine = builder.build()) {
        return scenario(engine, mail, data, notify.isPresent());
      }
    } finally {
      // The engine does not close what it was given: the scanner, then its daemon.
      scanner.ifPresent(ClamdScanner::close);
      clamd.ifPresent(io.evidencekit.scan.clamav.LocalClamd::close);
      inspector.ifPresent(FfprobeInspector::close);
    }
  }

  /** The force's GOV.UK Notify service, with its invitation templates for text messages and emails. */
  private static NotifyNotifier notifyNotifier(NotifyOptions options) {
    return new NotifyNotifier(NotifySettings.builder(options.key(), "Kent Police")
        .baseUrl(options.url())
        .invitationTemplate(Channel.SMS, options.smsTemplate())
        .invitationTemplate(Channel.EMAIL, options.emailTemplate())
        .build());
  }

  private Receipt scenario(EvidenceEngine engine, DemoMailServer mail, Path data, boolean viaNotify) throws Exception {

    step("1. The officer creates an evidence request");
    EvidenceRequest request = createDemoRequest(engine);
    out.println("   reference " + request.reference() + ", state " + request.state());

    String token;
    IssuedInvitation issued;
    if (viaNotify) {
      step("2. The officer sends the link by email and by text message through GOV.UK Notify");
      issued = engine.officers().issueInvitation(WRIGHT, request.id(), "initial request to the shop owner",
          EnumSet.of(Channel.EMAIL, Channel.SMS));
      followNotify(engine, request);
      step("3. The member of the public opens the link from the text message");
      token = issued.token();
    } else {
      step("2. The officer sends the link; the invitation email arrives");
      issued = engine.officers().issueInvitation(WRIGHT, request.id(), "initial request to the shop owner");
      String invitationEmail = DemoMailServer.render(mail.next(MAIL_WAIT));
      printIndented(invitationEmail);

      step("3. The member of the public opens the link from the email");
      Matcher link = LINK.matcher(invitationEmail);
      if (!link.find()) {
        throw new EvidenceException(ErrorCode.INTERNAL, "the email carries no link");
      }
      token = link.group(1);
    }
    PublicRequestView view = engine.publicSide().viewInvitation(token);
    out.println("   Evidence Request: " + view.reference());
    out.println("   Invitation from " + view.officerDisplayName() + " (" + view.officerEmail() + ", " + view.officerPhone() + ")");
    out.println("   Link valid until " + view.expiresAt() + "; up to " + view.limits().maxFilesPerSubmission() + " files");
    out.println("   (the link the engine returned to the officer is the same: " + issued.link().toString().endsWith(token) + ")");

    step("4. They submit two files with a caption and the declaration");
    SubmissionId submission = engine.publicSide().startSubmission(token);
    Optional<List<DemoClips.Clip>> clips = engine.inspection().enabled()
        ? DemoClips.make(data.resolve("demo-clips")) : Optional.empty();
    for (String name : List.of("front-camera 01.00-03.00.mp4", "doorbell.mp4")) {
      Optional<Path> clip = clips.flatMap(c -> c.stream().filter(x -> x.name().equals(name)).findFirst())
          .map(DemoClips.Clip::file);
      try (InputStream footage = clip.isPresent() ? Files.newInputStream(clip.get()) : new DemoFootage(name, 3 << 20)) {
        EvidenceItem item = engine.publicSide().addFile(token, submission, name, "video/mp4", footage);
        out.println("   received " + item.submittedName() + " (" + item.size() + " bytes) sha256 " + item.sha256());
      }
    }
    mediaInspection(engine, token, submission, view);
    Declaration declaration = Declaration.of(2);
    // The engine keeps the count; the words are the host's (the portal takes them from its message bundle).
    out.println("   declaration: \"I agree that these " + declaration.fileCount() + " files are relevant to the incident.\"");
    Receipt receipt = engine.publicSide().submit(token, submission, Optional.of("Front camera and doorbell, times are UK time"), declaration);
    out.println("   RECEIPT " + receipt.reference() + " at " + receipt.submittedAt());
    for (Receipt.Line line : receipt.files()) {
      out.println("     " + line.name() + "  " + line.size() + " bytes  SHA-256 " + line.sha256());
    }

    step("5. The officer is notified by email");
    printIndented(DemoMailServer.render(mail.next(MAIL_WAIT)));

    step("6. The officer verifies custody: each item re-read and re-hashed, then the custody trail");
    for (Submission s : engine.officers().submissions(WRIGHT, request.id(), "review submitted footage")) {
      for (EvidenceItem item : s.items()) {
        String rehash = rehash(engine, WRIGHT, item);
        out.println("   " + item.submittedName() + ": stored bytes hash to " + rehash
            + (rehash.equals(item.sha256().hex()) ? "  OK, matches the receipt" : "  MISMATCH"));
      }
    }
    List<CustodyEvent> events = engine.officers().custodyEvents(WRIGHT, request.id(), "custody review before disclosure");
    for (CustodyEvent e : events) {
      out.printf("   #%-3d %s  %-26s %-24s %s%n", e.sequence(), e.at(), e.action(), e.actor().displayName(),
          e.reason().map(r -> "reason: " + r).orElse(""));
    }
    out.println("   " + events.size() + " custody events for " + request.reference()
        + "; " + engine.custody().size() + " in the whole log");
    verifyCustodyLog(engine, events, data);
    malwareScanning(engine, mail, token, request);
    exportAndVerify(engine, request, receipt.submissionId(), data);
    retention(engine, data);
    step("10. Rapid Video Response: recorded video calls imported with their consent, then purged at the platform");
    new VideoConsultations(out, data.resolve("video-export"), Clock.systemUTC()).run(engine);
    out.println();
    out.println("Done: request -> invite -> upload -> notify -> custody verified -> disclosed and the package verified"
        + " -> retention -> video calls imported.");
    return receipt;
  }

  /**
   * What the submitter is shown about each file before submitting (the portal words it from its bundle):
   * with ffprobe on this machine, each clip's length and recorded span, and a warning for footage outside
   * the officer's window; without it, that inspection is off.
   */
  private void mediaInspection(EvidenceEngine engine, String token, SubmissionId submission, PublicRequestView view) {
    if (!engine.inspection().enabled()) {
      out.println("   Media inspection is OFF: no ffprobe/ffmpeg on this machine (apt-get install -y ffmpeg to turn it on)");
      return;
    }
    // The engine inspects in the background; the example waits for it so the officer's email has the facts.
    engine.inspection().runDueInspections(10);
    out.println("   Media inspection is ON (" + engine.inspection().media(WRIGHT,
        engine.publicSide().draftItems(token, submission).get(0).id(), "show the demo's inspection").tool()
        .orElse("ffprobe") + "); the officer asked for " + String.join("; ", view.timeWindows().stream()
            .map(w -> w.label() + " " + w.from() + " to " + w.to()).toList()));
    for (io.evidencekit.api.ItemMedia m : engine.publicSide().media(token, submission)) {
      String facts = m.info().flatMap(i -> i.duration()).map(d -> "plays " + d.toSeconds() + " s")
          .orElse(m.state().name());
      String span = m.info().flatMap(i -> i.span()).map(s -> ", recorded " + s.from() + " to " + s.to()).orElse("");
      out.println("   " + m.submittedName() + ": " + facts + span
          + m.warnings(view.timeWindows()).stream().map(w -> "  WARNING " + w.kind()).reduce("", String::concat));
    }
  }

  /**
   * The tamper-evident part of step 6: a signed checkpoint, an inclusion proof for each file received,
   * checked offline as a defence expert would (only the checkpoint, the published key and the events),
   * and an audit of the whole log. Writes the checkpoint, the key and one proof into the data directory
   * for the evidencekit command-line tool.
   */
  private void verifyCustodyLog(EvidenceEngine engine, List<CustodyEvent> events, Path data) throws Exception {
    out.println();
    out.println("   Signed checkpoint of the custody log (C2SP signed note):");
    SignedCheckpoint signed = engine.custody().checkpoint();
    printIndented(signed.text());
    String vkey = engine.custody().publicKey();
    out.println("   verifier key (published by the force): " + vkey);
    // Offline, as a defence expert would: evidence-verify only, starting from the published key.
    OfflineVerifier verifier = OfflineVerifier.trusting(vkey);
    VerifiedCheckpoint checkpoint = verifier.verifyCheckpoint(signed.bytes()).orThrow();
    out.println("   checkpoint signature: VERIFIED with the published key");

    String firstProof = null;
    for (CustodyEvent e : events) {
      if (e.action() != CustodyAction.ITEM_RECEIVED) {
        continue;
      }
      InclusionProof proof = engine.custody().inclusionProof(e.sequence(), checkpoint.size());
      // The leaf is recomputed from the event itself; only the verified checkpoint's root is trusted.
      ProofResult v = verifier.verifyInclusion(checkpoint, e, proof);
      out.println("   #" + e.sequence() + " ITEM_RECEIVED " + e.details().getOrDefault("name", "") + ": inclusion in the tree of "
          + checkpoint.size() + " " + (v.valid() ? "VERIFIED" : "FAILED: " + v.reason()));
      if (firstProof == null) {
        firstProof = ProofJson.write(proof);
        out.println("   inclusion proof of #" + e.sequence() + " (RFC 6962 vector JSON form):");
        printIndented(firstProof);
      }
    }
    AuditReport report = engine.custody().audit(engine.custody().verifierKey());
    out.println("   audit of the whole log: " + (report.intact() ? "INTACT" : "TAMPERED " + report.firstProblem().orElseThrow())
        + " (" + report.treeSize() + " events recomputed, " + report.checkpoints() + " checkpoint(s) checked)");

    Files.writeString(data.resolve("checkpoint.txt"), signed.text());
    Files.writeString(data.resolve("checkpoint.vkey"), vkey + "\n");
    if (firstProof != null) {
      Files.writeString(data.resolve("inclusion-proof.json"), firstProof);
    }
    out.println("   check them yourself (after: mvn -q -pl evidence-cli -am -DskipTests package):");
    out.println("     java -jar evidence-cli/target/evidencekit.jar log checkpoint --verify --key "
        + data.resolve("checkpoint.vkey") + " " + data.resolve("checkpoint.txt"));
    out.println("     java -jar evidence-cli/target/evidencekit.jar proof verify-inclusion " + data.resolve("inclusion-proof.json")
        + " --checkpoint " + data.resolve("checkpoint.txt") + " --key " + data.resolve("checkpoint.vkey"));
    out.println("     java -jar evidence-cli/target/evidencekit.jar log audit --jdbc jdbc:h2:file:"
        + data.resolve("db").resolve("evidencekit").toAbsolutePath() + " --key " + data.resolve("checkpoint.vkey"));
  }

  /**
   * Step 7: the request's evidence leaves the force as a disclosure package (a BagIt bag), and the bag is
   * checked as the recipient would: evidence-verify only, from the published key.
   */
  private void exportAndVerify(EvidenceEngine engine, EvidenceRequest request, SubmissionId cleanSubmission,
      Path data) {
    step("8. The officer discloses the evidence to the CPS; the package is checked offline as the CPS would");
    Path bag = data.resolve("disclosure-" + request.reference().value().replace('/', '-'));
    ExportOrder order = new ExportOrder("CPS Kent", "file for charging decision", "Kent Police");
    ExportSummary summary;
    try {
      summary = engine.exports().exportRequest(WRIGHT, request.id(), order, bag);
    } catch (io.evidencekit.api.EvidenceException e) {
      // Quarantine holds for exports too: the request holds the detected file, so the officer sends the
      // clean submission (the override, ExportOrder.releasingQuarantined(), would be recorded per file).
      out.println("   exporting the whole request is refused: " + e.code() + " (" + e.getMessage() + ")");
      summary = engine.exports().exportSubmission(WRIGHT, cleanSubmission, order, bag);
      out.println("   so the officer exports the first submission, every file of it scanned clean");
    }
    out.println("   exported " + summary.files() + " files (" + summary.bytes() + " bytes) and " + summary.events()
        + " custody events, proved against the checkpoint at size " + summary.treeSize() + " (with consistency proofs "
        + "from " + summary.earlierCheckpoints() + " earlier checkpoints), to " + bag);
    out.println("   the exhibit schedule for the officer's statement: " + bag.resolve("schedule/exhibits.pdf")
        + " (also .html and .csv)");
    BagReport report = new BagVerifier(OfflineVerifier.trusting(engine.custody().publicKey())).verify(bag);
    report.checked().forEach(line -> out.println("   checked: " + line));
    report.problems().forEach(line -> out.println("   PROBLEM: " + line));
    out.println("   disclosure package: " + (report.valid() ? "VERIFIED" : "INVALID"));
    out.println("   the same with the command-line tool (--to FILE.zip writes a zip; verify reads it in place):");
    out.println("     java -jar evidence-cli/target/evidencekit.jar export --data " + data + " --request "
        + request.reference().value() + " --to DIR|FILE.zip --recipient \"CPS Kent\" --reason \"charging decision\" --officer "
        + WRIGHT.userId());
    out.println("     java -jar evidence-cli/target/evidencekit.jar verify " + bag + " --key " + data.resolve("checkpoint.vkey"));
  }

  /**
   * Step 9: retention. Two more requests, each with a clip an officer ingested from a USB stick, are closed
   * and their evidence found not relevant; one of them is under a legal hold. The sweeps run as of later days
   * (a host runs them daily; the example moves time forward with the sweep's as-of instead of waiting): the
   * rule ends after 31 days, the disposal is scheduled and may be cancelled until 7 days after the rule ended,
   * then it is carried out with a certificate. The held request survives, and the audit still says intact.
   */
  private void retention(EvidenceEngine engine, Path data) throws Exception {
    step("9. Retention: a request closed as not relevant is disposed of with a certificate; one on legal hold survives");
    java.time.Instant now = Clock.systemUTC().instant();
    java.time.LocalDate today = java.time.LocalDate.ofInstant(now, java.time.ZoneOffset.UTC);
    EvidenceRequest notRelevant = closedAsNotRelevant(engine, data, "Anti-social behaviour, Week Street, Maidstone",
        "week-street-doorbell.mp4", today);
    EvidenceRequest held = closedAsNotRelevant(engine, data, "Criminal damage, Gabriel's Hill, Maidstone",
        "gabriels-hill-cctv.mp4", today);
    out.println("   " + notRelevant.reference() + " and " + held.reference() + ": classified community-not-relevant, "
        + "REQUEST_CLOSED recorded on " + today);
    Actor.Officer supervisor = Actor.Officer.of("sgt-120", "Patel, R.", "supervisor");
    io.evidencekit.api.retention.LegalHold hold = engine.retention().setHold(supervisor,
        io.evidencekit.api.retention.HoldTarget.request(held.id()), "complaint to Professional Standards about the arrest");
    out.println("   legal hold " + hold.id() + " on " + held.reference() + " set by " + hold.setBy() + ": " + hold.reason());

    io.evidencekit.api.retention.RetentionExplanation why = engine.retention().explain(WRIGHT, notRelevant.id(),
        "when is it disposed of");
    out.println("   retention().explain(" + notRelevant.reference() + "): category " + why.category().orElse("none")
        + ", state " + why.state());
    for (io.evidencekit.api.retention.RuleDates rule : why.rules()) {
      out.println("     " + (why.governing().map(g -> g.rule().equals(rule.rule())).orElse(false) ? "* " : "- ")
          + rule.rule() + " then " + rule.action() + ": started " + rule.started().map(Object::toString).orElse("-")
          + ", ends " + (rule.open() ? "(open)" : rule.ends().map(Object::toString).orElse("-")));
    }
    out.println("     governs: " + why.governing().map(io.evidencekit.api.retention.RuleDates::rule).orElse("none")
        + ", retained until " + why.retainedUntil().map(Object::toString).orElse("(open)"));

    for (int days : new int[] {35, 40}) {
      io.evidencekit.api.retention.SweepReport report = engine.operations().sweepRetention(now.plus(Duration.ofDays(days)), false);
      out.println("   sweep as of " + days + " days later: " + report.evaluated() + " evaluated, " + report.scheduled()
          + " disposal(s) scheduled, " + report.disposed() + " disposed of, " + report.held() + " held by a legal hold");
      report.lines().forEach(line -> out.println("     " + line));
      if (days == 35) {
        out.println("     (the rule ended on " + today.plusDays(31) + "; until " + today.plusDays(38)
            + " the disposal may still be cancelled: retention().cancelDisposal)");
      }
    }
    Actor.Officer auditor = Actor.Officer.of("aud-7", "Audit, A.", "auditor");
    long size = engine.custody().size();
    // The certificate was the sweep's last act: the tail of the log holds it.
    for (CustodyEvent e : engine.custody().events(auditor, Math.max(0, size - 100), 100, "show the disposal certificate")) {
      if (e.action() == CustodyAction.DISPOSAL_CERTIFIED && e.requestId().equals(Optional.of(notRelevant.id()))) {
        out.println("   #" + e.sequence() + " DISPOSAL_CERTIFIED for " + notRelevant.reference() + ":");
        new java.util.TreeMap<>(e.details()).forEach((k, v) -> {
          // The redacted events' seq:bodyHash pairs are many; one shows their form.
          String[] pairs = v.split(",");
          out.println("     " + k + " = " + (k.equals("redacted") && pairs.length > 1
              ? pairs[0] + ",... (" + pairs.length + " event bodies redacted, each listed with its hash)" : v));
        });
      }
    }
    out.println("   " + notRelevant.reference() + " is now "
        + engine.retention().explain(WRIGHT, notRelevant.id(), "confirm disposal").state());
    out.println("   " + held.reference() + " is " + engine.retention().explain(WRIGHT, held.id(), "confirm the hold").state()
        + " (under the legal hold), its evidence intact:");
    for (Submission s : engine.officers().submissions(WRIGHT, held.id(), "check the held evidence")) {
      for (EvidenceItem item : s.items()) {
        String rehash = rehash(engine, WRIGHT, item);
        out.println("     " + item.submittedName() + ": " + (rehash.equals(item.sha256().hex()) ? "OK, matches the receipt" : "MISMATCH"));
      }
    }
    AuditReport report = engine.custody().audit(engine.custody().verifierKey());
    out.println("   audit of the whole log after disposal: "
        + (report.intact() ? "INTACT" : "TAMPERED " + report.firstProblem().orElseThrow()) + " (" + report.treeSize()
        + " events recomputed, " + report.redactedBodies() + " bodies redacted under a disposal certificate)");
    out.println("   the same with the command-line tool:");
    String cli = "     java -jar evidence-cli/target/evidencekit.jar ";
    out.println(cli + "retention explain --data " + data + " --request " + held.reference() + " --officer " + WRIGHT.userId());
    out.println(cli + "retention sweep --data " + data + " --dry-run --as-of " + today.plusDays(40));
    out.println(cli + "hold lift --data " + data + " --request " + held.reference()
        + " --reason \"complaint closed\" --officer sgt-120 --role supervisor");
  }

  /** A request whose only evidence is one clip an officer ingested from a USB stick, closed and found not relevant. */
  private static EvidenceRequest closedAsNotRelevant(EvidenceEngine engine, Path data, String incident, String clip,
      java.time.LocalDate closedOn) throws Exception {
    RequestingOfficer contact = new RequestingOfficer("pc-4471", "Wright, D.",
        new EmailAddress("d.wright@kent.police.example"), new PhoneNumber("+441622690690"));
    EvidenceRequest request = engine.officers().createRequest(WRIGHT, new NewEvidenceRequest(incident,
        "Doorbell or CCTV footage of the street", contact, Recipient.byEmail("A Resident", "resident@example.org")));
    Path usb = Files.createDirectories(data.resolve("usb").resolve(request.reference().value().replace('/', '-')));
    try (InputStream footage = new DemoFootage(clip, 256 << 10)) {
      Files.copy(footage, usb.resolve(clip), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    engine.officers().ingestFiles(WRIGHT, request.id(), List.of(usb.resolve(clip)), "handed in on a USB stick",
        io.evidencekit.api.IngestListener.NONE);
    engine.retention().classify(WRIGHT, request.id(), "community-not-relevant", "no offence disclosed");
    engine.retention().recordFact(WRIGHT, request.id(),
        new io.evidencekit.api.retention.CaseFact(io.evidencekit.api.retention.RetentionEvent.REQUEST_CLOSED, closedOn),
        "closed: the footage shows nothing of the incident");
    return request;
  }

  /**
   * Waits for Notify to accept each invitation message and prints its Notify id, then asks Notify where
   * each stands until every status is final (or {@link #NOTIFY_WAIT} passes), printing each change.
   */
  private void followNotify(EvidenceEngine engine, EvidenceRequest request) throws InterruptedException {
    long deadline = System.nanoTime() + NOTIFY_WAIT.toNanos();
    List<Delivery> deliveries = engine.officers().deliveries(WRIGHT, request.id(), "check the link went out");
    while (deliveries.stream().anyMatch(d -> d.state() == DeliveryState.PENDING) && System.nanoTime() < deadline) {
      Thread.sleep(1_000);
      deliveries = engine.officers().deliveries(WRIGHT, request.id(), "check the link went out");
    }
    for (Delivery d : deliveries) {
      out.println("   " + channelName(d.channel()) + ": " + d.state()
          + d.providerMessageId().map(id -> ", Notify id " + id).orElse("") + d.detail().map(x -> " (" + x + ")").orElse(""));
    }
    java.util.Map<java.util.UUID, Optional<DeliveryStatus>> shown = new java.util.HashMap<>();
    while (System.nanoTime() < deadline) {
      engine.operations().checkDeliveryStatus();
      deliveries = engine.officers().deliveries(WRIGHT, request.id(), "check the link reached them");
      for (Delivery d : deliveries) {
        if (!d.status().equals(shown.put(d.messageId(), d.status())) && d.status().isPresent()) {
          out.println("   " + channelName(d.channel()) + " now " + d.status().get());
        }
      }
      if (deliveries.stream().allMatch(d -> d.status().map(DeliveryStatus::isFinal).orElse(d.state().isFailure()))) {
        break;
      }
      Thread.sleep(1_000);
    }
    for (Delivery d : deliveries) {
      out.println("   " + channelName(d.channel()) + ", Notify id " + d.providerMessageId().orElse("none") + ": "
          + (d.status().map(DeliveryStatus::isFinal).orElse(false) ? "final status " : "status so far ")
          + d.status().map(Enum::name).orElse(d.state().name()) + (d.failed() ? " - the officer should check the contact details" : ""));
    }
  }

  private static String channelName(Channel channel) {
    return channel == Channel.SMS ? "text message" : "email";
  }

  private static String rehash(EvidenceEngine engine, Actor.Officer officer, EvidenceItem item) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    try (InputStream in = new DigestInputStream(
        engine.officers().openItem(officer, item.id(), ByteRange.ALL, ItemUse.VIEW, "verify integrity"), sha)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  /**
   * With clamd on this machine: the files above were scanned clean before the officer was told; a second
   * submission brings a clean file and one carrying the example's signature, which is quarantined. Without
   * clamd: says that scanning is off.
   */
  private void malwareScanning(EvidenceEngine engine, DemoMailServer mail, String token, EvidenceRequest request)
      throws Exception {
    if (!engine.scanning().enabled()) {
      step("7. Malware scanning is OFF: no clamd on this machine (install Debian's clamav-daemon to turn it on)");
      out.println("   Files are kept and served without a scan and listed as not scanned:");
      for (Submission s : engine.officers().submissions(WRIGHT, request.id(), "check scan states")) {
        for (EvidenceItem item : s.items()) {
          out.println("   " + item.submittedName() + ": " + item.scanState());
        }
      }
      return;
    }
    step("7. Malware scanning is ON (ClamAV, with a signature the example wrote): a clean file and a detected one");
    SubmissionId second = engine.publicSide().startSubmission(token);
    engine.publicSide().addFile(token, second, "statement.txt", "text/plain",
        new java.io.ByteArrayInputStream("I saw a grey van outside number 14 at 02:10.\n".getBytes(UTF_8)));
    EvidenceItem detected = engine.publicSide().addFile(token, second, "player-setup.exe", "application/octet-stream",
        new java.io.ByteArrayInputStream(("MZ demo player " + DemoClamd.MARKER + " end\n").getBytes(UTF_8)));
    engine.publicSide().submit(token, second, Optional.empty(), Declaration.of(2));
    out.println("   The officer's email waited for the scans (at most a bounded time) and counts the verdicts:");
    printIndented(DemoMailServer.render(mail.next(MAIL_WAIT)));
    for (Submission s : engine.officers().submissions(WRIGHT, request.id(), "check scan states")) {
      for (EvidenceItem item : s.items()) {
        out.println("   " + item.submittedName() + ": " + item.scanState());
      }
    }
    var status = engine.scanning().status(WRIGHT, detected.id(), "check the detection");
    for (var result : status.results()) {
      out.println("   " + detected.submittedName() + ": " + result.verdict() + " by " + result.version() + " "
          + result.signatures());
    }
    try {
      engine.officers().openItem(WRIGHT, detected.id(), ByteRange.ALL, ItemUse.VIEW, "review");
      out.println("   UNEXPECTED: the quarantined file was served");
    } catch (io.evidencekit.api.EvidenceException e) {
      out.println("   openItem refuses it: " + e.code());
    }
    Actor.Officer supervisor = Actor.Officer.of("sgt-120", "Patel, R.", "supervisor");
    try (var released = engine.scanning().openQuarantined(supervisor, detected.id(), ByteRange.ALL, ItemUse.DOWNLOAD,
        "copy to the isolated analysis machine")) {
      byte[] bytes = released.content().readAllBytes();
      out.println("   override by " + supervisor.displayName() + ": " + bytes.length + " bytes as "
          + released.contentType() + ", kept byte for byte (sha256 "
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).equals(detected.sha256().hex())
          + ")");
      out.println("   " + released.warning());
    }
  }

  private void step(String title) {
    out.println();
    out.println(title);
  }

  private void printIndented(String text) {
    for (String line : text.split("\r?\n")) {
      out.println("   | " + line);
    }
  }
}
