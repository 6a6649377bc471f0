package io.evidencekit.api;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The one unchecked exception evidencekit throws. Callers switch on {@link #code()}, which is stable;
 * the message is for people and never contains tokens, secrets or personal data.
 */
public class EvidenceException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;

  public EvidenceException(ErrorCode code, String message) {
    this(code, message, null);
  }

  public EvidenceException(ErrorCode code, String message, @Nullable Throwable cause) {
    super(message, cause);
    this.code = Objects.requireNonNull(code, "code");
  }

  public ErrorCode code() {
    return code;
  }

  /** What the caller should do about it: the {@link ErrorCode#kind() kind} of its code. */
  public ErrorCode.Kind kind() {
    return code.kind();
  }

  /** Whether repeating the same call later, unchanged, may succeed; see {@link ErrorCode#retryable()}. */
  public boolean retryable() {
    return code.retryable();
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + code + "]: " + getMessage();
  }
}
