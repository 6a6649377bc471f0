package io.evidencekit.api;

import java.net.URI;
import java.util.Objects;

/**
 * A freshly issued invitation with its secret link. This is the only time the token exists outside
 * the recipient's message: the engine keeps only its hash. {@link #toString()} hides the token.
 */
public record IssuedInvitation(Invitation invitation, String token, URI link) {
  public IssuedInvitation {
    Objects.requireNonNull(invitation, "invitation");
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(link, "link");
  }

  @Override
  public String toString() {
    return "IssuedInvitation[invitation=" + invitation + ", token=***, link=***]";
  }
}
