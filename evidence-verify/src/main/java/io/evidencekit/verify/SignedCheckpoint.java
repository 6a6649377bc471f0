package io.evidencekit.verify;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A checkpoint of the custody log as stored: the C2SP checkpoint, the signed note that carries it (what
 * to publish or hand to an auditor, {@link #text()}), when it was made, and the RFC 3161 time-stamp
 * token over SHA-256 of the note's bytes when a {@link io.evidencekit.spi.TimestampAuthority} is
 * configured. What the engine returns; a verifier checks {@link #bytes()} with
 * {@link OfflineVerifier#verifyCheckpoint(byte[])}. Immutable.
 */
public record SignedCheckpoint(Checkpoint checkpoint, SignedNote note, Instant createdAt, Optional<byte[]> timestampToken) {
  public SignedCheckpoint {
    Objects.requireNonNull(checkpoint, "checkpoint");
    Objects.requireNonNull(note, "note");
    Objects.requireNonNull(createdAt, "createdAt");
    timestampToken = timestampToken.map(byte[]::clone);
  }

  /** The tree size the checkpoint commits to. */
  public long size() {
    return checkpoint.size();
  }

  /** The signed note as text: checkpoint lines, a blank line, signature lines. */
  public String text() {
    return note.encoded();
  }

  /** The signed note's bytes (UTF-8): what {@code evidencekit log checkpoint --verify} reads. */
  public byte[] bytes() {
    return text().getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public Optional<byte[]> timestampToken() {
    return timestampToken.map(byte[]::clone);
  }
}
