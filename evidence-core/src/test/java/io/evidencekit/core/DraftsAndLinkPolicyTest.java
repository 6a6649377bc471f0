package io.evidencekit.core;

import static io.evidencekit.core.testing.TestData.WRIGHT;
import static io.evidencekit.core.testing.TestData.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evidencekit.api.CustodyAction;
import io.evidencekit.api.CustodyEvent;
import io.evidencekit.api.Declaration;
import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.IssuedInvitation;
import io.evidencekit.api.NewEvidenceRequest;
import io.evidencekit.api.Submission;
import io.evidencekit.api.SubmissionId;
import io.evidencekit.api.SubmissionPolicy;
import io.evidencekit.api.SubmissionState;
import io.evidencekit.core.ingest.SubmissionService;
import io.evidencekit.core.testing.DatabaseKind;
import io.evidencekit.core.testing.TestData;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass(name = "on {0}")
@EnumSource(DatabaseKind.class)
@DisplayName("Drafts per link, abandoned drafts, the per-request submission policy and caption length")
class DraftsAndLinkPolicyTest extends EngineTestBase {

  private IssuedInvitation invite(SubmissionPolicy policy) {
    NewEvidenceRequest spec = TestData.burglaryRequest();
    var request = engine.officers().createRequest(WRIGHT, new NewEvidenceRequest(spec.incidentSummary(), spec.description(),
        spec.officer(), spec.recipient(), policy));
    return engine.officers().issueInvitation(WRIGHT, request.id(), "initial request");
  }

  private Submission submission(IssuedInvitation link, SubmissionId id) {
    return engine.officers().submissions(WRIGHT, link.invitation().requestId(), "review").stream()
        .filter(s -> s.id().equals(id)).findFirst().orElseThrow();
  }

  private List<CustodyEvent> events(IssuedInvitation link, CustodyAction action) {
    return engine.officers().custodyEvents(WRIGHT, link.invitation().requestId(), "review").stream()
        .filter(e -> e.action() == action).toList();
  }

  @Test
  @DisplayName("a link holds at most three open drafts: a fourth start is refused while the others are in use")
  void boundedDrafts() {
    IssuedInvitation link = requestAndInvite();
    for (int i = 0; i < SubmissionService.MAX_OPEN_DRAFTS_PER_LINK; i++) {
      engine.publicSide().startSubmission(link.token());
    }
    assertThatThrownBy(() -> engine.publicSide().startSubmission(link.token()))
        .isInstanceOf(EvidenceException.class).extracting("code").isEqualTo(ErrorCode.LIMIT_EXCEEDED);
    assertThat(engine.officers().submissions(WRIGHT, link.invitation().requestId(), "review")).hasSize(3);
  }

  @Test
  @DisplayName("at the bound, drafts idle for two days are closed as abandoned (a custody event each), their files kept in custody")
  void idleDraftsAbandoned() {
    IssuedInvitation link = requestAndInvite();
    SubmissionId idle = engine.publicSide().startSubmission(link.token());
    engine.publicSide().addFile(link.token(), idle, "kept.mp4", "video/mp4", utf8("kept"));
    clock.advance(Duration.ofDays(2).plusSeconds(1));
    SubmissionId second = engine.publicSide().startSubmission(link.token());
    SubmissionId third = engine.publicSide().startSubmission(link.token());
    assertThat(submission(link, idle).state()).isEqualTo(SubmissionState.DRAFT); // under the bound: left alone

    SubmissionId fourth = engine.publicSide().startSubmission(link.token());

    assertThat(submission(link, idle).state()).isEqualTo(SubmissionState.ABANDONED);
    assertThat(submission(link, idle).items()).extracting(i -> i.submittedName()).containsExactly("kept.mp4");
    assertThat(List.of(second, third, fourth)).allSatisfy(id -> assertThat(submission(link, id).state())
        .isEqualTo(SubmissionState.DRAFT));
    CustodyEvent abandoned = events(link, CustodyAction.SUBMISSION_ABANDONED).get(0);
    assertThat(abandoned.actor().id()).isEqualTo("system:draft-sweep");
    assertThat(abandoned.details()).containsEntry("submission", idle.toString()).containsEntry("cause", "idle");
    assertThatThrownBy(() -> engine.publicSide().draftItems(link.token(), idle))
        .isInstanceOf(EvidenceException.class).extracting("code").isEqualTo(ErrorCode.NOT_FOUND);
  }

  @Test
  @DisplayName("the link's current draft is the one changed most recently, and asking changes nothing")
  void currentDraft() {
    IssuedInvitation link = requestAndInvite();
    assertThat(engine.publicSide().currentDraft(link.token())).isEmpty();
    SubmissionId first = engine.publicSide().startSubmission(link.token());
    clock.advance(Duration.ofMinutes(1));
    SubmissionId second = engine.publicSide().startSubmission(link.token());
    assertThat(engine.publicSide().currentDraft(link.token())).contains(second);
    clock.advance(Duration.ofMinutes(1));
    engine.publicSide().addFile(link.token(), first, "a.mp4", "video/mp4", utf8("a"));
    long events = engine.custody().size();
    assertThat(engine.publicSide().currentDraft(link.token())).contains(first);
    assertThat(engine.custody().size()).isEqualTo(events);
    engine.publicSide().submit(link.token(), first, Optional.empty(), Declaration.of(1));
    assertThat(engine.publicSide().currentDraft(link.token())).contains(second);
  }

  @Test
  @DisplayName("re-issuing a link: the old link's draft cannot be reached by either link, and is closed as abandoned when the new link starts one")
  void reissueAbandonsTheOldDraft() {
    IssuedInvitation old = requestAndInvite();
    SubmissionId draft = engine.publicSide().startSubmission(old.token());
    engine.publicSide().addFile(old.token(), draft, "first.mp4", "video/mp4", utf8("first"));
    IssuedInvitation fresh = engine.officers().issueInvitation(WRIGHT, old.invitation().requestId(), "lost the email");

    assertThatThrownBy(() -> engine.publicSide().draftItems(old.token(), draft))
        .isInstanceOf(EvidenceException.class).extracting("code").isEqualTo(ErrorCode.INVITATION_REVOKED);
    assertThatThrownBy(() -> engine.publicSide().draftItems(fresh.token(), draft))
        .isInstanceOf(EvidenceException.class).extracting("code").isEqualTo(ErrorCode.NOT_FOUND);
    assertThat(engine.publicSide().currentDraft(fresh.token())).isEmpty();

    SubmissionId next = engine.publicSide().startSubmission(fresh.token());

    assertThat(submission(old, draft).state()).isEqualTo(SubmissionState.ABANDONED);
    assertThat(events(old, CustodyAction.SUBMISSION_ABANDONED).get(0).details()).containsEntry("cause", "link ended");
    assertThat(engine.publicSide().currentDraft(fresh.token())).contains(next);
  }

  @Test
  @DisplayName("the sweep closes drafts of ended links and idle drafts, and leaves drafts in use and sent submissions alone")
  void sweep() {
    IssuedInvitation revoked = requestAndInvite();
    SubmissionId ofRevoked = engine.publicSide().startSubmission(revoked.token());
    engine.officers().revokeInvitation(WRIGHT, revoked.invitation().requestId(), revoked.invitation().id(), "sent to the wrong person");
    IssuedInvitation live = requestAndInvite();
    SubmissionId idle = engine.publicSide().startSubmission(live.token());
    IssuedInvitation sent = requestAndInvite();
    submitFiles(sent, "sent");
    clock.advance(Duration.ofDays(2).plusSeconds(1));
    SubmissionId inUse = engine.publicSide().startSubmission(live.token());

    assertThat(engine.operations().sweepAbandonedDrafts()).isEqualTo(2);

    assertThat(submission(revoked, ofRevoked).state()).isEqualTo(SubmissionState.ABANDONED);
    assertThat(submission(live, idle).state()).isEqualTo(SubmissionState.ABANDONED);
    assertThat(submission(live, inUse).state()).isEqualTo(SubmissionState.DRAFT);
    assertThat(engine.officers().submissions(WRIGHT, sent.invitation().requestId(), "review"))
        .extracting(Submission::state).containsExactly(SubmissionState.SUBMITTED);
    assertThat(engine.operations().sweepAbandonedDrafts()).isZero();
  }

  @Test
  @DisplayName("a request whose link is for one submission: once used, the link starts nothing more, its other drafts close, and the view says so")
  void oncePolicy() {
    IssuedInvitation link = invite(SubmissionPolicy.ONCE);
    assertThat(engine.publicSide().viewInvitation(link.token()).acceptsSubmissions()).isTrue();
    SubmissionId other = engine.publicSide().startSubmission(link.token());
    submitFiles(link, "only batch");

    assertThatThrownBy(() -> engine.publicSide().startSubmission(link.token()))
        .isInstanceOf(EvidenceException.class).extracting("code").isEqualTo(ErrorCode.SUBMISSION_CLOSED);
    assertThat(submission(link, other).state()).isEqualTo(SubmissionState.ABANDONED);
    var view = engine.publicSide().viewInvitation(link.token());
    assertThat(view.submissionPolicy()).isEqualTo(SubmissionPolicy.ONCE);
    assertThat(view.submissionsSent()).isEqualTo(1);
    assertThat(view.acceptsSubmissions()).isFalse();
    assertThat(engine.officers().request(WRIGHT, link.invitation().requestId(), "review").submissionPolicy())
        .isEqualTo(SubmissionPolicy.ONCE);
    assertThat(events(link, CustodyAction.REQUEST_CREATED).get(0).details()).containsEntry("submissionPolicy", "ONCE");
  }

  @Test
  @DisplayName("by default a link may send again after a submission, and the view counts what it sent")
  void repeatablePolicyIsTheDefault() {
    IssuedInvitation link = requestAndInvite();
    assertThat(engine.publicSide().viewInvitation(link.token()).submissionPolicy()).isEqualTo(SubmissionPolicy.REPEATABLE);
    submitFiles(link, "first batch");
    submitFiles(link, "second batch");
    var view = engine.publicSide().viewInvitation(link.token());
    assertThat(view.submissionsSent()).isEqualTo(2);
    assertThat(view.acceptsSubmissions()).isTrue();
  }

  @Test
  @DisplayName("a caption is counted in characters, not UTF-16 units or bytes: 2,000 emoji are stored whole, 2,001 refused")
  void captionInCharacters() {
    IssuedInvitation link = requestAndInvite();
    SubmissionId submission = engine.publicSide().startSubmission(link.token());
    engine.publicSide().addFile(link.token(), submission, "a", "text/plain", utf8("a"));
    String tooLong = "\uD83D\uDCF7".repeat(Submission.MAX_CAPTION + 1);
    assertThatThrownBy(() -> engine.publicSide().submit(link.token(), submission, Optional.of(tooLong), Declaration.of(1)))
        .isInstanceOf(EvidenceException.class).extracting("code").isEqualTo(ErrorCode.INVALID_INPUT);
    String longest = "\uD83D\uDCF7".repeat(Submission.MAX_CAPTION - 1) + "\r\n";
    String withBreak = "\uD83D\uDCF7".repeat(Submission.MAX_CAPTION - 1) + "\r\nx";
    assertThat(Submission.captionLength(withBreak)).isEqualTo(Submission.MAX_CAPTION + 1);
    assertThat(Submission.captionLength(longest)).isEqualTo(Submission.MAX_CAPTION - 1);
    String exactly = "\uD83D\uDCF7".repeat(Submission.MAX_CAPTION);
    assertThat(engine.publicSide().submit(link.token(), submission, Optional.of(exactly), Declaration.of(1)).caption()).contains(exactly);
    assertThat(engine.officers().submissions(WRIGHT, link.invitation().requestId(), "review").get(0).caption()).contains(exactly);
  }

  @Test
  @DisplayName("suspected link guessing is a system event about no request, carrying counts only")
  void linkGuessingEvent() {
    long before = engine.custody().size();
    engine.publicSide().recordLinkGuessing(150, 15, clock.instant());
    CustodyEvent event = engine.custody().events(io.evidencekit.core.testing.TestData.AUDITOR, before, 10, "audit in a test").get(0);
    assertThat(event.action()).isEqualTo(CustodyAction.LINK_GUESSING_SUSPECTED);
    assertThat(event.actor().id()).isEqualTo("system:portal");
    assertThat(event.requestId()).isEmpty();
    assertThat(event.details()).containsOnlyKeys("failedLookups", "addresses", "since")
        .containsEntry("failedLookups", "150").containsEntry("addresses", "15");
  }
}
