/**
 * Retention as data: categories and their rules, the case facts a host records, legal holds, reviews
 * and disposal, and the {@link io.evidencekit.api.retention.Retention} role that acts on them. Every
 * type here is an immutable record or enum, safe to share between threads, and validates itself.
 */
@NullMarked
package io.evidencekit.api.retention;

import org.jspecify.annotations.NullMarked;
