package io.evidencekit.portal;

/**
 * The budget for failed link look-ups (unknown, expired or revoked links). The portal asks it on every
 * failed look-up; a spent budget changes only the answer to failed look-ups (429 instead of 404/410), and
 * a valid link is never refused. A budget bounds each client address and all addresses together.
 *
 * <p>The default is kept in memory by each portal ({@link Portal.Builder#linkGuessLimit},
 * {@link Portal.Builder#linkGuessGlobalLimit}). With several nodes behind a load balancer, give every node
 * the same shared budget ({@link Portal.Builder#linkGuessBudget}; module {@code portal-postgresql} keeps one
 * in PostgreSQL), or a guesser gets a budget per node. A shared budget also reports when the global budget
 * runs dry (the {@code LINK_GUESSING_SUSPECTED} custody event). Implementations must be thread-safe and
 * must not throw: a budget that cannot be consulted answers {@code true} (the look-up failed anyway).
 */
public interface LinkGuessBudget {
  /**
   * Counts one failed look-up from {@code address}; true if it may be answered as such (404/410), false
   * when the address's or the global budget is spent (answer 429).
   */
  boolean failed(String address);

  /** Seconds until a failed look-up from {@code address} would be answered as such again (Retry-After), at least 1. */
  long retryAfterSeconds(String address);
}
