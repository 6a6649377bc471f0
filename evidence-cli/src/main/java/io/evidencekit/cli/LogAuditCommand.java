package io.evidencekit.cli;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.core.custody.AuditFinding;
import io.evidencekit.core.custody.AuditReport;
import io.evidencekit.core.custody.LogAuditor;
import io.evidencekit.verify.NoteVerifierKey;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code evidencekit log audit --jdbc URL}: recompute the whole custody log from the event rows (bodies
 * re-hashed, leaves rebuilt, the tree rebuilt without the stored tiles), check it against every stored
 * checkpoint (signature, root, consistency with the one before), and report the first bad entry.
 * Reads only. Exit 0 intact, 1 tampered (findings on stderr), 2 usage or connection error.
 */
@Command(name = "audit", description = "Recompute the custody log from the database and check it against its signed checkpoints.",
    mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:intact", "1:tampered (the first bad entry and other findings on stderr)",
        "2:usage error, malformed key, or the database cannot be opened"})
final class LogAuditCommand implements Callable<Integer> {
  private static final int SHOWN = 20;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--jdbc", required = true, paramLabel = "URL",
      description = "the engine's database, e.g. jdbc:postgresql://db/evidence or jdbc:h2:file:DATA/db/evidencekit "
          + "(for H2 the engine's settings are added; the engine must not have the file open)")
  String url;

  @Option(names = "--user", paramLabel = "U", defaultValue = "sa", description = "database user (default: ${DEFAULT-VALUE}, the embedded H2's)")
  String user;

  @Option(names = "--password", paramLabel = "P", defaultValue = "", description = "database password")
  String password;

  @Option(names = "--key", paramLabel = "VKEY",
      description = "the log's published verifier key (<name>+<hash>+<base64>, or a file holding it); without it the "
          + "keys recorded in the database are trusted, which someone able to write the database could add to")
  String key;

  @Override
  public Integer call() throws IOException {
    Optional<NoteVerifierKey> trusted = key == null ? Optional.empty()
        : Optional.of(NoteVerifierKey.parse(LogCheckpointCommand.keyText(key)));
    AuditReport report;
    try {
      report = LogAuditor.of(withH2Settings(url), user, password).audit(trusted);
    } catch (EvidenceException e) {
      if (e.code() == ErrorCode.DATABASE_FAILURE) {
        spec.commandLine().getErr().println("cannot audit: " + e.getMessage());
        return ExitCodes.MALFORMED;
      }
      throw e;
    }
    PrintWriter out = spec.commandLine().getOut();
    String summary = report.treeSize() + " events, root " + Base64.getEncoder().encodeToString(report.root()) + ", "
        + report.checkpoints() + " checkpoint(s) checked with " + report.keySource();
    if (report.intact()) {
      out.println("intact: " + summary);
      return ExitCodes.VALID;
    }
    PrintWriter err = spec.commandLine().getErr();
    AuditFinding first = report.firstProblem().orElseThrow();
    err.println("TAMPERED: first bad entry is sequence " + first.sequence() + ": " + first.problem());
    report.findings().stream().skip(1).limit(SHOWN).forEach(f -> err.println("  also: " + f));
    if (report.findings().size() > SHOWN + 1) {
      err.println("  ... and " + (report.findings().size() - SHOWN - 1) + " more");
    }
    err.println(summary);
    return ExitCodes.NOT_VERIFIED;
  }

  /** The embedded database is H2 in PostgreSQL mode with lower-case names; and an audit never creates a database. */
  static String withH2Settings(String url) {
    if (!url.startsWith("jdbc:h2:")) {
      return url;
    }
    String upper = url.toUpperCase(java.util.Locale.ROOT);
    StringBuilder u = new StringBuilder(url);
    if (!upper.contains(";MODE=")) {
      u.append(";MODE=PostgreSQL");
    }
    if (!upper.contains(";DATABASE_TO_LOWER=")) {
      u.append(";DATABASE_TO_LOWER=TRUE");
    }
    if (!upper.contains(";IFEXISTS=")) {
      u.append(";IFEXISTS=TRUE");
    }
    return u.toString();
  }
}
