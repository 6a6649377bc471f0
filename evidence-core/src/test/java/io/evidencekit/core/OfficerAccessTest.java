package io.evidencekit.core;

import static io.evidencekit.core.testing.TestData.OTHER_OFFICER;
import static io.evidencekit.core.testing.TestData.SUPERVISOR;
import static io.evidencekit.core.testing.TestData.WRIGHT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evidencekit.api.ByteRange;
import io.evidencekit.api.CustodyAction;
import io.evidencekit.api.CustodyEvent;
import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.EvidenceItem;
import io.evidencekit.api.IssuedInvitation;
import io.evidencekit.api.ItemUse;
import io.evidencekit.api.RequestId;
import io.evidencekit.api.SubmissionId;
import io.evidencekit.core.testing.DatabaseKind;
import io.evidencekit.core.testing.TestData;
import io.evidencekit.spi.AccessDecision;
import io.evidencekit.spi.BlobId;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass(name = "on {0}")
@EnumSource(DatabaseKind.class)
@DisplayName("Officers reading evidence")
class OfficerAccessTest extends EngineTestBase {

  private EvidenceItem submitOne(IssuedInvitation link, String content) {
    SubmissionId s = engine.publicSide().startSubmission(link.token());
    EvidenceItem item = engine.publicSide().addFile(link.token(), s, "cctv.mp4", "video/mp4", TestData.utf8(content));
    engine.publicSide().submit(link.token(), s, Optional.empty(), io.evidencekit.api.Declaration.of(1));
    return item;
  }

  @Test
  @DisplayName("the requesting officer downloads an item, and the download is a custody event with the reason given")
  void downloadIsRecorded() throws Exception {
    IssuedInvitation link = requestAndInvite();
    EvidenceItem item = submitOne(link, "the footage");
    try (InputStream in = engine.officers().openItem(WRIGHT, item.id(), ByteRange.ALL, ItemUse.DOWNLOAD, "disclosure to CPS")) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("the footage");
    }
    CustodyEvent download = engine.custody().events(TestData.AUDITOR, 0, 100, "audit in a test").stream()
        .filter(e -> e.action() == CustodyAction.ITEM_DOWNLOADED).findFirst().orElseThrow();
    assertThat(download.actor()).isEqualTo(WRIGHT);
    assertThat(download.reason()).contains("disclosure to CPS");
    assertThat(download.itemId()).contains(item.id());
  }

  @Test
  @DisplayName("a range read returns just those bytes and records the range")
  void rangeRead() throws Exception {
    IssuedInvitation link = requestAndInvite();
    EvidenceItem item = submitOne(link, "0123456789");
    try (InputStream in = engine.officers().openItem(WRIGHT, item.id(), new ByteRange(3, 4), ItemUse.VIEW, "seek to 3")) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("3456");
    }
    assertThat(engine.custody().events(TestData.AUDITOR, 0, 100, "audit in a test")).filteredOn(e -> e.action() == CustodyAction.ITEM_VIEWED)
        .singleElement().satisfies(e -> assertThat(e.details()).containsEntry("range", "3+4"));
  }

  @Test
  @DisplayName("another officer is refused with ACCESS_DENIED, and the refusal is itself recorded")
  void otherOfficerRefused() {
    IssuedInvitation link = requestAndInvite();
    EvidenceItem item = submitOne(link, "x");
    RequestId request = link.invitation().requestId();
    assertThatThrownBy(() -> engine.officers().openItem(OTHER_OFFICER, item.id(), ByteRange.ALL, ItemUse.VIEW, "curious"))
        .isInstanceOf(EvidenceException.class).extracting("code").isEqualTo(ErrorCode.ACCESS_DENIED);
    assertThatThrownBy(() -> engine.officers().custodyEvents(OTHER_OFFICER, request, "curious"))
        .isInstanceOf(EvidenceException.class).extracting("code").isEqualTo(ErrorCode.ACCESS_DENIED);
    assertThat(engine.officers().listRequests(OTHER_OFFICER, "my requests")).isEmpty();
    assertThat(engine.officers().custodyEvents(WRIGHT, request, "audit")).filteredOn(e -> e.action() == CustodyAction.ACCESS_REFUSED)
        .hasSize(2).allSatisfy(e -> {
          assertThat(e.actor()).isEqualTo(OTHER_OFFICER);
          assertThat(e.reason()).contains("curious");
        });
  }

  @Test
  @DisplayName("a supervisor (a role the host maps) may see any request")
  void supervisorAllowed() {
    IssuedInvitation link = requestAndInvite();
    assertThat(engine.officers().listRequests(SUPERVISOR, "weekly review")).hasSize(1);
    assertThat(engine.officers().submissions(SUPERVISOR, link.invitation().requestId(), "quality check")).isEmpty();
  }

  @Test
  @DisplayName("a host's own access policy is enforced inside the engine")
  void customPolicy() {
    engine = newEngine(b -> b.accessPolicy((officer, action, request) -> AccessDecision.deny("force-wide freeze")));
    var request = engine.officers().createRequest(WRIGHT, TestData.burglaryRequest());
    assertThatThrownBy(() -> engine.officers().request(WRIGHT, request.id(), "look"))
        .isInstanceOf(EvidenceException.class).extracting("code").isEqualTo(ErrorCode.ACCESS_DENIED);
  }

  @Test
  @DisplayName("every officer read needs a reason")
  void reasonRequired() {
    IssuedInvitation link = requestAndInvite();
    assertThatThrownBy(() -> engine.officers().request(WRIGHT, link.invitation().requestId(), " "))
        .isInstanceOf(EvidenceException.class).extracting("code").isEqualTo(ErrorCode.INVALID_INPUT);
  }

  @Test
  @DisplayName("stored bytes altered behind the engine's back fail with INTEGRITY_FAILURE, never silently, and the failure is recorded")
  void tamperedBlobDetected() {
    IssuedInvitation link = requestAndInvite();
    EvidenceItem item = submitOne(link, "original footage");
    store.corrupt(new BlobId("mem/" + item.sha256().hex()));
    assertThatThrownBy(() -> {
      try (InputStream in = engine.officers().openItem(WRIGHT, item.id(), ByteRange.ALL, ItemUse.VIEW, "review")) {
        in.readAllBytes();
      }
    }).isInstanceOf(EvidenceException.class).extracting("code").isEqualTo(ErrorCode.INTEGRITY_FAILURE);
    assertThat(engine.custody().events(TestData.AUDITOR, 0, 100, "audit in a test")).extracting(CustodyEvent::action).contains(CustodyAction.INTEGRITY_FAILURE);
  }

  @Test
  @DisplayName("an unknown item is NOT_FOUND")
  void unknownItem() {
    assertThatThrownBy(() -> engine.officers().openItem(WRIGHT, new io.evidencekit.api.ItemId(java.util.UUID.randomUUID()),
        ByteRange.ALL, ItemUse.VIEW, "look"))
        .isInstanceOf(EvidenceException.class).extracting("code").isEqualTo(ErrorCode.NOT_FOUND);
  }
}
