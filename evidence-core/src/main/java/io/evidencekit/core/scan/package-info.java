/**
 * Malware scanning and quarantine: the scan queue in the database (claimed with leases, so several
 * engines scan each item once per scanner version and a crash leaves nothing unscanned), the worker that
 * runs the configured {@link io.evidencekit.spi.ContentScanner}s outside any transaction and records each
 * result as a custody event, and each item's scan state. Engine-internal except
 * {@link io.evidencekit.core.scan.ScanPolicy}.
 */
@NullMarked
package io.evidencekit.core.scan;

import org.jspecify.annotations.NullMarked;
