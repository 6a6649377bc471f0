package io.evidencekit.storage.s3;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.spi.StoreCapability;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The Object Lock decision, made once from the settings and what the bucket supports: which lock headers
 * every committed blob carries, and which lock capabilities the store may declare.
 *
 * @param applied the settings applied to each blob, empty when the store adds no lock headers
 * @param capabilities RETENTION_LOCK and/or LEGAL_HOLD, only when the bucket really enforces them
 */
record LockPlan(Optional<ObjectLockSettings> applied, Set<StoreCapability> capabilities) {
  LockPlan {
    capabilities = Set.copyOf(capabilities);
  }

  /**
   * Decides. Settings asking for a lock on a bucket without Object Lock are refused, never ignored: the
   * host believes its evidence is locked.
   *
   * @throws EvidenceException with {@code CONFIGURATION} if the settings cannot be honoured
   */
  static LockPlan decide(Optional<ObjectLockSettings> settings, BucketLock bucket) {
    if (settings.isPresent() && !bucket.enabled()) {
      throw new EvidenceException(ErrorCode.CONFIGURATION,
          "Object Lock was configured but the bucket does not support it (" + bucket.detail() + ")");
    }
    Set<StoreCapability> capabilities = EnumSet.noneOf(StoreCapability.class);
    if (bucket.enabled()) {
      // Any object version in a locked bucket can be put under legal hold, by us or by an operator.
      capabilities.add(StoreCapability.LEGAL_HOLD);
      if (bucket.defaultRetention() || settings.flatMap(ObjectLockSettings::mode).isPresent()) {
        capabilities.add(StoreCapability.RETENTION_LOCK);
      }
    }
    return new LockPlan(settings, capabilities);
  }
}
