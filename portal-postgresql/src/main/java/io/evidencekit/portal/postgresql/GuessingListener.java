package io.evidencekit.portal.postgresql;

import java.time.Instant;

/**
 * Told when the shared global budget runs dry: give it {@code engine.publicSide()::recordLinkGuessing} so
 * the episode becomes a {@code LINK_GUESSING_SUSPECTED} custody event. Counts only, never addresses.
 */
@FunctionalInterface
public interface GuessingListener {
  void guessingSuspected(long failedLookups, int addresses, Instant since);
}
