/**
 * The custody log: every act on a request or an item becomes an event, appended in the same
 * transaction as the change it records. Engine-internal; hosts read events through the engine.
 */
@NullMarked
package io.evidencekit.core.custody;

import org.jspecify.annotations.NullMarked;
