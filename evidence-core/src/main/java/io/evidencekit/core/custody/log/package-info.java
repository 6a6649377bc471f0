/**
 * The tamper-evident custody log's pure parts: RFC 6962 hashing, a tiled append-only hash store
 * ({@link io.evidencekit.core.custody.log.MerkleLog} over a {@link io.evidencekit.core.custody.log.TileStore}),
 * inclusion and consistency proofs and their verification, the proof JSON form, and C2SP checkpoints
 * carried in signed notes. Nothing here touches a database: the engine persists tiles through
 * {@code TileStore}.
 */
@NullMarked
package io.evidencekit.core.custody.log;

import org.jspecify.annotations.NullMarked;
