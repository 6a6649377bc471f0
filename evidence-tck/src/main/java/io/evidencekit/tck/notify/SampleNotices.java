package io.evidencekit.tck.notify;

import io.evidencekit.api.ContactPoint;
import io.evidencekit.api.ForceReference;
import io.evidencekit.spi.InvitationNotice;
import io.evidencekit.spi.SubmissionNotice;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Realistic notices with fixed facts, so tests can look for each fact in what was delivered. */
public final class SampleNotices {
  public static final ForceReference REFERENCE = new ForceReference("46/00042/24");
  /** Stands in for the secret token of an invitation link: it may appear only inside {@link #LINK}. */
  public static final String TOKEN = "Zx8kP2qL9mN4vB7cT1wYhG5s";
  /** Looks like a real invitation link: the last segment is {@link #TOKEN}. */
  public static final URI LINK = URI.create("https://evidence.force.example/r/" + TOKEN);
  /** Where the officer views a submission in the host system. */
  public static final URI CASE_LINK = URI.create("https://records.force.example/cases/46-00042-24/evidence?tab=new");
  public static final String RECIPIENT = "D Smith";
  public static final String OFFICER = "D. Wright";
  public static final String DESCRIPTION =
      "Dashcam footage of the collision on the A2 near Dartford at about 17:05 on 3 March.";
  public static final String SUBMITTER = "D Smith";
  public static final String CAPTION = "Front door camera, looking onto the street";
  /**
   * The number of files in {@link #submission(ContactPoint)}: a digit that no other fact of the sample
   * notice contains, so a message can be checked for it in any language.
   */
  public static final int FILE_COUNT = 7;
  public static final Instant SENT_AT = Instant.parse("2024-03-04T14:02:00Z");
  public static final Duration VALIDITY = Duration.ofDays(10);

  private SampleNotices() {}

  public static InvitationNotice invitation(ContactPoint to) {
    return invitation(to, RECIPIENT, OFFICER, DESCRIPTION);
  }

  public static InvitationNotice invitation(ContactPoint to, String recipientName, String officerName,
      String description) {
    return invitation(to, recipientName, officerName, description, VALIDITY);
  }

  public static InvitationNotice invitation(ContactPoint to, String recipientName, String officerName,
      String description, Duration validity) {
    return new InvitationNotice(UUID.randomUUID(), REFERENCE, to, recipientName, officerName, LINK, validity,
        SENT_AT.plus(validity), description);
  }

  /** {@link #FILE_COUNT} files, 3.5 MB, with {@link #CAPTION} and no case link. */
  public static SubmissionNotice submission(ContactPoint to) {
    return submission(to, SUBMITTER, FILE_COUNT, Optional.of(CAPTION), Optional.empty());
  }

  public static SubmissionNotice submission(ContactPoint to, String submitterName, int fileCount,
      Optional<String> caption, Optional<URI> caseLink) {
    return new SubmissionNotice(UUID.randomUUID(), REFERENCE, to, OFFICER, submitterName, fileCount,
        3_500_000L, caption, SENT_AT, caseLink);
  }
}
