package io.evidencekit.api.video;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import java.time.Duration;
import java.util.Optional;

/**
 * How the engine imports video consultations. An invalid value is {@code CONFIGURATION}.
 *
 * @param requests how a consultation finds its request
 * @param retentionCategory the retention category the request of an imported recording is classified under
 *     (one of the engine's rules); empty to leave its classification as it is
 * @param pageSize consultations listed per page, 1 to 1000
 * @param retryFirst how long after a failed deletion at source a pass asks again
 * @param retryMax the longest wait between attempts (the wait doubles each time up to this)
 * @param every run a pass once per this interval across every engine on the database; empty: only on demand
 */
public record VideoImportSettings(RequestMapping requests, Optional<String> retentionCategory, int pageSize,
    Duration retryFirst, Duration retryMax, Optional<Duration> every) {
  public VideoImportSettings {
    if (requests == null || retentionCategory == null || every == null) {
      throw bad("video import settings need a request mapping, a retention category (or none) and an interval (or none)");
    }
    retentionCategory.ifPresent(c -> {
      if (c.isBlank() || c.length() > 100) {
        throw bad("the retention category must be 1 to 100 characters");
      }
    });
    if (pageSize < 1 || pageSize > 1000) {
      throw bad("the page size must be 1 to 1000");
    }
    positive(retryFirst, "first retry");
    positive(retryMax, "longest retry");
    if (retryMax.compareTo(retryFirst) < 0) {
      throw bad("the longest retry must not be shorter than the first");
    }
    every.ifPresent(e -> positive(e, "interval"));
  }

  /** Pages of 100, retries after 5 minutes doubling up to 6 hours, the category given, passes on demand only. */
  public static VideoImportSettings of(RequestMapping requests, String retentionCategory) {
    return new VideoImportSettings(requests, Optional.of(retentionCategory), 100, Duration.ofMinutes(5),
        Duration.ofHours(6), Optional.empty());
  }

  /** The same settings with a pass once per {@code interval} across engines. */
  public VideoImportSettings runEvery(Duration interval) {
    return new VideoImportSettings(requests, retentionCategory, pageSize, retryFirst, retryMax, Optional.of(interval));
  }

  private static EvidenceException bad(String message) {
    return new EvidenceException(ErrorCode.CONFIGURATION, message);
  }

  private static void positive(Duration d, String what) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw bad(what + " must be positive");
    }
  }
}
