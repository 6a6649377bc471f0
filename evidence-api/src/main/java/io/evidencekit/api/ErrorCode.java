package io.evidencekit.api;

/**
 * Stable identifiers for every failure evidencekit reports. Hosts may switch on them and persist
 * them; a constant is never renamed or reused for another meaning.
 */
public enum ErrorCode {
  /** A value given by the caller is malformed, empty or too long. */
  INVALID_INPUT(Kind.CLIENT),
  /** A request, submission or item with the given id does not exist (or is not visible). */
  NOT_FOUND(Kind.CLIENT),
  /** No invitation matches the token. Says nothing about whether a similar token ever existed. */
  INVITATION_UNKNOWN(Kind.CLIENT),
  /** The invitation's validity has passed; the officer must send a new link. */
  INVITATION_EXPIRED(Kind.CLIENT),
  /** The invitation was revoked or replaced by a newer one; the officer must send a new link. */
  INVITATION_REVOKED(Kind.CLIENT),
  /** The submission was already submitted and can no longer change. */
  SUBMISSION_CLOSED(Kind.CLIENT),
  /** A submission was submitted with no files. */
  SUBMISSION_EMPTY(Kind.CLIENT),
  /** The declaration does not name the number of files actually received. */
  DECLARATION_MISMATCH(Kind.CLIENT),
  /** A configured size or count limit was reached; the offending data was discarded. */
  LIMIT_EXCEEDED(Kind.CLIENT),
  /** The upload stream broke before its end (client gone, connection cut); nothing was recorded. */
  UPLOAD_INTERRUPTED(Kind.CLIENT),
  /** The access policy refused the actor; the refusal itself is in the custody log. */
  ACCESS_DENIED(Kind.CLIENT),
  /**
   * The item is quarantined (malware was detected) and is read only through the explicit override,
   * {@link Scanning#openQuarantined}. The refusal is in the custody log.
   */
  ITEM_QUARANTINED(Kind.CLIENT),
  /**
   * The item has not been scanned clean yet (waiting, or the scanners could not scan it), so it is not
   * handed out as safe; read it through {@link Scanning#openQuarantined} if it cannot wait.
   */
  ITEM_NOT_SCANNED(Kind.CLIENT),
  /** The blob store failed; nothing was recorded as received. */
  STORAGE_FAILURE(Kind.SERVER),
  /** A blob does not exist in the store. */
  BLOB_NOT_FOUND(Kind.SERVER),
  /** Bytes read back do not match the hash recorded at receipt. */
  INTEGRITY_FAILURE(Kind.SERVER),
  /** A notifier could not deliver a message. */
  NOTIFICATION_FAILED(Kind.SERVER),
  /** The database failed or could not be reached. */
  DATABASE_FAILURE(Kind.SERVER),
  /** A configuration value given to a builder is invalid. */
  CONFIGURATION(Kind.SERVER),
  /** The engine or plugin was closed. */
  CLOSED(Kind.SERVER),
  /** A bug: an invariant did not hold. */
  INTERNAL(Kind.SERVER);

  /** Whose fault: the caller's input, or the system's state. */
  public enum Kind { CLIENT, SERVER }

  private final Kind kind;

  ErrorCode(Kind kind) {
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
