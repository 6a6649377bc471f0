/** A small host system (the "force system") showing how evidencekit is embedded. */
@NullMarked
package io.evidencekit.examples;

import org.jspecify.annotations.NullMarked;
