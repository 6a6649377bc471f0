package io.evidencekit.tck.selftest;

import io.evidencekit.spi.AccessDecision;
import io.evidencekit.spi.AccessPolicy;
import io.evidencekit.tck.AccessPolicyContract;
import org.junit.jupiter.api.DisplayName;

/** The policy kit passes a small policy of its own: officers may act on their own requests only. */
@DisplayName("The policy kit on a policy allowing officers their own requests")
class AllowOwnRequestsContractTest extends AccessPolicyContract {
  @Override
  protected AccessPolicy newPolicy() {
    return (officer, action, request) -> officer.userId().equals(request.officer().userId())
        ? AccessDecision.allow("own-request")
        : AccessDecision.deny("not-own-request");
  }
}
