/**
 * Contract tests every plugin runs against its own implementation: extend
 * {@link io.evidencekit.tck.BlobStoreContract}, {@link io.evidencekit.tck.NotifierContract} or
 * {@link io.evidencekit.tck.ContentScannerContract} in a test class and implement the factory methods.
 * A normal jar of JUnit Jupiter tests.
 */
@NullMarked
package io.evidencekit.tck;

import org.jspecify.annotations.NullMarked;
