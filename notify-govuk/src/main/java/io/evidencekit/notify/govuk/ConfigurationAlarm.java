package io.evidencekit.notify.govuk;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hears about configuration problems Notify reports (a revoked or mistyped API key, a clock more than 30
 * seconds out, an unknown template or sender): every message fails the same way until someone fixes it.
 * {@link NotifyNotifier} raises it once when such a problem starts, not for every message, and again
 * only after Notify has accepted a request in between. The problem text names no secret and no person.
 *
 * <p>The default logs at ERROR; a host may page someone instead. Called on the sending thread: keep it short.
 */
@FunctionalInterface
public interface ConfigurationAlarm {

  void raise(String problem);

  /** Logs the problem at ERROR, once per episode. */
  static ConfigurationAlarm logging() {
    Logger log = LoggerFactory.getLogger(NotifyNotifier.class);
    return problem -> log.error("GOV.UK Notify configuration problem, nothing will be sent until it is fixed: {}",
        problem);
  }
}
