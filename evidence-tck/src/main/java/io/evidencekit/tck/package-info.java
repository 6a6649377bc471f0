/**
 * Contract test kits: what every plugin must do, as the SPI's javadoc states it. A plugin proves itself by
 * extending the kit for its interface in a test class and filling in the factory methods; the kit's tests,
 * including its {@code @Nested} groups, then run as the plugin's own.
 *
 * <ul>
 *   <li>{@link io.evidencekit.tck.BlobStoreContract}: a {@link io.evidencekit.spi.BlobStore}; a group per
 *       declared {@link io.evidencekit.spi.StoreCapability}.
 *   <li>{@link io.evidencekit.tck.NotifierContract}: a {@link io.evidencekit.spi.Notifier}; a group per
 *       declared {@link io.evidencekit.spi.Channel}.
 *   <li>{@link io.evidencekit.tck.ContentScannerContract}: a {@link io.evidencekit.spi.ContentScanner};
 *       optional groups for a backend that is down, too large an item, a backend that stalls.
 *   <li>{@link io.evidencekit.tck.CheckpointSignerContract}: a {@link io.evidencekit.spi.CheckpointSigner};
 *       Ed25519 signatures verified with the JDK's own implementation.
 *   <li>{@link io.evidencekit.tck.AccessPolicyContract}: an {@link io.evidencekit.spi.AccessPolicy}.
 * </ul>
 *
 * <p>A group whose capability, channel or hook the plugin does not have is skipped, each of its tests for
 * the same one reason. The module's {@code README.md} shows a full example and the Maven set-up. The kit is
 * a normal jar (JUnit Jupiter and AssertJ): add it in test scope and run {@code mvn test}.
 */
@NullMarked
package io.evidencekit.tck;

import org.jspecify.annotations.NullMarked;
