package io.evidencekit.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded database only ever appends (so that a kill cannot make recovery skip acknowledged
 * commits, see the class it tests); these check that the superseded versions it leaves are compacted
 * away again, with nothing live lost.
 */
@DisplayName("The embedded H2 database file")
class EmbeddedH2Test {
  @TempDir
  Path dir;

  private Path file() {
    return dir.resolve("evidencekit.mv.db");
  }

  /** Rewrites one row {@code times} times, each in its own transaction, as a busy engine does to its log's head. */
  private static void churn(DataSource database, int times) throws SQLException {
    // H2's own connections: the churn need not be forced to disk commit by commit.
    JdbcDataSource h2 = database.unwrap(JdbcDataSource.class);
    try (Connection c = h2.getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS churn (id INT PRIMARY KEY, body VARCHAR(16000))");
      s.execute("MERGE INTO churn KEY (id) VALUES (1, '')");
      c.setAutoCommit(false);
      try (PreparedStatement update = c.prepareStatement("UPDATE churn SET body = ? WHERE id = 1")) {
        for (int i = 0; i < times; i++) {
          update.setString(1, (i + "-").repeat(12000).substring(0, 12000));
          update.executeUpdate();
          c.commit();
        }
      }
    }
  }

  private static String body(DataSource database) throws SQLException {
    try (Connection c = database.getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT body FROM churn WHERE id = 1")) {
      rs.next();
      return rs.getString(1);
    }
  }

  @Test
  @DisplayName("a file that a run left mostly superseded versions, ending without a clean shutdown, is compacted when opened again")
  void compactedAtOpen() throws Exception {
    DataSource first = EmbeddedH2.open(dir);
    churn(first, 600);
    String last = body(first);
    long grown = Files.size(file());
    try (Connection c = first.getConnection(); Statement s = c.createStatement()) {
      s.execute("SHUTDOWN IMMEDIATELY"); // closes the files as they are, like a kill
    } catch (SQLException expected) {
      // the connection dies with the database
    }
    assertThat(Files.size(file())).isEqualTo(grown);

    DataSource reopened = EmbeddedH2.open(dir, 1 << 20);

    assertThat(Files.size(file())).as("grown to %d bytes", grown).isLessThan(grown / 4);
    assertThat(body(reopened)).isEqualTo(last);
    EmbeddedH2.shutdown(reopened);
  }

  @Test
  @DisplayName("a file another engine in this process has open is not compacted under it")
  void notCompactedUnderAnotherEngine() throws Exception {
    DataSource first = EmbeddedH2.open(dir);
    churn(first, 600);
    long grown = Files.size(file());
    try (Connection busy = first.getConnection(); Statement s = busy.createStatement()) {
      DataSource second = EmbeddedH2.open(dir, 1 << 20);

      assertThat(Files.size(file())).isGreaterThanOrEqualTo(grown);
      try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM churn")) {
        assertThat(rs.next()).as("the first engine's connection still works").isTrue();
      }
      assertThat(body(second)).isEqualTo(body(first));
    }
    EmbeddedH2.shutdown(first);
  }

  @Test
  @DisplayName("a clean shutdown compacts a file that is mostly superseded versions")
  void compactedAtShutdown() throws Exception {
    DataSource database = EmbeddedH2.open(dir);
    churn(database, 2500);
    String last = body(database);
    long grown = Files.size(file());
    assertThat(grown).as("the churn appended every version").isGreaterThan(EmbeddedH2.COMPACT_MIN_BYTES);

    EmbeddedH2.shutdown(database);

    assertThat(Files.size(file())).isLessThan(grown / 4);
    DataSource reopened = EmbeddedH2.open(dir);
    assertThat(body(reopened)).isEqualTo(last);
    EmbeddedH2.shutdown(reopened);
  }

  @Test
  @DisplayName("a commit is in the file when it returns, and new versions never overwrite old ones")
  void writtenAtCommit() throws Exception {
    DataSource database = EmbeddedH2.open(dir);
    try (Connection c = database.getConnection(); Statement s = c.createStatement()) {
      assertThat(setting(s, "WRITE_DELAY")).isEqualTo("0");
      assertThat(setting(s, "REUSE_SPACE")).isEqualTo("FALSE");
      s.execute("CREATE TABLE t (v INT)");
      c.setAutoCommit(false);
      s.execute("INSERT INTO t VALUES (42)");
      long writes = Long.parseLong(setting(s, "info.FILE_WRITE"));
      c.commit();
      assertThat(Long.parseLong(setting(s, "info.FILE_WRITE"))).as("file writes").isGreaterThan(writes);
    }
    EmbeddedH2.shutdown(database);
  }

  private static String setting(Statement s, String name) throws SQLException {
    try (ResultSet rs = s.executeQuery("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = '"
        + name + "'")) {
      assertThat(rs.next()).as(name).isTrue();
      return rs.getString(1);
    }
  }
}
