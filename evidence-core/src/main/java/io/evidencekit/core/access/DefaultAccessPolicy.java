package io.evidencekit.core.access;

import io.evidencekit.api.Actor;
import io.evidencekit.api.EvidenceRequest;
import io.evidencekit.spi.AccessAction;
import io.evidencekit.spi.AccessDecision;
import io.evidencekit.spi.AccessPolicy;
import java.util.Set;
import java.util.TreeSet;

/**
 * The requesting officer may do everything with their own request; officers holding one of the
 * privileged roles (by default {@code supervisor}, as mapped by the host) may do everything with any
 * request; nobody else may do anything. Immutable and thread-safe.
 */
public final class DefaultAccessPolicy implements AccessPolicy {
  private final Set<String> privilegedRoles;

  public DefaultAccessPolicy(Set<String> privilegedRoles) {
    this.privilegedRoles = Set.copyOf(privilegedRoles);
  }

  public static DefaultAccessPolicy requestingOfficerAndSupervisors() {
    return new DefaultAccessPolicy(Set.of("supervisor"));
  }

  @Override
  public AccessDecision decide(Actor.Officer officer, AccessAction action, EvidenceRequest request) {
    if (officer.userId().equals(request.officer().userId())) {
      return AccessDecision.allow("requesting-officer");
    }
    for (String role : new TreeSet<>(officer.roles())) {
      if (privilegedRoles.contains(role)) {
        return AccessDecision.allow("role:" + role);
      }
    }
    return AccessDecision.deny("not the requesting officer and no privileged role");
  }
}
