/**
 * The custody log's Merkle tree as the engine builds it: an append-only RFC 6962 tree kept as tiles
 * ({@link io.evidencekit.core.custody.log.MerkleLog} over a {@link io.evidencekit.core.custody.log.TileStore}),
 * from which inclusion and consistency proofs are read. Hashing, the proof records, their verification
 * and checkpoints are the offline verifier's, in evidence-verify ({@code io.evidencekit.verify}). Nothing
 * here touches a database: the engine persists tiles through {@code TileStore}.
 */
@NullMarked
package io.evidencekit.core.custody.log;

import org.jspecify.annotations.NullMarked;
