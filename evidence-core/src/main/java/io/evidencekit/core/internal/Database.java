package io.evidencekit.core.internal;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.SqlStatement;
import org.jspecify.annotations.Nullable;

/**
 * The engine's database: migrations on start, and transactions that are retried when the database
 * reports a conflict that a retry resolves (serialisation failure, deadlock, lock timeout, a racing
 * insert of the same key). Thread-safe.
 */
public final class Database {
  private static final int MAX_ATTEMPTS = 8;

  private final Jdbi jdbi;

  private Database(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** Migrates the schema to the current version (safe with several engines starting at once) and opens it. */
  public static Database migrateAndOpen(DataSource dataSource) {
    try {
      Flyway.configure()
          .dataSource(dataSource)
          .locations("classpath:io/evidencekit/core/db/migration")
          .table("evidencekit_schema_history")
          .load()
          .migrate();
    } catch (RuntimeException e) {
      throw new EvidenceException(ErrorCode.DATABASE_FAILURE, "could not migrate the database schema", e);
    }
    return new Database(Jdbi.create(dataSource));
  }

  /** A unit of work inside one transaction. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Handle handle);
  }

  /**
   * Runs {@code work} in a transaction, retrying it from the start on a transient conflict. The work
   * must therefore have no effects outside the database. Our own {@link EvidenceException}s pass
   * through unchanged and roll the transaction back.
   */
  public <T> T inTransaction(Work<T> work) {
    for (int attempt = 1; ; attempt++) {
      try {
        return jdbi.inTransaction(work::run);
      } catch (EvidenceException e) {
        throw e;
      } catch (JdbiException e) {
        if (attempt < MAX_ATTEMPTS && isTransient(e)) {
          continue;
        }
        throw new EvidenceException(ErrorCode.DATABASE_FAILURE, "database operation failed", e);
      }
    }
  }

  /** Runs read-only work on one connection. */
  public <T> T read(Work<T> work) {
    try {
      return jdbi.withHandle(work::run);
    } catch (EvidenceException e) {
      throw e;
    } catch (JdbiException e) {
      throw new EvidenceException(ErrorCode.DATABASE_FAILURE, "database read failed", e);
    }
  }

  private static boolean isTransient(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        String state = sql.getSQLState();
        // 40001 serialisation, 40P01 deadlock, 23505 unique violation (a racing insert), HYT00 H2 lock timeout
        if (state.equals("40001") || state.equals("40P01") || state.equals("23505") || state.equals("HYT00")) {
          return true;
        }
      }
    }
    return false;
  }

  public static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  public static @Nullable OffsetDateTime utc(Optional<Instant> instant) {
    return instant.map(Database::utc).orElse(null);
  }

  /** Binds an instant portably: both H2 and PostgreSQL map OffsetDateTime to TIMESTAMP WITH TIME ZONE. */
  public static <S extends SqlStatement<S>> S bindTime(S statement, String name, @Nullable Instant instant) {
    return statement.bindByType(name, instant == null ? null : utc(instant), OffsetDateTime.class);
  }
}
