/**
 * Importing recorded video consultations from a {@link io.evidencekit.spi.VideoSource}: the
 * {@link io.evidencekit.api.video.VideoImport} role, its settings, and what it reports. Every type here is
 * an immutable record or enum (safe to share between threads) that validates itself, or an interface.
 */
@NullMarked
package io.evidencekit.api.video;

import org.jspecify.annotations.NullMarked;
