package io.evidencekit.verify;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Checks a disclosure package (a BagIt 1.0 directory bag as evidencekit exports it) offline, from the
 * force's published key alone:
 *
 * <ol>
 *   <li>the bag's shape: {@code bagit.txt} says BagIt 1.0 in UTF-8; no symbolic links; every manifest
 *       path relative, inside the bag, without {@code ..}, listed once;
 *   <li>every file in {@code manifest-sha256.txt} and {@code tagmanifest-sha256.txt} is there with that
 *       SHA-256; no file is there that no manifest lists; {@code Payload-Oxum} matches the payload;
 *   <li>the signed checkpoint ({@code custody/checkpoint}) verifies under the trusted key;
 *   <li>every event in {@code custody/events.jsonl}: its leaf recomputed from its whole body and proved
 *       against the checkpoint by its proof ({@code custody/proofs/<seq>.json}); events in log order; no
 *       proof without its event (an event dropped);
 *   <li>every payload file's size and SHA-256 are those an {@code ITEM_RECEIVED} event recorded at
 *       receipt, so the bytes are tied to the signed log and not only to manifests anyone could rewrite;
 *   <li>every earlier checkpoint in {@code custody/earlier/} verifies under the trusted key and is
 *       consistent with the bag's checkpoint by its proof in {@code custody/consistency/}.
 * </ol>
 *
 * <p>A zipped bag (one top-level directory in a {@code .zip}) is read in place with the JDK's zip file
 * system, under the same rules.
 *
 * <p>A bag that cannot be read safely (not a directory, not BagIt 1.0, a symbolic link, an absolute or
 * {@code ..} path, a duplicate or malformed manifest line, more than the limits allow) is refused with
 * {@code INVALID_INPUT} and nothing further is read; nothing outside the bag is ever opened, and nothing
 * is written. Memory is bounded: files are hashed as streams, lines are read with a length limit, and
 * the number of files and events is limited. Immutable and thread-safe; each {@link #verify} reads on
 * its caller's thread.
 */
public final class BagVerifier {
  /** The most files (payload and tag) a bag may hold. */
  public static final int MAX_FILES = 1_000_000;
  /** The longest manifest, bag-info or events line read. */
  public static final int MAX_LINE = 1 << 20;
  /** The largest tag file read whole (bagit.txt, bag-info.txt, a proof, the checkpoint). */
  private static final int MAX_SMALL_FILE = 1 << 20;
  private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]{64}");
  private static final Pattern PROOF_NAME = Pattern.compile("custody/proofs/(0|[1-9][0-9]{0,15})\\.json");
  private static final Pattern EARLIER_NAME = Pattern.compile("custody/earlier/([1-9][0-9]{0,15})\\.checkpoint");
  private static final Pattern CONSISTENCY_NAME = Pattern.compile("custody/consistency/([1-9][0-9]{0,15})\\.json");
  private static final String PAYLOAD_MANIFEST = "manifest-sha256.txt";
  private static final String TAG_MANIFEST = "tagmanifest-sha256.txt";

  private final OfflineVerifier verifier;

  public BagVerifier(OfflineVerifier verifier) {
    this.verifier = Objects.requireNonNull(verifier, "verifier");
  }

  /**
   * Checks the bag in directory {@code bag}, or in the zip file {@code bag} (a name ending in ".zip"),
   * which must hold the bag under one top-level directory; the zip is read in place, nothing is extracted.
   */
  public BagReport verify(Path bag) {
    if (Files.isRegularFile(bag) && bag.getFileName() != null
        && bag.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".zip")) {
      return verifyZip(bag);
    }
    return verifyDirectory(bag);
  }

  private BagReport verifyZip(Path zip) {
    try (java.nio.file.FileSystem fs = java.nio.file.FileSystems.newFileSystem(zip, Map.of())) {
      Path top = fs.getPath("/");
      List<Path> entries;
      try (java.util.stream.Stream<Path> list = Files.list(top)) {
        entries = list.limit(2).toList();
      }
      if (entries.size() != 1 || !Files.isDirectory(entries.get(0))) {
        throw refused("the zip " + zip.getFileName() + " does not hold one bag under one top-level directory");
      }
      return verifyDirectory(entries.get(0));
    } catch (IOException | java.util.zip.ZipError | java.nio.file.ProviderNotFoundException e) {
      throw refused("the zip " + zip.getFileName() + " cannot be read: " + e.getClass().getSimpleName());
    }
  }

  private BagReport verifyDirectory(Path bag) {
    Path root;
    try {
      root = bag.toRealPath();
    } catch (IOException e) {
      throw refused("the bag " + bag + " cannot be read: " + e.getClass().getSimpleName());
    }
    if (!Files.isDirectory(root)) {
      throw refused("the bag " + bag + " is not a directory (only directory bags are read)");
    }
    List<String> checked = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    Set<String> present = walk(root);
    checkDeclaration(root, present);
    checked.add("bagit.txt declares BagIt 1.0, UTF-8; no symbolic links; " + present.size() + " files");
    for (String name : present) {
      if (name.indexOf('/') < 0 && (name.startsWith("manifest-") || name.startsWith("tagmanifest-"))
          && !name.equals(PAYLOAD_MANIFEST) && !name.equals(TAG_MANIFEST)) {
        throw refused(name + ": only SHA-256 manifests are read; this bag has another algorithm's");
      }
    }
    if (!present.contains(PAYLOAD_MANIFEST)) {
      throw refused("the bag has no " + PAYLOAD_MANIFEST);
    }
    Map<String, String> payload = manifest(root, PAYLOAD_MANIFEST, true);
    Map<String, String> tags = present.contains(TAG_MANIFEST) ? manifest(root, TAG_MANIFEST, false) : Map.of();
    if (tags.isEmpty()) {
      problems.add("the bag has no " + TAG_MANIFEST + ": its custody files and bag-info.txt are not covered by any hash");
    }
    MessageDigest sha256 = sha256();
    long[] oxum = new long[2];
    Map<String, String> actualPayload = new HashMap<>();
    for (Map.Entry<String, String> e : payload.entrySet()) {
      checkFile(root, e.getKey(), e.getValue(), present, sha256, problems, oxum, actualPayload);
    }
    for (Map.Entry<String, String> e : tags.entrySet()) {
      checkFile(root, e.getKey(), e.getValue(), present, sha256, problems, new long[2], new HashMap<>());
    }
    for (String name : present) {
      if (!payload.containsKey(name) && !tags.containsKey(name) && !name.equals(TAG_MANIFEST)) {
        problems.add(name + ": a file no manifest lists (added to the bag)");
      }
    }
    checked.add("every file listed in " + PAYLOAD_MANIFEST + " (" + payload.size() + ") and " + TAG_MANIFEST + " ("
        + tags.size() + ") was read and hashed");
    checkOxum(root, present, oxum, problems, checked);
    custody(root, present, actualPayload, problems, checked);
    return new BagReport(checked, problems);
  }

  // --- the bag's shape -------------------------------------------------------------------------------

  /** Every regular file, by its '/'-separated path relative to the bag; any link or special file refuses the bag. */
  private static Set<String> walk(Path root) {
    Set<String> files = new TreeSet<>();
    try {
      Files.walkFileTree(root, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
          if (attrs.isSymbolicLink()) {
            throw refused("a symbolic link inside the bag: " + relative(root, dir));
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
          String name = relative(root, file);
          if (attrs.isSymbolicLink()) {
            throw refused("a symbolic link inside the bag: " + name);
          }
          if (!attrs.isRegularFile()) {
            throw refused("not a regular file inside the bag: " + name);
          }
          if (files.size() >= MAX_FILES) {
            throw refused("the bag holds more than " + MAX_FILES + " files");
          }
          files.add(name);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
          throw refused("cannot read " + relative(root, file) + " in the bag: " + e.getClass().getSimpleName());
        }
      });
    } catch (IOException e) {
      throw refused("the bag cannot be listed: " + e.getClass().getSimpleName());
    }
    return files;
  }

  private static String relative(Path root, Path file) {
    return root.relativize(file).toString().replace(java.io.File.separatorChar, '/');
  }

  private static void checkDeclaration(Path root, Set<String> present) {
    if (!present.contains("bagit.txt")) {
      throw refused("not a BagIt bag: there is no bagit.txt");
    }
    Map<String, String> labels = labels(root, "bagit.txt");
    if (!"1.0".equals(labels.get("BagIt-Version"))) {
      throw refused("bagit.txt: only BagIt 1.0 bags are read (this says " + printable(labels.get("BagIt-Version")) + ")");
    }
    if (!"UTF-8".equalsIgnoreCase(labels.getOrDefault("Tag-File-Character-Encoding", ""))) {
      throw refused("bagit.txt: tag files must be UTF-8");
    }
  }

  /** The {@code Label: value} lines of a small tag file; a label given twice keeps its first value. */
  private static Map<String, String> labels(Path root, String name) {
    Map<String, String> labels = new LinkedHashMap<>();
    for (String line : lines(root, name)) {
      int colon = line.indexOf(':');
      if (colon <= 0) {
        if (!line.isBlank() && (line.startsWith(" ") || line.startsWith("\t"))) {
          continue; // a continuation line (RFC 8493 section 2.2.2)
        }
        throw refused(name + ": a line is not 'Label: value'");
      }
      labels.putIfAbsent(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
    }
    return labels;
  }

  private static List<String> lines(Path root, String name) {
    List<String> lines = new ArrayList<>();
    try (LineReader reader = new LineReader(open(root, name), name)) {
      for (String line = reader.next(); line != null; line = reader.next()) {
        lines.add(line);
        if (lines.size() > 10_000) {
          throw refused(name + ": more than 10000 lines");
        }
      }
    } catch (IOException e) {
      throw refused(name + " cannot be read: " + e.getClass().getSimpleName());
    }
    return lines;
  }

  /** A manifest: path to lower-case hex SHA-256. Malformed lines, duplicates and unsafe paths refuse the bag. */
  private static Map<String, String> manifest(Path root, String name, boolean payload) {
    Map<String, String> entries = new TreeMap<>();
    try (LineReader reader = new LineReader(open(root, name), name)) {
      int number = 0;
      for (String line = reader.next(); line != null; line = reader.next()) {
        number++;
        if (line.isEmpty()) {
          continue;
        }
        int gap = 0;
        while (gap < line.length() && line.charAt(gap) != ' ' && line.charAt(gap) != '\t') {
          gap++;
        }
        String hash = line.substring(0, gap);
        int start = gap;
        while (start < line.length() && (line.charAt(start) == ' ' || line.charAt(start) == '\t')) {
          start++;
        }
        if (!HEX.matcher(hash).matches() || start == gap || start == line.length()) {
          throw refused(name + " line " + number + ": not '<64 hex digits> <path>'");
        }
        String path = safePath(decode(line.substring(start), name, number), name, number);
        if (payload != path.startsWith("data/")) {
          throw refused(name + " line " + number + ": " + (payload ? "a payload path must be under data/"
              : "a tag manifest must not list payload files"));
        }
        if (path.equals(TAG_MANIFEST)) {
          throw refused(name + " line " + number + ": the tag manifest cannot list itself");
        }
        if (entries.put(path, hash.toLowerCase(java.util.Locale.ROOT)) != null) {
          throw refused(name + " line " + number + ": " + path + " is listed twice");
        }
        if (entries.size() > MAX_FILES) {
          throw refused(name + ": more than " + MAX_FILES + " entries");
        }
      }
    } catch (IOException e) {
      throw refused(name + " cannot be read: " + e.getClass().getSimpleName());
    }
    return entries;
  }

  /** RFC 8493 section 2.1.3: CR, LF and '%' in a manifest path are percent-encoded; nothing else is decoded. */
  private static String decode(String path, String name, int number) {
    if (path.indexOf('%') < 0) {
      return path;
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '%') {
        String code = i + 3 <= path.length() ? path.substring(i, i + 3).toUpperCase(java.util.Locale.ROOT) : "";
        switch (code) {
          case "%0A" -> out.append('\n');
          case "%0D" -> out.append('\r');
          case "%25" -> out.append('%');
          default -> throw refused(name + " line " + number + ": a '%' that is not %0A, %0D or %25");
        }
        i += 2;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static String safePath(String path, String name, int number) {
    if (path.startsWith("/") || path.startsWith("\\") || (path.length() > 1 && path.charAt(1) == ':')) {
      throw refused(name + " line " + number + ": an absolute path");
    }
    if (path.indexOf('\\') >= 0) {
      throw refused(name + " line " + number + ": a backslash in a path");
    }
    for (String segment : path.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw refused(name + " line " + number + ": a path with an empty, '.' or '..' segment");
      }
    }
    for (int i = 0; i < path.length(); i++) {
      if (Character.isISOControl(path.charAt(i))) {
        throw refused(name + " line " + number + ": a control character in a path");
      }
    }
    return path;
  }

  private static void checkFile(Path root, String path, String expected, Set<String> present, MessageDigest sha256,
      List<String> problems, long[] oxum, Map<String, String> actual) {
    if (!present.contains(path)) {
      problems.add(path + ": listed in a manifest but missing from the bag");
      return;
    }
    sha256.reset();
    long size = 0;
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = open(root, path)) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        sha256.update(buffer, 0, n);
        size += n;
      }
    } catch (IOException e) {
      problems.add(path + ": cannot be read (" + e.getClass().getSimpleName() + ")");
      return;
    }
    String hash = HexFormat.of().formatHex(sha256.digest());
    oxum[0] += size;
    oxum[1]++;
    actual.put(path, hash + ":" + size);
    if (!hash.equals(expected)) {
      problems.add(path + ": its SHA-256 is " + hash + ", the manifest says " + expected + " (the file was changed)");
    }
  }

  private static void checkOxum(Path root, Set<String> present, long[] oxum, List<String> problems, List<String> checked) {
    if (!present.contains("bag-info.txt")) {
      problems.add("bag-info.txt is missing");
      return;
    }
    String declared = labels(root, "bag-info.txt").get("Payload-Oxum");
    String counted = oxum[0] + "." + oxum[1];
    if (declared == null) {
      problems.add("bag-info.txt has no Payload-Oxum");
    } else if (!declared.equals(counted)) {
      problems.add("bag-info.txt: Payload-Oxum is " + printable(declared) + ", the payload is " + counted + " (bytes.files)");
    } else {
      checked.add("Payload-Oxum " + counted + " matches the payload");
    }
  }

  // --- custody -----------------------------------------------------------------------------------------

  private void custody(Path root, Set<String> present, Map<String, String> payload, List<String> problems,
      List<String> checked) {
    for (String required : List.of("custody/checkpoint", "custody/events.jsonl")) {
      if (!present.contains(required)) {
        problems.add(required + " is missing: the custody record cannot be checked");
        return;
      }
    }
    CheckpointResult result = verifier.verifyCheckpoint(small(root, "custody/checkpoint"));
    if (!result.valid()) {
      problems.add("custody/checkpoint: " + result.reason());
      return;
    }
    VerifiedCheckpoint checkpoint = result.orThrow();
    checked.add("custody/checkpoint: the log " + checkpoint.origin() + " at size " + checkpoint.size()
        + ", signed by the trusted key " + verifier.trustedKey().name());
    Set<Long> proved = new HashSet<>();
    Map<String, Long> received = new HashMap<>(); // "sha256:size" of ITEM_RECEIVED events -> seq
    long previous = -1;
    int events = 0;
    try (LineReader reader = new LineReader(open(root, "custody/events.jsonl"), "custody/events.jsonl")) {
      int number = 0;
      for (String line = reader.next(); line != null; line = reader.next()) {
        number++;
        CustodyBody body;
        try {
          body = CustodyBody.parse(line.getBytes(StandardCharsets.UTF_8));
        } catch (EvidenceException e) {
          problems.add("custody/events.jsonl line " + number + ": not an event body (" + e.getMessage() + ")");
          continue;
        }
        events++;
        long seq = body.leaf().sequence();
        if (seq <= previous) {
          problems.add("custody/events.jsonl line " + number + ": event " + seq + " is out of log order (after " + previous
              + "): events were reordered or repeated");
        }
        previous = Math.max(previous, seq);
        String proofPath = "custody/proofs/" + seq + ".json";
        if (!present.contains(proofPath)) {
          problems.add("event " + seq + ": its proof " + proofPath + " is missing");
          continue;
        }
        InclusionProof proof;
        try {
          proof = ProofJson.readInclusion(new String(small(root, proofPath), StandardCharsets.UTF_8));
        } catch (EvidenceException e) {
          problems.add(proofPath + ": malformed (" + e.getMessage() + ")");
          continue;
        }
        ProofResult inclusion = verifier.verifyInclusion(checkpoint, body.leaf(), proof);
        if (!inclusion.valid()) {
          problems.add("event " + seq + " (" + body.leaf().action() + "): " + inclusion.reason());
          continue;
        }
        proved.add(seq);
        if (body.leaf().action().equals("ITEM_RECEIVED")) {
          Optional<String> sha = body.detail("sha256");
          Optional<String> size = body.detail("size");
          if (sha.isPresent() && size.isPresent()) {
            received.put(sha.get() + ":" + size.get(), seq);
          }
        }
      }
    } catch (IOException e) {
      problems.add("custody/events.jsonl cannot be read (" + e.getClass().getSimpleName() + ")");
      return;
    }
    for (String name : present) {
      var m = PROOF_NAME.matcher(name);
      if (m.matches() && !proved.contains(Long.parseLong(m.group(1)))) {
        problems.add("event " + m.group(1) + ": the bag holds its proof but not a proved event (dropped or edited)");
      }
    }
    checked.add(proved.size() + " of " + events + " custody events: each leaf recomputed from the whole event body and "
        + "proved against the signed checkpoint");
    int tied = 0;
    for (Map.Entry<String, String> file : payload.entrySet()) {
      if (received.containsKey(file.getValue())) {
        tied++;
      } else {
        problems.add(file.getKey() + ": no proved ITEM_RECEIVED event records its SHA-256 and size: these are not the "
            + "bytes the force received");
      }
    }
    checked.add(tied + " payload files: size and SHA-256 are those recorded at receipt in a proved custody event");
    earlier(root, present, checkpoint, problems, checked);
  }

  /**
   * Each earlier checkpoint the bag carries ({@code custody/earlier/<size>.checkpoint}) verifies under the
   * trusted key and is consistent with the bag's checkpoint by its proof ({@code custody/consistency/<size>.json}):
   * a recipient holding any of them knows the log was only appended to since.
   */
  private void earlier(Path root, Set<String> present, VerifiedCheckpoint checkpoint, List<String> problems,
      List<String> checked) {
    int consistent = 0;
    for (String name : present) {
      var m = EARLIER_NAME.matcher(name);
      if (!m.matches()) {
        continue;
      }
      String size = m.group(1);
      String proofPath = "custody/consistency/" + size + ".json";
      if (!present.contains(proofPath)) {
        problems.add(name + ": an earlier checkpoint without its consistency proof " + proofPath);
        continue;
      }
      CheckpointResult old = verifier.verifyCheckpoint(small(root, name));
      if (!old.valid()) {
        problems.add(name + ": " + old.reason());
        continue;
      }
      if (!Long.toString(old.orThrow().size()).equals(size)) {
        problems.add(name + ": the checkpoint is for size " + old.orThrow().size() + ", not " + size);
        continue;
      }
      ProofResult result;
      try {
        result = verifier.verifyConsistency(old.orThrow(), checkpoint,
            ProofJson.readConsistency(new String(small(root, proofPath), StandardCharsets.UTF_8)));
      } catch (EvidenceException e) {
        problems.add(proofPath + ": malformed (" + e.getMessage() + ")");
        continue;
      }
      if (result.valid()) {
        consistent++;
      } else {
        problems.add(proofPath + ": " + result.reason());
      }
    }
    for (String name : present) {
      var m = CONSISTENCY_NAME.matcher(name);
      if (m.matches() && !present.contains("custody/earlier/" + m.group(1) + ".checkpoint")) {
        problems.add(name + ": a consistency proof without its earlier checkpoint");
      }
    }
    if (consistent > 0) {
      checked.add(consistent + " earlier checkpoints signed by the trusted key, each consistent with the bag's checkpoint");
    }
  }

  // --- reading -------------------------------------------------------------------------------------------

  /** Opens a file the walk found, never following a link; {@code path} was checked to stay inside the bag. */
  private static InputStream open(Path root, String path) throws IOException {
    Path file = root.resolve(path).normalize();
    if (!file.startsWith(root)) {
      throw refused(path + " is outside the bag");
    }
    // A zip's file system has no links and refuses the option; on disk a link is never followed.
    InputStream in = file.getFileSystem() == java.nio.file.FileSystems.getDefault()
        ? Files.newInputStream(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)
        : Files.newInputStream(file, StandardOpenOption.READ);
    return new BufferedInputStream(in, 1 << 16);
  }

  private static byte[] small(Path root, String path) {
    try (InputStream in = open(root, path)) {
      byte[] bytes = in.readNBytes(MAX_SMALL_FILE + 1);
      if (bytes.length > MAX_SMALL_FILE) {
        throw refused(path + " is larger than " + MAX_SMALL_FILE + " bytes");
      }
      return bytes;
    } catch (IOException e) {
      throw refused(path + " cannot be read: " + e.getClass().getSimpleName());
    }
  }

  /** Lines ending in LF, CRLF or CR, UTF-8, each at most {@link #MAX_LINE} bytes. Not thread-safe. */
  private static final class LineReader implements AutoCloseable {
    private final InputStream in;
    private final String name;
    private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
    private int pending = -2;

    LineReader(InputStream in, String name) {
      this.in = in;
      this.name = name;
    }

    @Nullable String next() throws IOException {
      line.reset();
      int c = pending != -2 ? pending : in.read();
      pending = -2;
      if (c < 0) {
        return null;
      }
      while (c >= 0 && c != '\n' && c != '\r') {
        line.write(c);
        if (line.size() > MAX_LINE) {
          throw refused(name + ": a line longer than " + MAX_LINE + " bytes");
        }
        c = in.read();
      }
      if (c == '\r') {
        int after = in.read();
        if (after != '\n') {
          pending = after;
        }
      }
      try {
        return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(line.toByteArray())).toString();
      } catch (java.nio.charset.CharacterCodingException e) {
        throw refused(name + ": not UTF-8");
      }
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new EvidenceException(ErrorCode.INTERNAL, "every JDK has SHA-256", e);
    }
  }

  private static String printable(@Nullable String s) {
    if (s == null) {
      return "nothing";
    }
    String cut = s.length() > 40 ? s.substring(0, 40) + "..." : s;
    return "'" + cut.replaceAll("\\p{Cntrl}", "?") + "'";
  }

  private static EvidenceException refused(String message) {
    return new EvidenceException(ErrorCode.INVALID_INPUT, message);
  }
}
