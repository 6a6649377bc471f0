/** Helpers for {@link io.evidencekit.tck.CheckpointSignerContract}: note key hashes and independent Ed25519 verification. */
@NullMarked
package io.evidencekit.tck.signer;

import org.jspecify.annotations.NullMarked;
