package io.evidencekit.notify.email;

import io.evidencekit.api.ItemMedia;
import io.evidencekit.api.MediaState;
import io.evidencekit.api.MediaWarning;
import io.evidencekit.api.TimeWindow;
import io.evidencekit.spi.SubmissionNotice;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * The officer's view of what each file holds, as lines for the email: how long it plays, the span it
 * covers, and the same warnings the submitter saw, from the bundle. File names come from the public: each
 * is made one line by the caller's {@link HeaderText#line} and always follows our own words. At most
 * {@link #MAX_FILES} files are listed, then a count of the rest.
 */
final class MediaLines {
  static final int MAX_FILES = 20;

  private MediaLines() {}

  /** Each line unformatted: a bundle key and its arguments, so the text and HTML parts escape alike. */
  record Line(String key, Object[] args) {}

  static List<Line> of(EmailCopy copy, SubmissionNotice.MediaSummary media, ZoneId zone) {
    List<Line> lines = new ArrayList<>();
    int shown = 0;
    for (ItemMedia m : media.files()) {
      if (shown++ == MAX_FILES) {
        lines.add(new Line("officer.media.more", new Object[] {media.files().size() - MAX_FILES}));
        break;
      }
      String name = HeaderText.line(m.submittedName());
      lines.add(facts(copy, m, name, zone));
      for (MediaWarning w : m.warnings(media.windows())) {
        lines.add(switch (w.kind()) {
          case EMPTY -> new Line("officer.media.warning.empty", new Object[0]);
          case NOT_RECOGNISED -> new Line("officer.media.warning.notRecognised", new Object[0]);
          case DOES_NOT_DECODE -> new Line("officer.media.warning.doesNotDecode", new Object[0]);
          case OUTSIDE_WINDOW -> new Line("officer.media.warning.outsideWindow",
              new Object[] {String.join("; ", w.windows().stream().map(x -> window(copy, x, zone)).toList())});
        });
      }
    }
    return lines;
  }

  private static Line facts(EmailCopy copy, ItemMedia m, String name, ZoneId zone) {
    if (m.state() == MediaState.PENDING) {
      return new Line("officer.media.pending", new Object[] {name});
    }
    if (m.state() == MediaState.NOT_RECOGNISED) {
      return new Line("officer.media.notRecognised", new Object[] {name});
    }
    if (m.state() == MediaState.COULD_NOT_INSPECT || m.info().isEmpty() || m.info().get().duration().isEmpty()) {
      return new Line("officer.media.unknown", new Object[] {name});
    }
    var info = m.info().get();
    String length = duration(copy, info.duration().get());
    return info.span()
        .map(s -> new Line("officer.media.span", new Object[] {name, length, span(copy, s, zone)}))
        .orElseGet(() -> new Line("officer.media.plays", new Object[] {name, length}));
  }

  private static String window(EmailCopy copy, TimeWindow w, ZoneId zone) {
    return copy.text("officer.media.window", w.label(), span(copy, new TimeWindow.Span(w.from(), w.to()), zone));
  }

  private static String span(EmailCopy copy, TimeWindow.Span s, ZoneId zone) {
    return copy.text("officer.media.between", Phrases.when(copy, s.from(), zone), Phrases.when(copy, s.to(), zone));
  }

  private static String duration(EmailCopy copy, Duration d) {
    long seconds = Math.round(d.toMillis() / 1000.0);
    return copy.text("officer.media.duration", seconds / 3600, (seconds % 3600) / 60, seconds % 60);
  }
}
