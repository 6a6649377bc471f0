package io.evidencekit.tck.selftest;

import io.evidencekit.api.ContactPoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** What a message backend accepted, per address, as the recipient reads it. Thread-safe. */
final class TextBackend {
  private final Map<String, List<String>> inboxes = new ConcurrentHashMap<>();

  void accept(ContactPoint to, String text) {
    inboxes.computeIfAbsent(to.value(), k -> new CopyOnWriteArrayList<>()).add(text);
  }

  List<String> messagesTo(ContactPoint to) {
    return List.copyOf(inboxes.getOrDefault(to.value(), List.of()));
  }

  int count() {
    List<String> all = new ArrayList<>();
    inboxes.values().forEach(all::addAll);
    return all.size();
  }
}
