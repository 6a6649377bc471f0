package io.evidencekit.core.testing;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A real data source whose connections fail the next {@code n} commits when armed: the commit is refused
 * before it reaches the database, which then rolls the transaction back, exactly as after a serialisation
 * conflict or a lost connection. Everything else goes to the real database. Thread-safe.
 */
public final class FailingCommits implements DataSource {
  /** PostgreSQL's serialization_failure: a retry resolves it. */
  public static final String SERIALIZATION_FAILURE = "40001";
  /** connection_failure: not retried. */
  public static final String CONNECTION_FAILURE = "08006";

  private final DataSource real;
  private final AtomicInteger toFail = new AtomicInteger();
  private final AtomicInteger failed = new AtomicInteger();
  private volatile String sqlState = SERIALIZATION_FAILURE;

  public FailingCommits(DataSource real) {
    this.real = real;
  }

  /** The next {@code count} commits, on any connection, fail with {@code state}. */
  public void failNextCommits(int count, String state) {
    this.sqlState = state;
    toFail.set(count);
  }

  /** How many commits were refused so far. */
  public int failedCommits() {
    return failed.get();
  }

  @Override
  public Connection getConnection() throws SQLException {
    return wrap(real.getConnection());
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return wrap(real.getConnection(username, password));
  }

  private Connection wrap(Connection connection) {
    InvocationHandler handler = (proxy, method, args) -> {
      if (method.getName().equals("commit") && toFail.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
        failed.incrementAndGet();
        throw new SQLException("commit refused by the test", sqlState);
      }
      try {
        return method.invoke(connection, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    };
    return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
        handler);
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return real.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    real.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    real.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return real.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return real.getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    return real.unwrap(iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return real.isWrapperFor(iface);
  }
}
