package io.evidencekit.spi;

/** What a {@link BlobStore} guarantees beyond the basic contract. Each one declared is tested by the TCK. */
public enum StoreCapability {
  /** A committed blob can never be overwritten: committing the same content again keeps the first copy. */
  WRITE_ONCE,
  /** Committing content that is already stored returns the existing blob (content addressing). */
  DEDUPLICATES,
  /** Blobs survive the process being killed once {@link BlobWriter#commit} returns. */
  DURABLE_ON_COMMIT,
  /** Several processes may share the store's backing location at once. */
  SHARED_BY_PROCESSES,
  /** The backend enforces a retention period (e.g. S3 Object Lock). */
  RETENTION_LOCK,
  /** The backend enforces a legal hold. */
  LEGAL_HOLD,
  /** The backend keeps object versions. */
  VERSIONING,
  /** The backend verifies a SHA-256 checksum on upload. */
  SERVER_SIDE_CHECKSUM
}
