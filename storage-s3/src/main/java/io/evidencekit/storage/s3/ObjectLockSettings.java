package io.evidencekit.storage.s3;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * S3 Object Lock to apply to every committed blob: a retention period in a mode, a legal hold, or both.
 * A store given these settings refuses to start on a bucket without Object Lock, because evidence that
 * was meant to be locked must not be stored unlocked without anyone noticing.
 *
 * @param mode the retention mode, or empty for no retention of our own (a bucket default still applies)
 * @param retention how long each blob is retained from its commit; {@link Duration#ZERO} when no mode
 * @param legalHold whether each blob is put under legal hold (lifted only by an explicit S3 call)
 */
public record ObjectLockSettings(Optional<Mode> mode, Duration retention, boolean legalHold) {

  /** The S3 retention modes. */
  public enum Mode {
    /** Users with {@code s3:BypassGovernanceRetention} may shorten or remove the retention. */
    GOVERNANCE,
    /** Nobody, not even the account root, can shorten or remove the retention. */
    COMPLIANCE
  }

  public ObjectLockSettings {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(retention, "retention");
    if (mode.isPresent() != (retention.compareTo(Duration.ZERO) > 0)) {
      throw new EvidenceException(ErrorCode.CONFIGURATION,
          "an Object Lock retention needs both a mode and a positive period, or neither");
    }
    if (mode.isEmpty() && !legalHold) {
      throw new EvidenceException(ErrorCode.CONFIGURATION, "Object Lock settings must ask for a retention or a legal hold");
    }
  }

  /** Retains every blob for {@code period} from its commit. */
  public static ObjectLockSettings retain(Mode mode, Duration period) {
    return new ObjectLockSettings(Optional.of(Objects.requireNonNull(mode, "mode")), period, false);
  }

  /** Puts every blob under legal hold, with no retention period of our own. */
  public static ObjectLockSettings legalHoldOnly() {
    return new ObjectLockSettings(Optional.empty(), Duration.ZERO, true);
  }

  /** These settings, also putting every blob under legal hold. */
  public ObjectLockSettings withLegalHold() {
    return new ObjectLockSettings(mode, retention, true);
  }
}
