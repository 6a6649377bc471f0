package io.evidencekit.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.evidencekit.api.ErrorCode.Kind;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@DisplayName("Error codes tell the caller what to do")
class ErrorCodeTest {

  @Test
  @DisplayName("every code a host may have persisted still exists under its name (codes are only ever added)")
  void codesAreStable() {
    assertThat(Arrays.stream(ErrorCode.values()).map(Enum::name)).containsAll(List.of(
        "INVALID_INPUT", "NOT_FOUND", "INVITATION_UNKNOWN", "INVITATION_EXPIRED", "INVITATION_REVOKED",
        "SUBMISSION_CLOSED", "SUBMISSION_EMPTY", "DECLARATION_MISMATCH", "LIMIT_EXCEEDED", "UPLOAD_INTERRUPTED",
        "ACCESS_DENIED", "STORAGE_FAILURE", "BLOB_NOT_FOUND", "INTEGRITY_FAILURE", "NOTIFICATION_FAILED",
        "DATABASE_FAILURE", "CONFIGURATION", "CLOSED", "INTERNAL"));
  }

  /** The decision for every code, so a new code cannot be added without one. */
  private static final Map<ErrorCode, Kind> KINDS = kinds();

  private static Map<ErrorCode, Kind> kinds() {
    Map<ErrorCode, Kind> kinds = new EnumMap<>(ErrorCode.class);
    for (ErrorCode code : List.of(ErrorCode.INVALID_INPUT, ErrorCode.NOT_FOUND, ErrorCode.INVITATION_UNKNOWN,
        ErrorCode.INVITATION_EXPIRED, ErrorCode.INVITATION_REVOKED, ErrorCode.SUBMISSION_CLOSED,
        ErrorCode.SUBMISSION_EMPTY, ErrorCode.DECLARATION_MISMATCH, ErrorCode.LIMIT_EXCEEDED, ErrorCode.ACCESS_DENIED,
        ErrorCode.ITEM_QUARANTINED)) {
      kinds.put(code, Kind.CALLER);
    }
    for (ErrorCode code : List.of(ErrorCode.UPLOAD_INTERRUPTED, ErrorCode.STORAGE_FAILURE, ErrorCode.NOTIFICATION_FAILED,
        ErrorCode.DATABASE_FAILURE, ErrorCode.CLOSED, ErrorCode.ITEM_NOT_SCANNED)) {
      kinds.put(code, Kind.UNAVAILABLE);
    }
    for (ErrorCode code : List.of(ErrorCode.BLOB_NOT_FOUND, ErrorCode.INTEGRITY_FAILURE, ErrorCode.CONFIGURATION,
        ErrorCode.INTERNAL)) {
      kinds.put(code, Kind.INTERNAL);
    }
    return kinds;
  }

  @ParameterizedTest
  @EnumSource(ErrorCode.class)
  @DisplayName("the caller's mistakes are CALLER; failing outside systems UNAVAILABLE; bugs, configuration and corrupt data INTERNAL")
  void classification(ErrorCode code) {
    assertThat(KINDS).as("a kind decided for every code").containsKey(code);
    assertThat(code.kind()).isEqualTo(KINDS.get(code));
  }

  @ParameterizedTest
  @EnumSource(ErrorCode.class)
  @DisplayName("a code is retryable exactly when its kind is UNAVAILABLE")
  void retryableFollowsKind(ErrorCode code) {
    assertThat(code.retryable()).isEqualTo(code.kind() == Kind.UNAVAILABLE);
  }

  @ParameterizedTest
  @EnumSource(ErrorCode.class)
  @DisplayName("an exception answers its code's kind and retryability")
  void exceptionDelegates(ErrorCode code) {
    EvidenceException e = new EvidenceException(code, "what happened");

    assertThat(e.kind()).isEqualTo(code.kind());
    assertThat(e.retryable()).isEqualTo(code.retryable());
  }

  @Test
  @DisplayName("each kind answers whether a retry may help: only UNAVAILABLE does")
  void kindRetryable() {
    assertThat(Kind.CALLER.retryable()).isFalse();
    assertThat(Kind.UNAVAILABLE.retryable()).isTrue();
    assertThat(Kind.INTERNAL.retryable()).isFalse();
  }
}
