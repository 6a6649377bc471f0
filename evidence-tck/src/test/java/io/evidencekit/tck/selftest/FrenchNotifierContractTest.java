package io.evidencekit.tck.selftest;

import io.evidencekit.api.ContactPoint;
import io.evidencekit.spi.Notifier;
import io.evidencekit.tck.NotifierContract;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.DisplayName;

/**
 * The notifier kit passes a notifier that writes no English and delivers both email and text messages, so
 * both channel groups run. {@link KitCatchesBrokenPluginsTest} breaks it on purpose.
 */
@DisplayName("The notifier kit on a French notifier with email and SMS")
class FrenchNotifierContractTest extends NotifierContract {
  private final TextBackend backend = new TextBackend();

  /** How the notifier under test alters what it writes; the identity here, a fault in the broken variants. */
  UnaryOperator<String> tamper() {
    return UnaryOperator.identity();
  }

  @Override
  protected Notifier newNotifier() {
    return new FrenchNotifier(backend, true, tamper());
  }

  @Override
  protected Notifier newUnreachableNotifier() {
    return new FrenchNotifier(backend, false, tamper());
  }

  @Override
  protected List<String> deliveredMessagesTo(ContactPoint to) {
    return backend.messagesTo(to);
  }

  @Override
  protected int deliveredMessageCount() {
    return backend.count();
  }
}
