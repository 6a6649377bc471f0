/** Disclosure packages: BagIt bags of a request's evidence with its custody events and proofs. Engine-internal. */
@NullMarked
package io.evidencekit.core.export;

import org.jspecify.annotations.NullMarked;
