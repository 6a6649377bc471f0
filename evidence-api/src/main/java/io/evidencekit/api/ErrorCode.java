package io.evidencekit.api;

/**
 * Stable identifiers for every failure evidencekit reports. Hosts may switch on them and persist
 * them; a constant is never renamed or reused for another meaning.
 *
 * <p>Each code has a {@link Kind} that tells the caller what to do about it: change the call
 * ({@link Kind#CALLER}), try again later ({@link Kind#UNAVAILABLE}, the only {@link #retryable()}
 * kind), or have an operator look ({@link Kind#INTERNAL}). A code's kind may be refined between
 * versions; its name and meaning may not.
 */
public enum ErrorCode {
  /** A value given by the caller is malformed, empty or too long. */
  INVALID_INPUT(Kind.CALLER),
  /** A request, submission or item with the given id does not exist (or is not visible). */
  NOT_FOUND(Kind.CALLER),
  /** No invitation matches the token. Says nothing about whether a similar token ever existed. */
  INVITATION_UNKNOWN(Kind.CALLER),
  /** The invitation's validity has passed; the officer must send a new link. */
  INVITATION_EXPIRED(Kind.CALLER),
  /** The invitation was revoked or replaced by a newer one; the officer must send a new link. */
  INVITATION_REVOKED(Kind.CALLER),
  /** The submission was already submitted and can no longer change. */
  SUBMISSION_CLOSED(Kind.CALLER),
  /** A submission was submitted with no files. */
  SUBMISSION_EMPTY(Kind.CALLER),
  /** The declaration does not name the number of files actually received. */
  DECLARATION_MISMATCH(Kind.CALLER),
  /** A configured size or count limit was reached; the offending data was discarded. */
  LIMIT_EXCEEDED(Kind.CALLER),
  /**
   * The bytes' source broke off before its end (client gone, connection cut, a file that could not
   * be read); nothing was recorded, and sending the same content again may succeed.
   */
  UPLOAD_INTERRUPTED(Kind.UNAVAILABLE),
  /** The access policy refused the actor; the refusal itself is in the custody log. */
  ACCESS_DENIED(Kind.CALLER),
  /**
   * The item is quarantined (malware was detected) and is read only through the explicit override,
   * {@link Scanning#openQuarantined}. The refusal is in the custody log.
   */
  ITEM_QUARANTINED(Kind.CALLER),
  /**
   * The item has not been scanned clean yet (waiting for the scanners, or they could not scan it), so it
   * is not handed out as safe: ask again once it is scanned, or read it through
   * {@link Scanning#openQuarantined} if it cannot wait. The refusal is in the custody log.
   */
  ITEM_NOT_SCANNED(Kind.UNAVAILABLE),
  /** The blob store failed; nothing was recorded as received. */
  STORAGE_FAILURE(Kind.UNAVAILABLE),
  /**
   * A blob the records point to does not exist in the store: lost or removed behind the engine's
   * back. Retrying does not bring it back.
   */
  BLOB_NOT_FOUND(Kind.INTERNAL),
  /**
   * Bytes, a log entry, a proof or a signature do not match what was recorded or signed: corruption
   * or tampering, for a person to investigate.
   */
  INTEGRITY_FAILURE(Kind.INTERNAL),
  /** A notifier could not deliver a message. */
  NOTIFICATION_FAILED(Kind.UNAVAILABLE),
  /** The database failed or could not be reached. */
  DATABASE_FAILURE(Kind.UNAVAILABLE),
  /** A configuration value given to a builder or settings object is invalid; fix the configuration. */
  CONFIGURATION(Kind.INTERNAL),
  /**
   * The engine or plugin was closed, typically because the host is shutting down; another instance
   * (after a restart, or behind a load balancer) can take the same call.
   */
  CLOSED(Kind.UNAVAILABLE),
  /** A bug: an invariant did not hold. */
  INTERNAL(Kind.INTERNAL);

  /**
   * What the caller should do about a failure.
   *
   * <p>Migration from the two kinds of 0.1 ({@code CLIENT}, {@code SERVER}): {@code CLIENT} became
   * {@link #CALLER}, except {@link ErrorCode#UPLOAD_INTERRUPTED}, now {@link #UNAVAILABLE}; {@code
   * SERVER} split into {@link #UNAVAILABLE} (an outside system or the host's lifecycle; retry) and
   * {@link #INTERNAL} (a bug, the configuration, or data that no longer matches its record; do not
   * retry). Code that asked {@code kind() == CLIENT} asks {@code kind() == CALLER}; code that asked
   * {@code kind() == SERVER} asks {@code kind() != CALLER}, or {@link ErrorCode#retryable()}.
   */
  public enum Kind {
    /**
     * The caller's mistake or a state the caller must respect (bad input, an expired link, a refused
     * access): change the input or tell the person; the same call fails the same way again. A web
     * host answers 4xx.
     */
    CALLER,
    /**
     * Something outside evidencekit's control failed or is going away (the blob store, the
     * database, a notifier, a scanner, the bytes' source, a shutdown): nothing was half-done, and
     * the same call may succeed later. A web host answers 503 (or 5xx) and may retry with back-off.
     */
    UNAVAILABLE,
    /**
     * A fault that neither a retry nor different input fixes: a bug, an invalid configuration, or
     * stored data that no longer matches its record. An operator must look; a web host answers 500.
     */
    INTERNAL;

    /** Whether the same call may succeed if repeated later, unchanged. */
    public boolean retryable() {
      return this == UNAVAILABLE;
    }
  }

  private final Kind kind;

  ErrorCode(Kind kind) {
    this.kind = kind;
  }

  /** What the caller should do about this failure. */
  public Kind kind() {
    return kind;
  }

  /**
   * Whether repeating the same call later, unchanged, may succeed: true exactly for the
   * {@link Kind#UNAVAILABLE} codes. Retry with back-off and a bound; the engine's own calls are
   * idempotent where they say so (submit, for one).
   */
  public boolean retryable() {
    return kind.retryable();
  }
}
