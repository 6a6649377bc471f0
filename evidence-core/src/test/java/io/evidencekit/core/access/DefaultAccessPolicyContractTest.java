package io.evidencekit.core.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.evidencekit.api.Actor;
import io.evidencekit.api.EvidenceRequest;
import io.evidencekit.spi.AccessAction;
import io.evidencekit.spi.AccessDecision;
import io.evidencekit.spi.AccessPolicy;
import io.evidencekit.tck.AccessPolicyContract;
import io.evidencekit.tck.access.SampleAccess;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@DisplayName("DefaultAccessPolicy keeps the AccessPolicy contract")
class DefaultAccessPolicyContractTest extends AccessPolicyContract {
  private static final EvidenceRequest WRIGHTS_REQUEST = SampleAccess.requests().get(0);

  @Override
  protected AccessPolicy newPolicy() {
    return DefaultAccessPolicy.requestingOfficerAndSupervisors();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(AccessAction.class)
  @DisplayName("the requesting officer may do anything with their own request, by the rule requesting-officer")
  void requestingOfficer(AccessAction action) {
    AccessDecision decision = newPolicy().decide(Actor.Officer.of(SampleAccess.REQUESTER_ID, "Wright, Dana"), action,
        WRIGHTS_REQUEST);

    assertThat(decision).isEqualTo(AccessDecision.allow("requesting-officer"));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(AccessAction.class)
  @DisplayName("a supervisor may do anything with any request, by the rule naming the role")
  void supervisor(AccessAction action) {
    AccessDecision decision = newPolicy().decide(Actor.Officer.of("u-0c4d1e-mbeki", "Mbeki, Thandi", "supervisor"),
        action, WRIGHTS_REQUEST);

    assertThat(decision).isEqualTo(AccessDecision.allow("role:supervisor"));
  }

  @Test
  @DisplayName("another officer is refused, and neither a user id differing only in case nor a role in capitals counts")
  void everyoneElseRefused() {
    AccessPolicy policy = newPolicy();

    for (Actor.Officer officer : Set.of(Actor.Officer.of("u-2f2f2f-lund", "Lund, Sigrid", "investigator"),
        Actor.Officer.of(SampleAccess.REQUESTER_ID.toUpperCase(java.util.Locale.ROOT), "Wright, Dana", "SUPERVISOR"))) {
      assertThat(policy.decide(officer, AccessAction.READ_ITEM, WRIGHTS_REQUEST).allowed()).as(officer.userId()).isFalse();
    }
  }

  @Test
  @DisplayName("a force's own privileged roles replace the default one")
  void ownPrivilegedRoles() {
    AccessPolicy policy = new DefaultAccessPolicy(Set.of("disclosure-officer"));

    assertThat(policy.decide(Actor.Officer.of("u-9", "Nowak, Zofia", "disclosure-officer"), AccessAction.READ_ITEM,
        WRIGHTS_REQUEST)).isEqualTo(AccessDecision.allow("role:disclosure-officer"));
    assertThat(policy.decide(Actor.Officer.of("u-0c4d1e-mbeki", "Mbeki, Thandi", "supervisor"), AccessAction.READ_ITEM,
        WRIGHTS_REQUEST).allowed()).isFalse();
  }
}
