package io.evidencekit.portal;

import io.evidencekit.api.ItemMedia;
import io.evidencekit.api.MediaState;
import io.evidencekit.api.MediaWarning;
import io.evidencekit.api.TimeWindow;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;

/**
 * Words the media inspector's findings for the submitter, from the message bundle: how long a file plays
 * and the time it covers, and plain warnings (empty, not a recognised format, does not decode, outside the
 * officer's window). The warnings inform; they never block a submission. Stateless apart from its bundle.
 */
final class MediaText {
  private final Messages messages;
  private final ZoneId zone;

  MediaText(Messages messages, ZoneId zone) {
    this.messages = messages;
    this.zone = zone;
  }

  /** "Plays for 3 min 20 s. Recorded 3 May 2024 at 01:10 to 01:13.", or "being checked", or nothing. */
  Optional<String> facts(ItemMedia media) {
    return facts(media, "media.pending");
  }

  /** As {@link #facts(ItemMedia)}, for the receipt, which is not reloaded. */
  Optional<String> factsOnReceipt(ItemMedia media) {
    return facts(media, "media.pending.receipt");
  }

  private Optional<String> facts(ItemMedia media, String pendingKey) {
    if (media.state() == MediaState.PENDING) {
      return Optional.of(messages.text(pendingKey));
    }
    if (media.info().isEmpty()) {
      return Optional.empty();
    }
    var info = media.info().get();
    if (info.duration().isEmpty()) {
      return Optional.of(messages.text("media.unknownLength"));
    }
    String length = duration(info.duration().get());
    return Optional.of(info.span()
        .map(s -> messages.text("media.playsRecorded", length, span(s)))
        .orElseGet(() -> messages.text("media.plays", length)));
  }

  List<String> warnings(ItemMedia media, List<TimeWindow> windows) {
    return media.warnings(windows).stream().map(w -> switch (w.kind()) {
      case EMPTY -> messages.text("media.warning.empty");
      case NOT_RECOGNISED -> messages.text("media.warning.notRecognised");
      case DOES_NOT_DECODE -> messages.text("media.warning.doesNotDecode");
      case OUTSIDE_WINDOW -> messages.text("media.warning.outsideWindow", span(w.span().orElseThrow()),
          String.join("; ", w.windows().stream().map(this::window).toList()));
    }).toList();
  }

  /** "Camera 1: 3 May 2024 at 01:00 to 03:00". */
  String window(TimeWindow w) {
    return messages.text("media.window", w.label(), span(new TimeWindow.Span(w.from(), w.to())));
  }

  String duration(Duration d) {
    long seconds = Math.round(d.toMillis() / 1000.0);
    if (seconds >= 3600) {
      return messages.text("media.duration.hours", seconds / 3600, (seconds % 3600) / 60);
    }
    if (seconds >= 60) {
      return messages.text("media.duration.minutes", seconds / 60, seconds % 60);
    }
    return messages.text("media.duration.seconds", seconds);
  }

  /** Start in full; the end as a time alone when it falls on the same day. */
  private String span(TimeWindow.Span s) {
    ZonedDateTime from = s.from().atZone(zone);
    ZonedDateTime to = s.to().atZone(zone);
    String end = from.toLocalDate().equals(to.toLocalDate())
        ? messages.time(s.to(), zone)
        : messages.when(s.to(), zone);
    return messages.text("media.span", messages.when(s.from(), zone), end);
  }
}
