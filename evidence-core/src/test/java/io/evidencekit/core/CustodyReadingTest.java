package io.evidencekit.core;

import io.evidencekit.core.testing.TestData;
import static io.evidencekit.core.testing.TestData.AUDITOR;
import static io.evidencekit.core.testing.TestData.WRIGHT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evidencekit.api.CustodyAction;
import io.evidencekit.api.CustodyEvent;
import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.core.testing.DatabaseKind;
import io.evidencekit.spi.AccessDecision;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass(name = "on {0}")
@EnumSource(DatabaseKind.class)
@DisplayName("Reading the whole custody log")
class CustodyReadingTest extends EngineTestBase {

  @Test
  @DisplayName("an officer the policy does not allow is refused, and the refusal is itself an event")
  void refusedAndRecorded() {
    submitFiles(requestAndInvite(), "footage");
    long before = engine.custody().size();

    assertThatThrownBy(() -> engine.custody().events(WRIGHT, 0, 100, "curious"))
        .isInstanceOf(EvidenceException.class)
        .extracting("code").isEqualTo(ErrorCode.ACCESS_DENIED);

    assertThat(engine.custody().size()).isEqualTo(before + 1);
    CustodyEvent refusal = engine.custody().events(AUDITOR, before, 1, "check the refusal").get(0);
    assertThat(refusal.action()).isEqualTo(CustodyAction.ACCESS_REFUSED);
    assertThat(refusal.actor().id()).isEqualTo(WRIGHT.id());
    assertThat(refusal.reason()).contains("curious");
    assertThat(refusal.details()).containsEntry("action", "READ_CUSTODY_LOG");
  }

  @Test
  @DisplayName("an auditor reads events with a reason, and the read is recorded with its range")
  void auditorReadsAndIsRecorded() {
    submitFiles(requestAndInvite(), "footage");
    long size = engine.custody().size();

    List<CustodyEvent> page = engine.custody().events(AUDITOR, 2, 3, "annual audit");

    assertThat(page).extracting(CustodyEvent::sequence).containsExactly(2L, 3L, 4L);
    assertThat(engine.custody().size()).isEqualTo(size + 1);
    CustodyEvent read = engine.custody().events(AUDITOR, size, 1, "see the record of the read").get(0);
    assertThat(read.action()).isEqualTo(CustodyAction.LOG_READ);
    assertThat(read.actor().id()).isEqualTo(AUDITOR.id());
    assertThat(read.reason()).contains("annual audit");
    assertThat(read.details()).containsEntry("from", "2").containsEntry("count", "3").containsEntry("rule", "role:auditor");
  }

  @Test
  @DisplayName("a policy that does not grant whole-log reading refuses everyone, supervisors too")
  void defaultPolicyMethodRefuses() {
    EvidenceEngine strict = newEngine(b -> b.accessPolicy((officer, action, request) -> AccessDecision.allow("all")));

    assertThatThrownBy(() -> strict.custody().events(AUDITOR, 0, 10, "audit"))
        .isInstanceOf(EvidenceException.class)
        .extracting("code").isEqualTo(ErrorCode.ACCESS_DENIED);
  }

  @Test
  @DisplayName("a missing reason or an unreasonable page is refused before anything is read or recorded")
  void badInput() {
    long before = engine.custody().size();
    for (Runnable bad : List.<Runnable>of(
        () -> engine.custody().events(AUDITOR, 0, 10, " "),
        () -> engine.custody().events(AUDITOR, -1, 10, "audit"),
        () -> engine.custody().events(AUDITOR, 0, 0, "audit"),
        () -> engine.custody().events(AUDITOR, 0, 10_001, "audit"))) {
      assertThatThrownBy(bad::run).isInstanceOf(EvidenceException.class)
          .extracting("code").isEqualTo(ErrorCode.INVALID_INPUT);
    }
    assertThat(engine.custody().size()).isEqualTo(before);
  }
}
