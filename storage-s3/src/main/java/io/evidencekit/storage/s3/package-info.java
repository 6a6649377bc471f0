/**
 * A {@link io.evidencekit.spi.BlobStore} on any S3-compatible object store (AWS S3, MinIO, Ceph RGW):
 * {@link io.evidencekit.storage.s3.S3BlobStore}, configured by {@link io.evidencekit.storage.s3.S3Settings}
 * and {@link io.evidencekit.storage.s3.ObjectLockSettings}. Everything else in the package is an
 * implementation detail.
 */
@NullMarked
package io.evidencekit.storage.s3;

import org.jspecify.annotations.NullMarked;
