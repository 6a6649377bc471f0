package io.evidencekit.cli;

import io.evidencekit.api.Actor;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Option;

/** The officer a command acts as: --officer, --officer-name and --role, as ingest and export take them. */
final class OfficerOptions {
  @Option(names = "--officer", required = true, paramLabel = "ID", description = "your user id, as the host system knows you")
  String id;

  @Option(names = "--officer-name", paramLabel = "NAME", description = "your name for the custody log (default: the id)")
  String name;

  @Option(names = "--role", paramLabel = "ROLE", description = "a role you hold, e.g. supervisor (repeatable)")
  List<String> roles = new ArrayList<>();

  /** The officer; an id or name the engine refuses is an {@code EvidenceException} ({@code INVALID_INPUT}). */
  Actor.Officer officer() {
    return new Actor.Officer(id, name == null ? id : name, Set.copyOf(roles));
  }
}
