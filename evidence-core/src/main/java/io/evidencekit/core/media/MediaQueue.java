package io.evidencekit.core.media;

import io.evidencekit.api.ItemId;
import io.evidencekit.core.internal.ItemQueue;
import java.time.Instant;
import org.jdbi.v3.core.Handle;

/** Rows of {@code media_queue} ({@link ItemQueue}; an item is inspected once). Engine-internal; thread-safe. */
public final class MediaQueue {
  static final ItemQueue ROWS = new ItemQueue("media_queue", false);

  private MediaQueue() {}

  /** Queues a newly recorded item, in the transaction that records it. */
  public static void enqueue(Handle h, ItemId item, Instant now) {
    ROWS.enqueue(h, item, now);
  }
}
