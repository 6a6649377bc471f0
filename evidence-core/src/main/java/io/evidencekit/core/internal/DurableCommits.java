package io.evidencekit.core.internal;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The embedded H2 database's connections, with every commit forced to disk before it returns: after
 * H2's own commit (which, with {@code WRITE_DELAY=0}, has written the changes to the file) it runs
 * {@code CHECKPOINT SYNC}, which forces the file. Should that fail, the commit reports the failure: the
 * engine then acknowledges nothing, though the change may have reached the file. Everything else goes
 * to H2 unchanged. Thread-safe, as the wrapped data source is.
 */
final class DurableCommits implements DataSource {
  private final DataSource h2;

  DurableCommits(DataSource h2) {
    this.h2 = h2;
  }

  @Override
  public Connection getConnection() throws SQLException {
    return durable(h2.getConnection());
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return durable(h2.getConnection(username, password));
  }

  private static Connection durable(Connection connection) {
    InvocationHandler handler = (proxy, method, args) -> {
      Object result;
      try {
        result = method.invoke(connection, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
      if (method.getName().equals("commit") && (args == null || args.length == 0)) {
        try (Statement s = connection.createStatement()) {
          s.execute("CHECKPOINT SYNC");
        }
      }
      return result;
    };
    return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
        handler);
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return h2.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    h2.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    h2.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return h2.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return h2.getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    if (type.isInstance(this)) {
      return type.cast(this);
    }
    return h2.unwrap(type);
  }

  @Override
  public boolean isWrapperFor(Class<?> type) throws SQLException {
    return type.isInstance(this) || h2.isWrapperFor(type);
  }
}
