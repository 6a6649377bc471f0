/**
 * Fixtures for {@link io.evidencekit.tck.VideoSourceContract}: the consultations a test publishes on the
 * platform behind a source ({@link io.evidencekit.tck.video.SampleConsultation}, made by
 * {@link io.evidencekit.tck.video.VideoSamples}), and the handle a plugin's test gives the kit on that
 * platform ({@link io.evidencekit.tck.video.VideoPlatform}); and the reference platform in memory
 * ({@link io.evidencekit.tck.video.MemoryVideoPlatform}), for tests of what imports from a source.
 */
@NullMarked
package io.evidencekit.tck.video;

import org.jspecify.annotations.NullMarked;
