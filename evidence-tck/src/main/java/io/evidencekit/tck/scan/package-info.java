/**
 * Helpers for the content scanner contract tests: a caller's stream that records how the scanner
 * used it. Usable by plugin authors writing their own extra tests.
 */
@NullMarked
package io.evidencekit.tck.scan;

import org.jspecify.annotations.NullMarked;
