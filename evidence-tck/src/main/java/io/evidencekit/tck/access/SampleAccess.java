package io.evidencekit.tck.access;

import io.evidencekit.api.Actor;
import io.evidencekit.api.EmailAddress;
import io.evidencekit.api.EvidenceRequest;
import io.evidencekit.api.ForceReference;
import io.evidencekit.api.PhoneNumber;
import io.evidencekit.api.Recipient;
import io.evidencekit.api.RequestId;
import io.evidencekit.api.RequestState;
import io.evidencekit.api.RequestingOfficer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Officers and requests to put to an access policy: requesting officers and strangers, privileged and
 * unprivileged roles, odd but valid input. Identifiers and names are distinctive strings, so a rule that
 * quotes one of them is easy to spot. Immutable.
 */
public final class SampleAccess {
  private static final Instant CREATED = Instant.parse("2024-03-04T14:02:00Z");

  /** The host's id of the officer who asks for evidence in the first sample request. */
  public static final String REQUESTER_ID = "u-7f3a9c-wright";
  /** The host's id of the officer who asks for evidence in the second sample request. */
  public static final String OTHER_REQUESTER_ID = "u-51e0b2-okafor";

  private SampleAccess() {}

  /** Officers to ask about: each sample request's requester, supervisors, strangers, odd roles. */
  public static List<Actor.Officer> officers() {
    return List.of(
        Actor.Officer.of(REQUESTER_ID, "Wright, Dana"),
        Actor.Officer.of(OTHER_REQUESTER_ID, "Okafor, Chidi", "investigator"),
        Actor.Officer.of("u-0c4d1e-mbeki", "Mbeki, Thandi", "supervisor"),
        Actor.Officer.of("u-9a8b7c-nowak", "Nowak, Zofia", "disclosure-officer", "supervisor", "investigator"),
        Actor.Officer.of("u-2f2f2f-lund", "Lund, Sigrid"),
        Actor.Officer.of("U-7F3A9C-WRIGHT", "Wright, Dana (other account)", "SUPERVISOR"),
        Actor.Officer.of("u-e1e2e3-ocon", "Ó Conaill, Seán", "Kriminalhauptkommissar·in", "rôle avec espaces"),
        new Actor.Officer("u-manyroles", "Many, Roles", manyRoles()));
  }

  /** Requests to ask about, by two requesting officers, in every state. */
  public static List<EvidenceRequest> requests() {
    RequestingOfficer wright = new RequestingOfficer(REQUESTER_ID, "Wright, Dana",
        new EmailAddress("dana.wright@force.example"), new PhoneNumber("+447700900111"));
    RequestingOfficer okafor = new RequestingOfficer(OTHER_REQUESTER_ID, "Okafor, Chidi",
        new EmailAddress("chidi.okafor@force.example"), new PhoneNumber("+447700900222"));
    Recipient smith = new Recipient("Delia Smith-Quarrington",
        Optional.of(new EmailAddress("delia.sq@public.example")), Optional.of(new PhoneNumber("+447700900333")));
    Recipient byPhone = new Recipient("Ravi Anand-Kowalczyk", Optional.empty(), Optional.of(new PhoneNumber("+447700900444")));
    return List.of(
        request("0b0c7a52-8d8e-4a55-9a56-6c1b2d3e4f50", "46/00042/24", wright, smith, RequestState.INVITED,
            "Dashcam footage of the collision on the A2 near Dartford at about 17:05 on 3 March."),
        request("1c1d8b63-9e9f-4b66-8b67-7d2c3e4f5061", "46/00043/24", wright, byPhone, RequestState.CREATED,
            "Doorbell camera, Wellington Road, the evening of 2 March."),
        request("2d2e9c74-afa0-4c77-9c78-8e3d4f506172", "46/00977/24", okafor, smith, RequestState.EVIDENCE_RECEIVED,
            "Mobile phone video of the disturbance outside the Crown and Anchor."));
  }

  /**
   * Everything in {@code officer} and {@code request} that identifies a person or tells what the request
   * is about: what must never be quoted in a rule kept in the custody log.
   */
  public static List<String> personalData(Actor.Officer officer, EvidenceRequest request) {
    List<String> personal = new ArrayList<>(List.of(officer.userId(), officer.displayName(),
        request.officer().userId(), request.officer().displayName(), request.officer().email().value(),
        request.officer().phone().value(), request.recipient().name(), request.description(),
        request.incidentSummary()));
    request.recipient().email().ifPresent(e -> personal.add(e.value()));
    request.recipient().mobile().ifPresent(m -> personal.add(m.value()));
    return personal;
  }

  private static EvidenceRequest request(String id, String reference, RequestingOfficer officer, Recipient recipient,
      RequestState state, String description) {
    Optional<Instant> expires = state == RequestState.CREATED ? Optional.empty()
        : Optional.of(CREATED.plus(Duration.ofDays(10)));
    return new EvidenceRequest(new RequestId(UUID.fromString(id)), new ForceReference(reference),
        "Incident " + reference + ", reported by a member of the public", description, officer, recipient, state,
        CREATED, expires);
  }

  private static Set<String> manyRoles() {
    Set<String> roles = new java.util.HashSet<>();
    for (int i = 0; i < 200; i++) {
      roles.add("role-" + i);
    }
    return roles;
  }
}
