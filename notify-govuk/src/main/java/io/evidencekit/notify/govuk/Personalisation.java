package io.evidencekit.notify.govuk;

import io.evidencekit.spi.Channel;
import io.evidencekit.spi.InvitationNotice;
import io.evidencekit.spi.SubmissionNotice;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Our facts as Notify template placeholders. The names are the contract with the force's templates
 * (README, "Templates"): a template may use any of them, and Notify refuses a template that asks for
 * one we do not give.
 */
final class Personalisation {
  static final String RECIPIENT_NAME = "recipient_name";
  static final String OFFICER_NAME = "officer_name";
  static final String FORCE_NAME = "force_name";
  static final String REFERENCE = "reference";
  static final String LINK = "link";
  static final String VALID_FOR = "valid_for";
  static final String EXPIRES_AT = "expires_at";
  static final String DESCRIPTION = "description";
  static final String SUBMITTER_NAME = "submitter_name";
  static final String FILE_COUNT = "file_count";
  static final String TOTAL_SIZE = "total_size";
  static final String SUBMITTED_AT = "submitted_at";
  static final String CAPTION = "caption";
  static final String HAS_CAPTION = "has_caption";
  static final String CASE_LINK = "case_link";
  static final String HAS_CASE_LINK = "has_case_link";

  private static final Pattern SPACES = Pattern.compile("[\\s\\u2028\\u2029\\u0085]+");

  private Personalisation() {}

  static Map<String, String> invitation(InvitationNotice notice, Channel channel, NotifySettings settings,
      Phrases phrases) {
    Map<String, String> values = new HashMap<>();
    values.put(RECIPIENT_NAME, oneLine(notice.recipientName()));
    values.put(OFFICER_NAME, oneLine(notice.officerName()));
    values.put(FORCE_NAME, settings.forceName());
    values.put(REFERENCE, notice.reference().value());
    values.put(LINK, notice.link().toASCIIString());
    values.put(VALID_FOR, phrases.validity(notice.validity()));
    values.put(EXPIRES_AT, phrases.when(notice.expiresAt(), settings.zone()));
    values.put(DESCRIPTION, freeText(notice.description(), channel));
    return values;
  }

  static Map<String, String> submission(SubmissionNotice notice, Channel channel, NotifySettings settings,
      Phrases phrases) {
    Map<String, String> values = new HashMap<>();
    values.put(OFFICER_NAME, oneLine(notice.officerName()));
    values.put(SUBMITTER_NAME, oneLine(notice.submitterName()));
    values.put(FORCE_NAME, settings.forceName());
    values.put(REFERENCE, notice.reference().value());
    values.put(FILE_COUNT, phrases.files(notice.fileCount()));
    values.put(TOTAL_SIZE, phrases.size(notice.totalBytes()));
    values.put(SUBMITTED_AT, phrases.when(notice.submittedAt(), settings.zone()));
    String caption = notice.caption().map(c -> freeText(c, channel)).orElse("");
    values.put(CAPTION, caption);
    values.put(HAS_CAPTION, phrases.yesNo(!caption.isEmpty()));
    values.put(CASE_LINK, notice.caseLink().map(URI::toASCIIString).orElse(""));
    values.put(HAS_CASE_LINK, phrases.yesNo(notice.caseLink().isPresent()));
    return values;
  }

  /** The placeholder that may be shortened to fit a text message, per kind. */
  static String cuttable(NotifyTemplates.Kind kind) {
    return kind == NotifyTemplates.Kind.INVITATION ? DESCRIPTION : CAPTION;
  }

  /** Names are one line even in an email: a line break inside a greeting is never meant. */
  static String oneLine(String text) {
    return SPACES.matcher(text).replaceAll(" ").strip();
  }

  /** Emails keep the writer's paragraphs; a text message spends no characters on them. */
  private static String freeText(String text, Channel channel) {
    return channel == Channel.SMS ? oneLine(text) : text.strip();
  }
}
