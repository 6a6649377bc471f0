/**
 * Media inspection: the inspection queue in the database (claimed with leases, like the scan queue), the
 * worker that hands each item's verified read-only copy to the configured
 * {@link io.evidencekit.spi.MediaInspector} outside any transaction, stores its still as a derived blob and
 * records the result (derived data, in its own table) as a custody event; and the request's time windows.
 * Engine-internal except {@link io.evidencekit.core.media.InspectionPolicy}.
 */
@NullMarked
package io.evidencekit.core.media;

import org.jspecify.annotations.NullMarked;
