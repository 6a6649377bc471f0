/** Who may see and act on what: the default {@link io.evidencekit.spi.AccessPolicy} and its enforcement. */
@NullMarked
package io.evidencekit.core.access;

import org.jspecify.annotations.NullMarked;
