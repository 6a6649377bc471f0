/**
 * Kill-loop tests: a child JVM killed with SIGKILL ({@link io.evidencekit.tck.crash.ChildJvm}), points where
 * it parks to be killed exactly there ({@link io.evidencekit.tck.crash.CrashPoint}, with wrappers that pass
 * them around a commit and a blob's publication), and a check that every blob a directory store shows is
 * whole. The engine's and the portal's kill loops use them; so can a plugin's own crash tests.
 */
@NullMarked
package io.evidencekit.tck.crash;

import org.jspecify.annotations.NullMarked;
