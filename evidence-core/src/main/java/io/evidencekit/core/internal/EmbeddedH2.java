package io.evidencekit.core.internal;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/**
 * The embedded default database: an H2 file in PostgreSQL mode. H2 in file mode does not fsync every
 * commit, so a power cut can lose the last second of acknowledged work; production deployments use
 * PostgreSQL.
 */
public final class EmbeddedH2 {
  private EmbeddedH2() {}

  public static DataSource open(Path directory) {
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new EvidenceException(ErrorCode.CONFIGURATION, "cannot create the database directory", e);
    }
    JdbcDataSource ds = new JdbcDataSource();
    // DB_CLOSE_DELAY=-1 keeps the database open between connections; close() shuts it down.
    ds.setURL("jdbc:h2:file:" + directory.toAbsolutePath().resolve("evidencekit")
        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=20000;DB_CLOSE_DELAY=-1");
    ds.setUser("sa");
    ds.setPassword("");
    return ds;
  }

  /** Shuts the embedded database down cleanly. */
  public static void shutdown(DataSource dataSource) {
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      s.execute("SHUTDOWN");
    } catch (SQLException e) {
      // Already shut down by another engine on the same files: nothing left to do.
    }
  }
}
