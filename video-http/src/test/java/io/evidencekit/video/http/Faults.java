package io.evidencekit.video.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * What the fake platform does wrong, and how often: each rule applies to the next {@code times} requests
 * whose method matches and whose path contains the given text, then is used up. Thread-safe.
 */
final class Faults {

  /** What to do instead of (or to) the normal answer. */
  sealed interface Action {}

  /** Answer this status with these headers and a problem body. */
  record Status(int status, Map<String, String> headers) implements Action {}

  /** Send the normal headers, then only this many bytes of the body, then drop the connection. */
  record Cut(long afterBytes) implements Action {}

  /** Send nothing until the platform closes: the client's request timeout must fire. */
  record StallBeforeHeaders() implements Action {}

  /** Send the headers and this many bytes, then nothing until the platform closes. */
  record StallAfter(long afterBytes) implements Action {}

  private record Rule(String method, String pathContains, Action action, int[] left) {}

  private final List<Rule> rules = new ArrayList<>();
  /** Released when the platform closes, so stalled handlers end. */
  final CountDownLatch closing = new CountDownLatch(1);

  synchronized Faults add(String method, String pathContains, int times, Action action) {
    rules.add(new Rule(method, pathContains, action, new int[] {times}));
    return this;
  }

  synchronized Optional<Action> take(String method, String path) {
    for (Rule r : rules) {
      if (r.left[0] > 0 && r.method.equals(method) && path.contains(r.pathContains)) {
        r.left[0]--;
        return Optional.of(r.action);
      }
    }
    return Optional.empty();
  }
}
