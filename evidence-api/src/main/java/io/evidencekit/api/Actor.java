package io.evidencekit.api;

import java.util.Objects;
import java.util.Set;

/** Who performs an act recorded in the custody log. */
public sealed interface Actor permits Actor.Officer, Actor.PublicSubmitter, Actor.SystemActor {

  /** A stable identifier for the log: {@code officer:<userId>}, {@code public:<invitation>}, {@code system:<component>}. */
  String id();

  /** A name for people reading the log. */
  String displayName();

  /**
   * A member of staff, as identified and authenticated by the host system.
   *
   * @param roles role names the host maps, such as {@code supervisor}; the access policy interprets them
   */
  record Officer(String userId, String displayName, Set<String> roles) implements Actor {
    public Officer {
      Validate.line(userId, "officer user id", 128);
      Validate.line(displayName, "officer display name", 120);
      roles = Set.copyOf(roles);
    }

    public static Officer of(String userId, String displayName, String... roles) {
      return new Officer(userId, displayName, Set.of(roles));
    }

    @Override
    public String id() {
      return "officer:" + userId;
    }
  }

  /** A member of the public acting through an invitation link. */
  record PublicSubmitter(InvitationId invitation, String displayName) implements Actor {
    public PublicSubmitter {
      Objects.requireNonNull(invitation, "invitation");
      Validate.line(displayName, "submitter name", 200);
    }

    @Override
    public String id() {
      return "public:" + invitation;
    }
  }

  /** The engine itself or one of its background jobs. */
  record SystemActor(String component) implements Actor {
    public SystemActor {
      Validate.line(component, "component", 64);
    }

    @Override
    public String id() {
      return "system:" + component;
    }

    @Override
    public String displayName() {
      return "evidencekit " + component;
    }
  }
}
