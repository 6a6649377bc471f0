package io.evidencekit.tck.video;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.spi.Consultation;
import io.evidencekit.spi.ConsultationId;
import io.evidencekit.spi.DeletionReceipt;
import io.evidencekit.spi.Recording;
import io.evidencekit.spi.RecordingId;
import io.evidencekit.spi.RecordingState;
import io.evidencekit.spi.VideoSource;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The reference platform: consultations in memory, in publication order, each recording's bytes until
 * deleted. Sources connected to it share its state, as sources over one real platform do. Thread-safe:
 * every method holds the platform's lock.
 */
public final class MemoryVideoPlatform implements VideoPlatform {
  private final Clock clock;
  private final List<Consultation> published = new ArrayList<>();
  private final Map<ConsultationId, Map<RecordingId, byte[]>> bytes = new HashMap<>();
  private final Map<ConsultationId, Map<RecordingId, Instant>> deletions = new HashMap<>();

  public MemoryVideoPlatform(Clock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized void publish(SampleConsultation sample) {
    Consultation c = sample.consultation();
    if (bytes.containsKey(c.id())) {
      throw new EvidenceException(ErrorCode.INVALID_INPUT, "consultation " + c.id() + " is already published");
    }
    published.add(c);
    Map<RecordingId, byte[]> content = new LinkedHashMap<>();
    for (Recording r : c.recordings()) {
      sample.bytes(r.id()).ifPresent(b -> content.put(r.id(), b));
    }
    bytes.put(c.id(), content);
    deletions.put(c.id(), new HashMap<>());
  }

  @Override
  public VideoSource connect() {
    return new MemoryVideoSource(this, Long.MAX_VALUE);
  }

  @Override
  public Optional<VideoSource> connectFailingAfter(long failAfter) {
    return Optional.of(new MemoryVideoSource(this, failAfter));
  }

  synchronized int size() {
    return published.size();
  }

  /** The consultation at a position, with each recording's current state. */
  synchronized Consultation at(int position) {
    Consultation c = published.get(position);
    List<Recording> now = c.recordings().stream().map(r -> r.withState(state(c.id(), r.id()))).toList();
    return new Consultation(c.id(), c.callReference(), c.officer(), c.caller(), c.start(), c.end(), now, c.consent());
  }

  private RecordingState state(ConsultationId c, RecordingId r) {
    if (deletions.get(c).containsKey(r)) {
      return RecordingState.DELETED;
    }
    return bytes.get(c).containsKey(r) ? RecordingState.AVAILABLE : RecordingState.MISSING;
  }

  private Recording known(ConsultationId c, RecordingId r) {
    return published.stream().filter(p -> p.id().equals(c)).findFirst()
        .flatMap(p -> p.recording(r))
        .orElseThrow(() -> new EvidenceException(ErrorCode.NOT_FOUND, "no recording " + r + " of consultation " + c));
  }

  /** A copy of the recording's bytes as the platform holds them, and its listed size. */
  synchronized byte[] bytes(ConsultationId c, RecordingId r) {
    known(c, r);
    byte[] held = bytes.get(c).get(r);
    if (held == null) {
      throw new EvidenceException(ErrorCode.NOT_FOUND, "recording " + r + " of consultation " + c + " is not held");
    }
    return held.clone();
  }

  synchronized long listedSize(ConsultationId c, RecordingId r) {
    return known(c, r).size();
  }

  synchronized DeletionReceipt delete(ConsultationId c, RecordingId r) {
    known(c, r);
    bytes.get(c).remove(r);
    Instant at = deletions.get(c).computeIfAbsent(r, k -> clock.instant());
    return new DeletionReceipt(c, r, at, "memory-deletion-" + c + "-" + r);
  }

  synchronized boolean holds(ConsultationId c, RecordingId r) {
    return bytes.containsKey(c) && bytes.get(c).containsKey(r);
  }
}
