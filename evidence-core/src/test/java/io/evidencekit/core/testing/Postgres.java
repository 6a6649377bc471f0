package io.evidencekit.core.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real PostgreSQL server from embedded binaries, started once per test run (kept in JUnit's root
 * store and stopped when the run ends); each call to {@link #freshDatabase} creates an empty database.
 */
public final class Postgres implements ExtensionContext.Store.CloseableResource, AutoCloseable {
  private final EmbeddedPostgres server;

  private Postgres(EmbeddedPostgres server) {
    this.server = server;
  }

  public static Postgres shared(ExtensionContext context) {
    return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(Postgres.class, k -> start(), Postgres.class);
  }

  private static Postgres start() {
    try {
      return new Postgres(EmbeddedPostgres.builder()
          .setServerConfig("synchronous_commit", "on")
          .setServerConfig("max_connections", "200")
          .start());
    } catch (IOException e) {
      throw new IllegalStateException("could not start embedded PostgreSQL", e);
    }
  }

  public DataSource freshDatabase() {
    return server.getDatabase("postgres", createDatabase());
  }

  /** A new empty database's JDBC URL (with its user), for a child process. */
  public String freshDatabaseUrl() {
    return server.getJdbcUrl("postgres", createDatabase());
  }

  private String createDatabase() {
    String name = "t" + UUID.randomUUID().toString().replace("-", "");
    try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return name;
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
