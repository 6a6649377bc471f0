package io.evidencekit.tck.video;

import io.evidencekit.api.Actor;
import io.evidencekit.api.Sha256;
import io.evidencekit.spi.Consent;
import io.evidencekit.spi.ConsentDecision;
import io.evidencekit.spi.ConsentMethod;
import io.evidencekit.spi.Consultation;
import io.evidencekit.spi.ConsultationId;
import io.evidencekit.spi.Recording;
import io.evidencekit.spi.RecordingId;
import io.evidencekit.spi.RecordingState;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Makes sample consultations for the kit and for tests of the engine's import: deterministic content from
 * a seed, a plausible consent record, fixed times counted from a base instant. Stateless.
 */
public final class VideoSamples {
  /** Every sample's times are counted from here. */
  public static final Instant BASE = Instant.parse("2026-11-02T21:00:00Z");

  private VideoSamples() {}

  /** Deterministic bytes: the same length and seed give the same bytes. */
  public static byte[] content(int length, long seed) {
    byte[] bytes = new byte[length];
    new SplittableRandom(seed).nextBytes(bytes);
    return bytes;
  }

  public static Sha256 sha256(byte[] bytes) {
    try {
      return Sha256.of(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JDK has SHA-256", e);
    }
  }

  /** Consent given on the call, the caller told it is recorded, one other person present, with a note. */
  public static Consent consentGiven(Instant at) {
    return new Consent("Sam Caller", at, ConsentMethod.SPOKEN_ON_CALL, ConsentDecision.GIVEN, true,
        List.of("a child, about ten"), Optional.of("Camera kept on the door; the child stayed out of view."));
  }

  /** The caller said no. */
  public static Consent consentRefused(Instant at) {
    return new Consent("Sam Caller", at, ConsentMethod.IN_APP, ConsentDecision.REFUSED, true, List.of(), Optional.empty());
  }

  /**
   * A consultation number {@code n} (its id {@code vc-n}, ending {@code n} hours after {@link #BASE}) with
   * recordings of the given sizes, each with its bytes and the platform's checksum, and consent given.
   */
  public static SampleConsultation consultation(int n, int... recordingSizes) {
    return withConsent(n, Optional.of(consentGiven(BASE.plus(Duration.ofHours(n)).minus(Duration.ofMinutes(20)))),
        recordingSizes);
  }

  /** As {@link #consultation}, with the given consent record (or none). */
  public static SampleConsultation withConsent(int n, Optional<Consent> consent, int... recordingSizes) {
    Instant end = BASE.plus(Duration.ofHours(n));
    List<Recording> recordings = new ArrayList<>();
    Map<RecordingId, byte[]> content = new LinkedHashMap<>();
    for (int i = 0; i < recordingSizes.length; i++) {
      byte[] bytes = content(recordingSizes[i], n * 100L + i);
      RecordingId id = new RecordingId("rec-" + n + "-" + (i + 1));
      recordings.add(new Recording(id, bytes.length, "video/mp4", Optional.of(sha256(bytes)), RecordingState.AVAILABLE));
      content.put(id, bytes);
    }
    Consultation consultation = new Consultation(new ConsultationId("vc-" + n), "CAD-" + (4000 + n),
        Actor.Officer.of("pc" + (100 + n), "PC Kim Officer"), "Sam Caller", end.minus(Duration.ofMinutes(25)), end,
        recordings, consent);
    return new SampleConsultation(consultation, content);
  }

  /** The same sample with no bytes at the platform for one recording (missing media). */
  public static SampleConsultation withoutBytes(SampleConsultation sample, RecordingId recording) {
    Map<RecordingId, byte[]> content = new LinkedHashMap<>(sample.content());
    content.remove(recording);
    return new SampleConsultation(sample.consultation(), content);
  }

  /** The same sample with only the first {@code keep} bytes of one recording at the platform (a partial file). */
  public static SampleConsultation truncated(SampleConsultation sample, RecordingId recording, int keep) {
    Map<RecordingId, byte[]> content = new LinkedHashMap<>(sample.content());
    content.put(recording, java.util.Arrays.copyOf(content.get(recording), keep));
    return new SampleConsultation(sample.consultation(), content);
  }
}
