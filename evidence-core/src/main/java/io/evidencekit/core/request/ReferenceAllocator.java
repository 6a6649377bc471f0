package io.evidencekit.core.request;

import io.evidencekit.api.ForceReference;
import java.time.ZonedDateTime;
import org.jdbi.v3.core.Handle;

/**
 * Allocates the next reference inside the caller's transaction. The UPDATE locks the scope's row until
 * commit, so concurrent allocations (other threads, other engines on the same PostgreSQL) queue up
 * and never see the same value; the first allocation of a year inserts the row, and a racing insert
 * fails with a unique violation that the transaction retry resolves.
 */
final class ReferenceAllocator {
  private final ReferenceFormat format;

  ReferenceAllocator(ReferenceFormat format) {
    this.format = format;
  }

  ForceReference next(Handle handle, ZonedDateTime at) {
    String scope = format.scope(at);
    int updated = handle.createUpdate("UPDATE reference_sequence SET last_value = last_value + 1 WHERE scope = :scope")
        .bind("scope", scope)
        .execute();
    if (updated == 0) {
      handle.createUpdate("INSERT INTO reference_sequence (scope, last_value) VALUES (:scope, 1)")
          .bind("scope", scope)
          .execute();
    }
    long value = handle.createQuery("SELECT last_value FROM reference_sequence WHERE scope = :scope")
        .bind("scope", scope)
        .mapTo(Long.class)
        .one();
    return format.format(at, value);
  }
}
