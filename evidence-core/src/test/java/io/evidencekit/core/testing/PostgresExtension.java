package io.evidencekit.core.testing;

import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/** Resolves a lazy handle on the shared PostgreSQL server, so H2-only runs never start it. */
public final class PostgresExtension implements ParameterResolver {
  /** Starts (once per run) and returns the server. */
  public interface Lazy extends Supplier<Postgres> {}

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == Lazy.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return (Lazy) () -> Postgres.shared(context);
  }
}
