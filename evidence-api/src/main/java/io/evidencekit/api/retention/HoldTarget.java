package io.evidencekit.api.retention;

import io.evidencekit.api.ItemId;
import io.evidencekit.api.RequestId;

/** What a legal hold covers: one item, one request (and all its items), or every request linked to a host-named case. */
public record HoldTarget(Kind kind, String id) {
  public enum Kind {
    ITEM,
    REQUEST,
    CASE
  }

  public HoldTarget {
    Checks.present(kind, "hold target kind");
    Checks.line(id, "hold target", 100);
  }

  public static HoldTarget item(ItemId item) {
    return new HoldTarget(Kind.ITEM, item.toString());
  }

  public static HoldTarget request(RequestId request) {
    return new HoldTarget(Kind.REQUEST, request.toString());
  }

  /** A case as the host names it ("op-kestrel", "46/12345/24"). */
  public static HoldTarget ofCase(String caseReference) {
    return new HoldTarget(Kind.CASE, caseReference);
  }
}
