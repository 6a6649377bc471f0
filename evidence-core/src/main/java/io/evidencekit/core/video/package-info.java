/**
 * Importing recorded video consultations from a {@link io.evidencekit.spi.VideoSource} (issue 12): the pass
 * (list, record, stream through the ingest pipeline), verification before deletion at source with retries,
 * consultations held for a supervisor, quality reviews and complaint holds. Engine-internal.
 */
@NullMarked
package io.evidencekit.core.video;

import org.jspecify.annotations.NullMarked;
