/**
 * The engine: {@link io.evidencekit.core.EvidenceEngine} is the one entry point for host systems.
 * Sub-packages hold the engine's concepts; only the types named in the engine's builder are API.
 */
@NullMarked
package io.evidencekit.core;

import org.jspecify.annotations.NullMarked;
