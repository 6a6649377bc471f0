package io.evidencekit.core.testing;

/** The databases every persistence test runs on. */
public enum DatabaseKind {
  H2,
  POSTGRESQL
}
