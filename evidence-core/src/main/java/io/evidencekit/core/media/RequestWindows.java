package io.evidencekit.core.media;

import io.evidencekit.api.RequestId;
import io.evidencekit.api.TimeWindow;
import io.evidencekit.core.internal.Database;
import io.evidencekit.core.internal.Rows;
import java.util.List;
import org.jdbi.v3.core.Handle;

/** Rows of {@code request_time_window}: a request's optional windows, in the officer's order. Stateless. */
public final class RequestWindows {
  private RequestWindows() {}

  /** Stores the windows of a new request, in the transaction that records it. */
  public static void insert(Handle h, RequestId request, List<TimeWindow> windows) {
    for (int i = 0; i < windows.size(); i++) {
      TimeWindow w = windows.get(i);
      Database.bindTime(Database.bindTime(h.createUpdate("""
              INSERT INTO request_time_window (request_id, position, label, starts_at, ends_at)
              VALUES (:request, :position, :label, :from, :to)"""), "from", w.from()), "to", w.to())
          .bind("request", request.value())
          .bind("position", i)
          .bind("label", w.label())
          .execute();
    }
  }

  public static List<TimeWindow> forRequest(Handle h, RequestId request) {
    return h.createQuery("SELECT * FROM request_time_window WHERE request_id = :request ORDER BY position")
        .bind("request", request.value())
        .map((rs, ctx) -> new TimeWindow(rs.getString("label"), Rows.instant(rs, "starts_at"), Rows.instant(rs, "ends_at")))
        .list();
  }
}
