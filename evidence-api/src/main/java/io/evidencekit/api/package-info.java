/**
 * The domain of evidencekit: evidence requests, invitations, submissions, items, custody events and
 * the one exception type. Every type here is an immutable record or enum, safe to share between
 * threads, and validates itself on construction.
 */
@NullMarked
package io.evidencekit.api;

import org.jspecify.annotations.NullMarked;
