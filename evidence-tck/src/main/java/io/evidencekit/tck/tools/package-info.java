/**
 * Tests that need a program from outside the JVM (Chromium and chromedriver, clamd, haproxy, ffprobe).
 * Annotate such a test class with {@link io.evidencekit.tck.tools.RequiresTool}: when the program is not
 * found the whole class is skipped with one reason saying how to install it, and when the build asks for
 * it ({@code -Devidencekit.require=chromium} or {@code EVIDENCEKIT_REQUIRE=all}, as CI does) the missing
 * program fails the class instead. So {@code mvn verify} passes on a machine with only a JDK, Maven and
 * Node.js, and CI cannot pass without running every such test.
 *
 * <p>Where a program is looked for: the property {@code evidencekit.NAME} (a system property or a JUnit
 * configuration parameter), else the environment variable {@code EVIDENCEKIT_NAME}, else the directories
 * on {@code PATH} (and a few the package manager uses outside a normal user's PATH, e.g. /usr/sbin).
 */
@NullMarked
package io.evidencekit.tck.tools;

import org.jspecify.annotations.NullMarked;
