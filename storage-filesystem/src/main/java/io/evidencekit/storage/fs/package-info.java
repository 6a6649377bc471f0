/**
 * A {@link io.evidencekit.spi.BlobStore} on a local or shared (NFS) directory:
 * {@link io.evidencekit.storage.fs.FilesystemBlobStore}. Everything else in the package is an
 * implementation detail.
 */
@NullMarked
package io.evidencekit.storage.fs;

import org.jspecify.annotations.NullMarked;
