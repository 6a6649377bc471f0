/** Engine internals: persistence, transactions, crypto helpers. Not API; may change in any release. */
@NullMarked
package io.evidencekit.core.internal;

import org.jspecify.annotations.NullMarked;
