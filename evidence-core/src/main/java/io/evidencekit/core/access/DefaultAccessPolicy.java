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
  private final Set<String> logReaderRoles;

  /** Privileged roles act on any request and may also read the whole custody log. */
  public DefaultAccessPolicy(Set<String> privilegedRoles) {
    this(privilegedRoles, privilegedRoles);
  }

  /**
   * @param logReaderRoles roles that may read the whole custody log (an auditor's), beside any request's
   *     events, which the request's own rules govern
   */
  public DefaultAccessPolicy(Set<String> privilegedRoles, Set<String> logReaderRoles) {
    this.privilegedRoles = Set.copyOf(privilegedRoles);
    this.logReaderRoles = Set.copyOf(logReaderRoles);
  }

  /** The requesting officer and {@code supervisor}s; {@code supervisor}s and {@code auditor}s read the whole log. */
  public static DefaultAccessPolicy requestingOfficerAndSupervisors() {
    return new DefaultAccessPolicy(Set.of("supervisor"), Set.of("supervisor", "auditor"));
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

  @Override
  public AccessDecision decideLogRead(Actor.Officer officer) {
    for (String role : new TreeSet<>(officer.roles())) {
      if (logReaderRoles.contains(role)) {
        return AccessDecision.allow("role:" + role);
      }
    }
    return AccessDecision.deny("no role that may read the whole log");
  }
}
