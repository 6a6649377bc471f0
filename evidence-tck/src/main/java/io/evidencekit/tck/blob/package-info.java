/**
 * Helpers for the blob store contract tests: generated content that is never held in memory, and
 * short ways to store and read blobs. Usable by plugin authors writing their own extra tests.
 */
@NullMarked
package io.evidencekit.tck.blob;

import org.jspecify.annotations.NullMarked;
