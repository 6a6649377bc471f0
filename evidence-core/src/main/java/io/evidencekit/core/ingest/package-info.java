/** Receiving files: the streaming hash-and-store pipeline, submissions and their receipts. Engine-internal. */
@NullMarked
package io.evidencekit.core.ingest;

import org.jspecify.annotations.NullMarked;
