/**
 * Anchoring checkpoints in time: an RFC 3161 time-stamp client for the
 * {@link io.evidencekit.spi.TimestampAuthority} SPI.
 */
@NullMarked
package io.evidencekit.core.custody.tsa;

import org.jspecify.annotations.NullMarked;
