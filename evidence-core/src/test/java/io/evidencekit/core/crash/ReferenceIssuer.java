package io.evidencekit.core.crash;

import io.evidencekit.api.EvidenceRequest;
import io.evidencekit.core.testing.TestData;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * The child of {@link ReferenceKillTest}: prints every request the database holds ({@code HAVE <reference>
 * <id>}), then {@code READY}, then creates {@code count} requests, printing {@code REF <reference> <id>} for
 * each only after {@code createRequest} returned (the reference is then issued), and {@code DONE}.
 *
 * <p>Arguments: data directory, database ({@code h2} or a PostgreSQL URL), crash point, count.
 */
public final class ReferenceIssuer {
  private ReferenceIssuer() {}

  public static void main(String[] args) throws Exception {
    PrintStream out = System.out;
    ChildEngine child = new ChildEngine(Path.of(args[0]), args[1], args[2], out);
    int count = Integer.parseInt(args[3]);
    try (Connection c = child.database.getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT reference, id FROM evidence_request")) {
      while (rs.next()) {
        out.println("HAVE " + rs.getString(1) + " " + rs.getString(2));
      }
    }
    out.println("READY");
    out.flush();
    child.crash.arm();
    for (int i = 0; i < count; i++) {
      EvidenceRequest request = child.engine.officers().createRequest(TestData.WRIGHT, TestData.burglaryRequest());
      synchronized (out) {
        out.println("REF " + request.reference() + " " + request.id());
        out.flush();
      }
    }
    out.println("DONE");
    out.flush();
    System.exit(0);
  }
}
