/**
 * The plugin SPI: storage ({@link io.evidencekit.spi.BlobStore}, {@link io.evidencekit.spi.BlobWriter}),
 * notification ({@link io.evidencekit.spi.Notifier}), malware scanning
 * ({@link io.evidencekit.spi.ContentScanner}), media inspection ({@link io.evidencekit.spi.MediaInspector}),
 * custody-log signing and anchoring
 * ({@link io.evidencekit.spi.CheckpointSigner}, {@link io.evidencekit.spi.TimestampAuthority}) and access
 * control ({@link io.evidencekit.spi.AccessPolicy}), and recorded video consultations to import
 * ({@link io.evidencekit.spi.VideoSource}), and resumable uploads staged where every node sees them
 * ({@link io.evidencekit.spi.PartStaging}). Interfaces are narrow and grow only by default
 * methods. Implementations are registered explicitly on the engine's builder; nothing is discovered from
 * the classpath.
 *
 * <p>Each interface's javadoc states its contract: threads, who closes what, idempotency and its one
 * failure channel, each rule naming the test that checks it in the kit of {@code evidence-tck}
 * ({@code BlobStoreContract}, {@code NotifierContract}, {@code ContentScannerContract},
 * {@code CheckpointSignerContract}, {@code AccessPolicyContract}, {@code VideoSourceContract},
 * {@code PartStagingContract}). An implementation proves itself by extending the kit in its tests.
 */
@NullMarked
package io.evidencekit.spi;

import org.jspecify.annotations.NullMarked;
