package io.evidencekit.core.request;

import io.evidencekit.api.Actor;
import io.evidencekit.api.ContactPoint;
import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.EvidenceRequest;
import io.evidencekit.api.Invitation;
import io.evidencekit.api.InvitationId;
import io.evidencekit.api.InvitationState;
import io.evidencekit.api.IssuedInvitation;
import io.evidencekit.api.NewEvidenceRequest;
import io.evidencekit.api.RequestId;
import io.evidencekit.api.RequestState;
import io.evidencekit.core.custody.CustodyEvents;
import io.evidencekit.core.custody.CustodyLog;
import io.evidencekit.core.custody.PendingEvent;
import io.evidencekit.core.internal.Database;
import io.evidencekit.core.internal.EngineClock;
import io.evidencekit.core.internal.Ids;
import io.evidencekit.core.notify.Outbox;
import io.evidencekit.spi.Channel;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * Creates requests and issues, re-issues and revokes their links; resolves a token to its invitation.
 * Engine-internal. Thread-safe: all state is in the database.
 */
public final class RequestService {
  private final Database db;
  private final EngineClock clock;
  private final CustodyLog custody;
  private final Outbox outbox;
  private final RequestStore store;
  private final ReferenceAllocator references;
  private final InvitationTokens tokens;
  private final Duration validity;
  private final URI linkBase;
  private final Set<Channel> channels;
  private final Ids ids;

  public RequestService(Database db, EngineClock clock, CustodyLog custody, Outbox outbox, RequestStore store,
      ReferenceFormat format, SecureRandom random, Duration validity, URI linkBase, Set<Channel> channels) {
    this.db = db;
    this.clock = clock;
    this.custody = custody;
    this.outbox = outbox;
    this.store = store;
    this.references = new ReferenceAllocator(format);
    this.tokens = new InvitationTokens(random);
    this.ids = new Ids(random);
    this.validity = validity;
    this.linkBase = linkBase;
    this.channels = Set.copyOf(channels);
  }

  public EvidenceRequest create(Actor.Officer by, NewEvidenceRequest spec) {
    UUID id = ids.next();
    return db.inTransaction(h -> {
      Instant now = clock.now();
      EvidenceRequest request = new EvidenceRequest(new RequestId(id), references.next(h, clock.zonedNow()),
          spec.incidentSummary(), spec.description(), spec.officer(), spec.recipient(), RequestState.CREATED, now,
          Optional.empty(), spec.submissionPolicy());
      store.insert(h, request);
      io.evidencekit.core.media.RequestWindows.insert(h, request.id(), spec.timeWindows());
      custody.append(h, List.of(CustodyEvents.requestCreated(now, by, request.id(), request.reference().value(),
          spec.officer().userId(), spec.submissionPolicy().name(), spec.timeWindows())));
      return request;
    });
  }

  /**
   * Issues a new link for the request, ending any link still active (the old one stops working at
   * once), and queues the message to the recipient on every channel the engine has a notifier for.
   */
  public IssuedInvitation issue(Actor.Officer by, EvidenceRequest request) {
    return issue(by, request, Optional.empty());
  }

  /**
   * Issues a new link as {@link #issue(Actor.Officer, EvidenceRequest)} does, sent on the channels chosen
   * (empty: every channel the recipient has and a notifier serves). A chosen channel the recipient has no
   * contact for, or that no notifier serves, is refused before anything changes.
   */
  public IssuedInvitation issue(Actor.Officer by, EvidenceRequest request, Optional<Set<Channel>> chosen) {
    chosen.ifPresent(c -> requireReachable(request, c));
    String token = tokens.newToken();
    byte[] hash = InvitationTokens.hash(token).orElseThrow();
    InvitationId newId = new InvitationId(ids.next());
    return db.inTransaction(h -> {
      Instant now = clock.now();
      EvidenceRequest locked = store.lock(h, request.id()).orElseThrow(() -> notFound());
      List<PendingEvent> events = new ArrayList<>();
      for (InvitationId old : store.endActiveInvitations(h, locked.id(), InvitationState.SUPERSEDED, now)) {
        events.add(CustodyEvents.invitationRevoked(now, by, locked.id(), old.toString(), CustodyEvents.SUPERSEDED));
      }
      List<ContactPoint> recipients = contactPoints(locked, chosen);
      ContactPoint primary = recipients.isEmpty()
          ? locked.recipient().email().<ContactPoint>map(e -> e).orElseGet(() -> locked.recipient().mobile().orElseThrow())
          : recipients.get(0);
      Invitation invitation = new Invitation(newId, locked.id(), primary,
          InvitationState.ACTIVE, now, now.plus(validity), Optional.empty());
      store.insertInvitation(h, invitation, hash);
      List<String> queued = new ArrayList<>();
      for (ContactPoint to : recipients) {
        outbox.enqueueInvitation(h, locked, invitation, to, token, validity, now);
        queued.add(Outbox.channelOf(to).name());
      }
      if (locked.state() == RequestState.CREATED) {
        store.updateState(h, locked.id(), RequestState.INVITED);
      }
      events.add(CustodyEvents.invitationIssued(now, by, locked.id(), invitation.id().toString(), invitation.expiresAt(),
          queued));
      custody.append(h, events);
      return new IssuedInvitation(invitation, token, URI.create(linkBase + token));
    });
  }

  private List<ContactPoint> contactPoints(EvidenceRequest request, Optional<Set<Channel>> chosen) {
    List<ContactPoint> out = new ArrayList<>();
    Set<Channel> wanted = chosen.orElse(channels);
    request.recipient().email().filter(e -> wanted.contains(Channel.EMAIL) && channels.contains(Channel.EMAIL))
        .ifPresent(out::add);
    request.recipient().mobile().filter(m -> wanted.contains(Channel.SMS) && channels.contains(Channel.SMS))
        .ifPresent(out::add);
    return out;
  }

  private void requireReachable(EvidenceRequest request, Set<Channel> chosen) {
    if (chosen.isEmpty()) {
      throw new EvidenceException(ErrorCode.INVALID_INPUT, "choose at least one channel to send the link on");
    }
    for (Channel c : chosen) {
      boolean has = c == Channel.EMAIL ? request.recipient().email().isPresent() : request.recipient().mobile().isPresent();
      if (!has) {
        throw new EvidenceException(ErrorCode.INVALID_INPUT, "the recipient of " + request.reference().value()
            + " has no " + (c == Channel.EMAIL ? "email address" : "mobile number") + " to send the link to");
      }
      if (!channels.contains(c)) {
        throw new EvidenceException(ErrorCode.INVALID_INPUT, "no notifier of this engine sends "
            + (c == Channel.EMAIL ? "emails" : "text messages"));
      }
    }
  }

  public void revoke(Actor.Officer by, EvidenceRequest request, InvitationId invitation, String reason) {
    db.inTransaction(h -> {
      Instant now = clock.now();
      Invitation inv = store.findInvitation(h, invitation)
          .filter(i -> i.requestId().equals(request.id()))
          .orElseThrow(() -> new EvidenceException(ErrorCode.NOT_FOUND, "no such invitation for request " + request.reference()));
      if (inv.state() != InvitationState.ACTIVE) {
        return null;
      }
      store.endInvitation(h, invitation, InvitationState.REVOKED, now);
      custody.append(h, List.of(CustodyEvents.invitationRevoked(now, by, request.id(), invitation.toString(),
          CustodyEvents.REVOKED_BY_OFFICER).withReason(reason)));
      return null;
    });
  }

  /**
   * Records that failed link look-ups spread over many addresses exhausted the portal's global budget:
   * a system event about no request. Carries counts only, never addresses or the tokens tried.
   */
  public void recordLinkGuessing(long failedLookups, int addresses, Instant since) {
    db.inTransaction(h -> {
      custody.append(h, List.of(CustodyEvents.linkGuessingSuspected(clock.now(), new Actor.SystemActor("portal"),
          failedLookups, addresses, since)));
      return null;
    });
  }

  /** What a token opens. */
  public record Resolved(Invitation invitation, EvidenceRequest request) {}

  /**
   * Finds the invitation a token belongs to and checks that it is usable now. Reads only; unknown,
   * malformed and never-issued tokens get the same answer.
   */
  public Resolved resolveUsable(Handle h, String token) {
    Resolved resolved = resolveAny(h, token);
    Invitation inv = resolved.invitation();
    if (inv.state() != InvitationState.ACTIVE) {
      throw new EvidenceException(ErrorCode.INVITATION_REVOKED,
          "the link for " + resolved.request().reference() + " is no longer valid; ask the officer for a new link");
    }
    if (!clock.now().isBefore(inv.expiresAt())) {
      throw new EvidenceException(ErrorCode.INVITATION_EXPIRED,
          "the link for " + resolved.request().reference() + " expired at " + inv.expiresAt() + "; ask the officer for a new link");
    }
    return resolved;
  }

  /** Finds the invitation a token belongs to, whatever its state. */
  public Resolved resolveAny(Handle h, String token) {
    byte[] hash = InvitationTokens.hash(token).orElseThrow(RequestService::unknown);
    RequestStore.Stored stored = store.findByTokenHash(h, hash).orElseThrow(RequestService::unknown);
    if (!InvitationTokens.sameHash(hash, stored.tokenHash())) {
      throw unknown();
    }
    EvidenceRequest request = store.find(h, stored.invitation().requestId()).orElseThrow(RequestService::unknown);
    return new Resolved(stored.invitation(), request);
  }

  public Resolved resolveUsable(String token) {
    return db.read(h -> resolveUsable(h, token));
  }

  private static EvidenceException unknown() {
    return new EvidenceException(ErrorCode.INVITATION_UNKNOWN, "this link is not valid; ask the officer for a new link");
  }

  private static EvidenceException notFound() {
    return new EvidenceException(ErrorCode.NOT_FOUND, "no such request");
  }

}
