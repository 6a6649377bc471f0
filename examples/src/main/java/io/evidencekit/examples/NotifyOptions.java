package io.evidencekit.examples;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The example host's switch to GOV.UK Notify: {@code --notify-url URL --notify-key KEY --sms-template ID
 * --email-template ID}. {@link #toString()} hides the key.
 */
record NotifyOptions(URI url, String key, UUID smsTemplate, UUID emailTemplate) {
  static final List<String> NAMES = List.of("--notify-url", "--notify-key", "--sms-template", "--email-template");

  /** Empty when none of the options is given; all four are needed otherwise. */
  static Optional<NotifyOptions> from(List<String> args) {
    if (NAMES.stream().noneMatch(args::contains)) {
      return Optional.empty();
    }
    String[] values = new String[NAMES.size()];
    for (int i = 0; i < values.length; i++) {
      int at = args.indexOf(NAMES.get(i));
      if (at < 0 || at + 1 >= args.size()) {
        throw new EvidenceException(ErrorCode.CONFIGURATION, "GOV.UK Notify needs all of " + String.join(", ", NAMES)
            + "; " + NAMES.get(i) + " is missing");
      }
      values[i] = args.get(at + 1);
    }
    try {
      return Optional.of(new NotifyOptions(URI.create(values[0]), values[1], UUID.fromString(values[2]),
          UUID.fromString(values[3])));
    } catch (IllegalArgumentException e) {
      throw new EvidenceException(ErrorCode.CONFIGURATION, "--notify-url must be a URL and the template ids UUIDs");
    }
  }

  @Override
  public String toString() {
    return "NotifyOptions[url=" + url + ", key=***, smsTemplate=" + smsTemplate + ", emailTemplate=" + emailTemplate + "]";
  }
}
