/**
 * Contract tests every plugin runs against its own implementation: extend
 * {@link io.evidencekit.tck.BlobStoreContract} or {@link io.evidencekit.tck.NotifierContract} in a test
 * class and implement the factory methods. A normal jar of JUnit Jupiter tests.
 */
@NullMarked
package io.evidencekit.tck;

import org.jspecify.annotations.NullMarked;
