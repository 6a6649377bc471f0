/**
 * Offline verification of an evidencekit custody log, for whoever must check the force's claims without
 * its database or engine: a defence expert, a court's technician, an auditor. Start from the key the
 * force publishes and {@link io.evidencekit.verify.OfflineVerifier}: it checks a signed checkpoint
 * (C2SP tlog-checkpoint in a C2SP signed note, Ed25519), then inclusion proofs of events and
 * consistency proofs between checkpoints against it (RFC 6962 / RFC 9162 Merkle proofs).
 *
 * <p>The parts it is built from are public too: the leaf encoding of a custody event
 * ({@link io.evidencekit.verify.CustodyLeaf}, RFC 8785 canonical JSON), RFC 6962 hashing, the proof
 * records and their JSON form ({@link io.evidencekit.verify.ProofJson}), checkpoints, signed notes and
 * verifier keys, and the default checkpoint signer ({@link io.evidencekit.verify.Ed25519CheckpointSigner}),
 * which a host needs to build an engine with the force's key. This package depends on evidence-api and
 * Bouncy Castle only: no database, no JSON library.
 */
@NullMarked
package io.evidencekit.verify;

import org.jspecify.annotations.NullMarked;
