package io.evidencekit.core.internal;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/**
 * The embedded default database: an H2 file in PostgreSQL mode, set up so that a commit the engine was
 * told succeeded survives a process kill and, as far as the disk honours {@code fsync}, a power cut
 * (issue 18; the figures are in the README):
 *
 * <ul>
 *   <li>{@code WRITE_DELAY=0}: a commit writes its changes to the file before it returns (H2's default
 *       writes them up to 500 ms later, so a plain kill lost the last half-second of work).
 *   <li>{@code REUSE_SPACE=FALSE}: new versions are only ever appended. With space reuse, H2 2.x writes a
 *       new chunk over the space of an old one before it updates the file header that leads recovery to
 *       the newest chunks; a kill between the two made recovery settle on an older version and roll back
 *       seconds of acknowledged commits (seen after 1-2 minutes of use, when the first old chunks become
 *       reusable). Appending never overwrites anything recovery may need.
 *   <li>{@code CHECKPOINT SYNC} after every commit ({@link DurableCommits}): H2 never forces its file to
 *       disk on commit by itself.
 * </ul>
 *
 * Appending means the file grows while the engine runs (a few hundred KiB per upload, almost all of it
 * superseded versions); {@link #shutdown} compacts it, and so does {@link #open} when the previous run
 * ended without a clean shutdown and left it mostly garbage.
 */
public final class EmbeddedH2 {
  /** Compact at open when less than this share (in percent) of a file over {@link #COMPACT_MIN_BYTES} is live. */
  static final int COMPACT_BELOW_FILL_RATE = 50;
  static final long COMPACT_MIN_BYTES = 16L << 20;

  private EmbeddedH2() {}

  /** Opens (creating if needed) the database under {@code directory}; its commits are durable when they return. */
  public static DataSource open(Path directory) {
    return open(directory, COMPACT_MIN_BYTES);
  }

  /** As {@link #open(Path)}, compacting at open a mostly-garbage file over {@code compactMinBytes}. */
  static DataSource open(Path directory, long compactMinBytes) {
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new EvidenceException(ErrorCode.CONFIGURATION, "cannot create the database directory", e);
    }
    JdbcDataSource ds = new JdbcDataSource();
    // DB_CLOSE_DELAY=-1 keeps the database open between connections; shutdown() closes it.
    ds.setURL("jdbc:h2:file:" + directory.toAbsolutePath().resolve("evidencekit")
        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=20000;DB_CLOSE_DELAY=-1"
        + ";WRITE_DELAY=0;REUSE_SPACE=FALSE");
    ds.setUser("sa");
    ds.setPassword("");
    compactIfMostlyGarbage(ds, compactMinBytes);
    return new DurableCommits(ds);
  }

  /** Shuts the embedded database down cleanly, compacting its file if it is mostly superseded versions. */
  public static void shutdown(DataSource dataSource) {
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      s.execute(mostlyGarbage(s, COMPACT_MIN_BYTES) ? "SHUTDOWN COMPACT" : "SHUTDOWN");
    } catch (SQLException e) {
      // Already shut down by another engine on the same files: nothing left to do.
    }
  }

  /**
   * A file left by a run that ended without {@link #shutdown} (a kill, a crash) still holds every version
   * it appended. Compacting copies only the live data into a new file that then replaces the old one, so
   * a crash during it leaves the old file whole.
   */
  private static void compactIfMostlyGarbage(JdbcDataSource ds, long minBytes) {
    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
      // Only when no one else is connected: another engine in this JVM may have the same files open.
      if (mostlyGarbage(s, minBytes) && sessions(s) == 1) {
        s.execute("SHUTDOWN COMPACT");
      }
    } catch (SQLException e) {
      throw new EvidenceException(ErrorCode.DATABASE_FAILURE, "could not open the embedded database", e);
    }
  }

  private static boolean mostlyGarbage(Statement s, long minBytes) throws SQLException {
    long fileSize = setting(s, "info.FILE_SIZE");
    long fillRate = setting(s, "info.CHUNKS_FILL_RATE");
    return fileSize > minBytes && fillRate >= 0 && fillRate < COMPACT_BELOW_FILL_RATE;
  }

  private static long sessions(Statement s) throws SQLException {
    try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS")) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }

  private static long setting(Statement s, String name) throws SQLException {
    try (ResultSet rs = s.executeQuery(
        "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = '" + name + "'")) {
      return rs.next() ? Long.parseLong(rs.getString(1)) : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
