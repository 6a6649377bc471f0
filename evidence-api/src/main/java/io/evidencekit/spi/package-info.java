/**
 * The plugin SPI: storage ({@link io.evidencekit.spi.BlobStore}), notification
 * ({@link io.evidencekit.spi.Notifier}), malware scanning ({@link io.evidencekit.spi.ContentScanner}) and
 * access control ({@link io.evidencekit.spi.AccessPolicy}).
 * Interfaces are narrow and grow only by default methods. Implementations are registered explicitly
 * on the engine's builder; nothing is discovered from the classpath. Prove an implementation with the
 * contract tests in {@code evidence-tck}.
 */
@NullMarked
package io.evidencekit.spi;

import org.jspecify.annotations.NullMarked;
