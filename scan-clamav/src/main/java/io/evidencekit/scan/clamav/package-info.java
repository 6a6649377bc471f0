/**
 * A {@link io.evidencekit.spi.ContentScanner} that streams items to ClamAV's daemon, clamd. Start at
 * {@link io.evidencekit.scan.clamav.ClamdScanner} and {@link io.evidencekit.scan.clamav.ClamdSettings};
 * everything else here is internal.
 */
@NullMarked
package io.evidencekit.scan.clamav;

import org.jspecify.annotations.NullMarked;
