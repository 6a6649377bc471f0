package io.evidencekit.tck.selftest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.evidencekit.spi.AccessDecision;
import io.evidencekit.spi.AccessPolicy;
import io.evidencekit.tck.notify.SampleNotices;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

/**
 * A kit test that cannot fail is a defect: each kit is run here against a plugin broken in one way, and
 * must fail exactly the tests that are about that way. The broken plugins are nested classes, which the
 * build's test run does not pick up on its own.
 */
@DisplayName("The kits fail broken plugins")
class KitCatchesBrokenPluginsTest {

  @Test
  @DisplayName("a correct plugin passes every kit, with the SMS group run too")
  void correctPluginsPass() {
    for (Class<?> kitRun : List.of(FrenchNotifierContractTest.class, JdkEd25519SignerContractTest.class,
        AllowOwnRequestsContractTest.class)) {
      Events tests = run(kitRun);
      assertThat(tests.failed().count()).as(kitRun.getSimpleName()).isZero();
      assertThat(tests.succeeded().count()).as(kitRun.getSimpleName()).isPositive();
    }
    assertThat(methodsOf(run(FrenchNotifierContractTest.class).succeeded()))
        .as("tests of the SMS group that ran").contains("invitationDelivered", "submissionDelivered");
  }

  @Test
  @DisplayName("a notifier that also writes the token outside the link fails the link test")
  void tokenOutsideTheLink() {
    assertThat(failedMethods(TokenInSubject.class)).contains("linkCarriedWhole");
  }

  @Test
  @DisplayName("a notifier that cuts the link short fails the invitation tests")
  void linkCutShort() {
    assertThat(failedMethods(LinkCutShort.class)).contains("invitationDelivered", "linkCarriedWhole");
  }

  @Test
  @DisplayName("a notifier that writes the number of files as a longer number fails the officer's notice test")
  void fileCountMissing() {
    assertThat(failedMethods(FileCountRunIntoANumber.class)).contains("submissionDelivered");
  }

  @Test
  @DisplayName("a signer that signs something else than the text fails the verification tests")
  void signerSignsSomethingElse() {
    assertThat(failedMethods(SignerAddingANewline.class))
        .contains("signatureVerifies", "signsAnyBytes", "concurrentSigning");
  }

  @Test
  @DisplayName("a policy that throws for officers without roles fails the totality test")
  void policyThrows() {
    assertThat(failedMethods(ThrowingPolicy.class)).contains("decisionsAreTotal");
  }

  @Test
  @DisplayName("a policy that quotes the officer's user id in its rule fails the personal data test")
  void policyQuotesTheOfficer() {
    assertThat(failedMethods(QuotingPolicy.class)).containsExactly("rulesHoldNoPersonalData");
  }

  @Test
  @DisplayName("a policy whose answers change from one call to the next fails the determinism tests")
  void policyChangesItsMind() {
    assertThat(failedMethods(FlippingPolicy.class)).contains("sameQuestionSameAnswer", "answersIndependentOfHistory");
  }

  @Test
  @DisplayName("a policy that refuses by the rule it allows by fails the refusal test")
  void policyWithOneRule() {
    assertThat(failedMethods(OneRulePolicy.class)).containsExactly("refusalsSayWhy");
  }

  // ---- the broken plugins

  static class TokenInSubject extends FrenchNotifierContractTest {
    @Override
    UnaryOperator<String> tamper() {
      return text -> text.contains(SampleNotices.TOKEN) ? "Réf. " + SampleNotices.TOKEN + "\n" + text : text;
    }
  }

  static class LinkCutShort extends FrenchNotifierContractTest {
    @Override
    UnaryOperator<String> tamper() {
      String link = SampleNotices.LINK.toString();
      return text -> text.replace(link, link.substring(0, link.length() - 1) + "…");
    }
  }

  static class FileCountRunIntoANumber extends FrenchNotifierContractTest {
    @Override
    UnaryOperator<String> tamper() {
      return text -> text.replace(" : " + SampleNotices.FILE_COUNT + " fichier", " : 1" + SampleNotices.FILE_COUNT + " fichier");
    }
  }

  static class SignerAddingANewline extends JdkEd25519SignerContractTest {
    @Override
    UnaryOperator<byte[]> tamper() {
      return message -> Arrays.copyOf(message, message.length + 1);
    }
  }

  static class ThrowingPolicy extends AllowOwnRequestsContractTest {
    @Override
    protected AccessPolicy newPolicy() {
      AccessPolicy correct = super.newPolicy();
      return (officer, action, request) -> {
        if (officer.roles().isEmpty()) {
          throw new IllegalStateException("no roles");
        }
        return correct.decide(officer, action, request);
      };
    }
  }

  static class QuotingPolicy extends AllowOwnRequestsContractTest {
    @Override
    protected AccessPolicy newPolicy() {
      AccessPolicy correct = super.newPolicy();
      return (officer, action, request) -> {
        AccessDecision decision = correct.decide(officer, action, request);
        return new AccessDecision(decision.allowed(), decision.rule() + " for " + officer.userId());
      };
    }
  }

  static class FlippingPolicy extends AllowOwnRequestsContractTest {
    private static final AtomicLong CALLS = new AtomicLong();

    @Override
    protected AccessPolicy newPolicy() {
      return (officer, action, request) -> CALLS.incrementAndGet() % 7 == 0
          ? AccessDecision.deny("flip") : AccessDecision.allow("flop");
    }
  }

  static class OneRulePolicy extends AllowOwnRequestsContractTest {
    @Override
    protected AccessPolicy newPolicy() {
      AccessPolicy correct = super.newPolicy();
      return (officer, action, request) -> new AccessDecision(correct.decide(officer, action, request).allowed(), "policy");
    }
  }

  // ---- running a kit

  private static Events run(Class<?> testClass) {
    return EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass)).execute().testEvents();
  }

  private static Set<String> failedMethods(Class<?> testClass) {
    return methodsOf(run(testClass).failed());
  }

  private static Set<String> methodsOf(Events events) {
    return events.stream()
        .map(Event::getTestDescriptor)
        .map(d -> d.getSource().orElseThrow())
        .filter(MethodSource.class::isInstance)
        .map(s -> ((MethodSource) s).getMethodName())
        .collect(Collectors.toSet());
  }

}
