package io.evidencekit.tck.video;

import io.evidencekit.spi.VideoSource;
import java.io.IOException;
import java.util.Optional;

/**
 * A plugin test's handle on the platform (or export directory) its {@link VideoSource} reads: the kit
 * publishes consultations on it, as the platform would, and connects sources to it. One per test; the
 * kit closes it after the test.
 */
public interface VideoPlatform extends AutoCloseable {

  /**
   * Publishes a completed consultation with its recordings' bytes, as the platform would. A recording
   * with no bytes in {@link SampleConsultation#content()} is published without them (missing media); bytes
   * shorter than the recording's size make a partial recording.
   */
  void publish(SampleConsultation consultation) throws Exception;

  /** A new source over this platform, as after a restart: it shares nothing in memory with earlier ones. The kit closes it. */
  VideoSource connect() throws Exception;

  /**
   * Optional: a source over this platform whose every recording stream fails (the platform breaking off)
   * after {@code bytes} bytes. Empty, the default, skips the group "when the platform fails mid-stream".
   */
  default Optional<VideoSource> connectFailingAfter(long bytes) throws Exception {
    return Optional.empty();
  }

  @Override
  default void close() throws IOException {}
}
