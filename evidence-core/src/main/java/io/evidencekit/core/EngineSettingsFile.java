package io.evidencekit.core;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.Limits;
import io.evidencekit.verify.Ed25519CheckpointSigner;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The engine settings a host keeps in its data directory, so that every program that opens an engine on
 * that directory (the host itself, the {@code evidencekit} command-line tool) runs it with the same
 * configuration: the same checkpoint key, force code, reference pattern, link base and limits.
 *
 * <p>The file is {@code DATA_DIR/evidencekit.properties} (Java properties, ISO-8859-1 with
 * {@code \\u} escapes). Keys:
 * <ul>
 *   <li>{@code force.code} (required): the force's code, e.g. {@code 46};
 *   <li>{@code portal.link.base} (required): where the portal answers links, an http(s) URL ending in '/';
 *   <li>{@code checkpoint.key.file} (required): the file, relative to the data directory, holding the
 *       32-byte Ed25519 private key that signs custody checkpoints (raw bytes, owner-only);
 *   <li>{@code log.origin}: the custody log's name, the first line of its checkpoints and the key's
 *       name; default {@code evidencekit/<force code>/custody};
 *   <li>{@code outbox.key.file}: the file holding the 32-byte key that seals links waiting in the outbox;
 *       without it each engine uses a key of its own, and undelivered links must be re-issued;
 *   <li>{@code reference.pattern}: default {@code {force}/{seq:5}/{yy}};
 *   <li>{@code invitation.validity}: an ISO-8601 duration, default {@code P10D};
 *   <li>{@code limits.max-files}, {@code limits.max-file-bytes}, {@code limits.max-submission-bytes}:
 *       what a member of the public may send (default 500 files, 64 GiB, 256 GiB);
 *   <li>{@code officer-ingest.max-files}, {@code officer-ingest.max-file-bytes},
 *       {@code officer-ingest.max-submission-bytes}: an officer's ingest from disc or USB (default
 *       100,000 files, 1 TiB, 16 TiB).
 * </ul>
 * An unknown key is refused, so a misspelt setting is never silently ignored. Every problem with the
 * file or a key file is {@code CONFIGURATION}, naming the file and the key but never a key's bytes.
 *
 * <p>The database ({@code DATA_DIR/db}) and the blob store ({@code DATA_DIR/blobs}) are the data
 * directory's layout, not settings. Immutable and thread-safe once read.
 */
public final class EngineSettingsFile {
  /** The file's name in the data directory. */
  public static final String FILE_NAME = "evidencekit.properties";

  public static final String FORCE_CODE = "force.code";
  public static final String PORTAL_LINK_BASE = "portal.link.base";
  public static final String CHECKPOINT_KEY_FILE = "checkpoint.key.file";
  public static final String LOG_ORIGIN = "log.origin";
  public static final String OUTBOX_KEY_FILE = "outbox.key.file";
  public static final String REFERENCE_PATTERN = "reference.pattern";
  public static final String INVITATION_VALIDITY = "invitation.validity";
  private static final String LIMITS = "limits.";
  private static final String OFFICER_INGEST = "officer-ingest.";
  private static final String MAX_FILES = "max-files";
  private static final String MAX_FILE_BYTES = "max-file-bytes";
  private static final String MAX_SUBMISSION_BYTES = "max-submission-bytes";

  private static final Set<String> KEYS = Set.of(FORCE_CODE, PORTAL_LINK_BASE, CHECKPOINT_KEY_FILE, LOG_ORIGIN,
      OUTBOX_KEY_FILE, REFERENCE_PATTERN, INVITATION_VALIDITY,
      LIMITS + MAX_FILES, LIMITS + MAX_FILE_BYTES, LIMITS + MAX_SUBMISSION_BYTES,
      OFFICER_INGEST + MAX_FILES, OFFICER_INGEST + MAX_FILE_BYTES, OFFICER_INGEST + MAX_SUBMISSION_BYTES);
  private static final int KEY_BYTES = 32;

  private final Path dataDirectory;
  private final Map<String, String> settings;
  private final String forceCode;
  private final URI portalLinkBase;
  private final String logOrigin;
  private final Ed25519CheckpointSigner checkpointSigner;
  private final byte @Nullable [] outboxKey;
  private final Limits limits;
  private final Limits officerIngestLimits;
  private final Optional<Duration> invitationValidity;

  private EngineSettingsFile(Path dataDirectory, Map<String, String> settings) {
    this.dataDirectory = dataDirectory;
    this.settings = Map.copyOf(settings);
    for (String key : settings.keySet()) {
      if (!KEYS.contains(key)) {
        throw problem("has an unknown setting '" + key + "'; known: " + new TreeSet<>(KEYS));
      }
    }
    this.forceCode = required(FORCE_CODE);
    this.portalLinkBase = uri(required(PORTAL_LINK_BASE));
    this.logOrigin = settings.getOrDefault(LOG_ORIGIN, "evidencekit/" + forceCode + "/custody");
    try {
      this.checkpointSigner = Ed25519CheckpointSigner.fromPrivateKey(logOrigin, readKey(required(CHECKPOINT_KEY_FILE), CHECKPOINT_KEY_FILE));
    } catch (EvidenceException e) {
      if (e.code() == ErrorCode.CONFIGURATION) {
        throw e;
      }
      throw problem("has a " + LOG_ORIGIN + " that cannot name a key: " + e.getMessage());
    }
    this.outboxKey = settings.containsKey(OUTBOX_KEY_FILE) ? readKey(settings.get(OUTBOX_KEY_FILE), OUTBOX_KEY_FILE) : null;
    this.limits = limits(LIMITS, Limits.DEFAULT);
    this.officerIngestLimits = limits(OFFICER_INGEST, EngineBuilder.OFFICER_INGEST_LIMITS);
    this.invitationValidity = Optional.ofNullable(settings.get(INVITATION_VALIDITY)).map(this::duration);
  }

  /** The settings file of a data directory. */
  public static Path path(Path dataDirectory) {
    return dataDirectory.resolve(FILE_NAME);
  }

  /** Whether the data directory has a settings file. */
  public static boolean exists(Path dataDirectory) {
    return Files.isRegularFile(path(dataDirectory));
  }

  /** Reads the data directory's settings file and the key files it names; never creates anything. */
  public static EngineSettingsFile read(Path dataDirectory) {
    Objects.requireNonNull(dataDirectory, "dataDirectory");
    Path file = path(dataDirectory);
    if (!Files.isRegularFile(file)) {
      throw new EvidenceException(ErrorCode.CONFIGURATION, file + " does not exist: the host system writes it "
          + "(see the README, \"Engine settings\")");
    }
    Properties properties = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
      properties.load(in);
    } catch (IOException | IllegalArgumentException e) {
      throw new EvidenceException(ErrorCode.CONFIGURATION, file + " cannot be read: " + e.getMessage(), e);
    }
    Map<String, String> settings = new LinkedHashMap<>();
    properties.stringPropertyNames().forEach(k -> settings.put(k, properties.getProperty(k).strip()));
    return new EngineSettingsFile(dataDirectory, settings);
  }

  /**
   * For the host: writes the settings file with {@code settings} unless the directory has one already
   * (a file that exists is the force's and is never overwritten), creates the key files it names that do
   * not exist yet from {@code random} (owner-only), and reads it back. {@code checkpoint.key.file}
   * defaults to {@code checkpoint.key} and {@code outbox.key.file} to {@code outbox.key}.
   */
  public static EngineSettingsFile createIfAbsent(Path dataDirectory, Map<String, String> settings, SecureRandom random) {
    Objects.requireNonNull(random, "random");
    try {
      Files.createDirectories(dataDirectory);
      Path file = path(dataDirectory);
      if (!Files.exists(file)) {
        Map<String, String> all = new TreeMap<>(settings);
        all.putIfAbsent(CHECKPOINT_KEY_FILE, "checkpoint.key");
        all.putIfAbsent(OUTBOX_KEY_FILE, "outbox.key");
        for (String keyFile : new String[] {CHECKPOINT_KEY_FILE, OUTBOX_KEY_FILE}) {
          Path key = dataDirectory.resolve(all.get(keyFile));
          if (!Files.exists(key)) {
            byte[] bytes = new byte[KEY_BYTES];
            random.nextBytes(bytes);
            writeOwnerOnly(key, bytes);
          }
        }
        Properties properties = new Properties();
        properties.putAll(all);
        StringWriter text = new StringWriter();
        properties.store(text, "evidencekit engine settings: read by the host's engine and by the evidencekit tool");
        try {
          Files.writeString(file, text.toString(), StandardCharsets.ISO_8859_1, StandardOpenOption.CREATE_NEW,
              StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException raced) {
          // another process wrote it first: theirs stands
        }
      }
    } catch (IOException e) {
      throw new EvidenceException(ErrorCode.CONFIGURATION, "cannot write the engine settings in " + dataDirectory + ": " + e, e);
    }
    return read(dataDirectory);
  }

  /**
   * Configures {@code builder} with every setting: force code, link base, log origin and checkpoint
   * signer, and where given the outbox key, reference pattern, invitation validity and limits. The
   * database, blob store and notifiers remain the caller's.
   */
  public EngineBuilder applyTo(EngineBuilder builder) {
    builder.forceCode(forceCode)
        .portalLinkBase(portalLinkBase)
        .logOrigin(logOrigin)
        .checkpointSigner(checkpointSigner)
        .limits(limits)
        .officerIngestLimits(officerIngestLimits);
    if (outboxKey != null) {
      builder.outboxKey(outboxKey);
    }
    if (settings.containsKey(REFERENCE_PATTERN)) {
      builder.referencePattern(settings.get(REFERENCE_PATTERN));
    }
    invitationValidity.ifPresent(builder::invitationValidity);
    return builder;
  }

  public Path dataDirectory() {
    return dataDirectory;
  }

  public String forceCode() {
    return forceCode;
  }

  public URI portalLinkBase() {
    return portalLinkBase;
  }

  public String logOrigin() {
    return logOrigin;
  }

  /** The signer of the force's checkpoints, from the checkpoint key file; its verifier key is the one to publish. */
  public Ed25519CheckpointSigner checkpointSigner() {
    return checkpointSigner;
  }

  @Override
  public String toString() {
    return "EngineSettingsFile[" + path(dataDirectory) + ", force " + forceCode + ", log " + logOrigin + "]";
  }

  private String required(String key) {
    String value = settings.get(key);
    if (value == null || value.isEmpty()) {
      throw problem("has no " + key);
    }
    return value;
  }

  private URI uri(String text) {
    try {
      return new URI(text);
    } catch (URISyntaxException e) {
      throw problem("has a " + PORTAL_LINK_BASE + " that is not a URL");
    }
  }

  private Duration duration(String text) {
    try {
      return Duration.parse(text);
    } catch (DateTimeParseException e) {
      throw problem("has an " + INVITATION_VALIDITY + " that is not an ISO-8601 duration such as P10D");
    }
  }

  private Limits limits(String prefix, Limits defaults) {
    try {
      return new Limits(
          (int) number(prefix + MAX_FILES, defaults.maxFilesPerSubmission(), Integer.MAX_VALUE),
          number(prefix + MAX_FILE_BYTES, defaults.maxBytesPerFile(), Long.MAX_VALUE),
          number(prefix + MAX_SUBMISSION_BYTES, defaults.maxBytesPerSubmission(), Long.MAX_VALUE));
    } catch (EvidenceException e) {
      if (e.code() == ErrorCode.CONFIGURATION) {
        throw e;
      }
      throw problem("has " + prefix + "* limits that do not fit together: " + e.getMessage());
    }
  }

  private long number(String key, long otherwise, long max) {
    String text = settings.get(key);
    if (text == null) {
      return otherwise;
    }
    try {
      long n = Long.parseLong(text);
      if (n > 0 && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw problem("has a " + key + " that is not a whole number from 1 to " + max);
  }

  private byte[] readKey(String name, String setting) {
    Path file = dataDirectory.resolve(name);
    byte[] key;
    try {
      key = Files.readAllBytes(file);
    } catch (IOException e) {
      throw problem("names a " + setting + " " + file + " that cannot be read (" + e.getClass().getSimpleName() + ")");
    }
    if (key.length != KEY_BYTES) {
      throw problem("names a " + setting + " " + file + " that does not hold " + KEY_BYTES + " bytes");
    }
    return key;
  }

  private EvidenceException problem(String what) {
    return new EvidenceException(ErrorCode.CONFIGURATION, path(dataDirectory) + " " + what);
  }

  /** Creates the file owner-only from the start (no moment in which others may read it), then writes it. */
  private static void writeOwnerOnly(Path file, byte[] bytes) throws IOException {
    try {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(file); // not a POSIX file system: the host's own protection applies
    }
    Files.write(file, bytes, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
  }
}
