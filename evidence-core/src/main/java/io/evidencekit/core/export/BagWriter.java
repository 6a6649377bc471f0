package io.evidencekit.core.export;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes one BagIt 1.0 directory bag (RFC 8493): payload files streamed into {@code data/} and hashed in
 * the same pass, tag files, then {@code bagit.txt}, {@code bag-info.txt}, {@code manifest-sha256.txt}
 * and last {@code tagmanifest-sha256.txt}. Every file is created new (never overwriting) and forced to
 * disk before the bag is reported finished. Memory is bounded by the copy buffer and one manifest line
 * per file. Not thread-safe: one export, one writer.
 */
public final class BagWriter {
  /** The payload's safe names: letters, digits, '.', '_' and '-' only, never starting with '.'. */
  static final int MAX_NAME = 120;
  private static final int BUFFER = 1 << 20;

  private final Path bag;
  private final List<String> manifest = new ArrayList<>();
  private final List<String> tagManifest = new ArrayList<>();
  private final byte[] buffer = new byte[BUFFER];
  private final MessageDigest sha256;
  private final HexFormat hex = HexFormat.of();
  private long payloadBytes;
  private int payloadFiles;

  /** A payload file written: its path inside the bag ({@code data/...}), size and SHA-256 (hex). */
  public record Written(String path, long size, String sha256) {}

  /** Starts a bag in {@code directory}, which must not exist or be an empty directory. */
  public BagWriter(Path directory) {
    this.bag = directory.toAbsolutePath().normalize();
    try {
      this.sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new EvidenceException(ErrorCode.INTERNAL, "every JDK has SHA-256", e);
    }
    try {
      if (Files.exists(bag, LinkOption.NOFOLLOW_LINKS)) {
        if (!Files.isDirectory(bag, LinkOption.NOFOLLOW_LINKS)) {
          throw new EvidenceException(ErrorCode.INVALID_INPUT, "the export target exists and is not a directory");
        }
        try (Stream<Path> entries = Files.list(bag)) {
          if (entries.findAny().isPresent()) {
            throw new EvidenceException(ErrorCode.INVALID_INPUT, "the export target directory is not empty");
          }
        }
      }
      Files.createDirectories(bag.resolve("data"));
    } catch (IOException e) {
      throw failed(e);
    }
  }

  /** The payload name for the {@code index}-th file (from 1): {@code 001-<safe name>}, unique by its number. */
  public static String safeName(int index, String submittedName) {
    StringBuilder safe = new StringBuilder();
    for (int i = 0; i < submittedName.length() && safe.length() < MAX_NAME; i++) {
      char c = submittedName.charAt(i);
      boolean ok = c < 128 && (Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '-');
      if (!ok) {
        c = '_';
      }
      if ((c == '_' || c == '.') && safe.length() > 0 && safe.charAt(safe.length() - 1) == c) {
        continue;
      }
      safe.append(c);
    }
    while (safe.length() > 0 && (safe.charAt(0) == '.' || safe.charAt(0) == '_')) {
      safe.deleteCharAt(0);
    }
    String name = safe.length() == 0 ? "file" : safe.toString();
    return String.format(Locale.ROOT, "%03d-%s", index, name);
  }

  /**
   * Streams {@code content} into {@code data/<name>} (a {@link #safeName}), hashing it as it goes. The
   * caller closes {@code content}; a stream that verifies itself (the engine's item reader) fails the
   * copy on a mismatch.
   */
  public Written payload(String name, InputStream content) {
    requireSafe(name);
    Path file = bag.resolve("data").resolve(name);
    String path = "data/" + name;
    long size = copy(content, file);
    String digest = hex.formatHex(sha256.digest());
    manifest.add(digest + "  " + path);
    payloadBytes += size;
    payloadFiles++;
    return new Written(path, size, digest);
  }

  /** Writes a tag file at {@code path} (relative, '/'-separated, outside data/) and lists it in the tag manifest. */
  public void tag(String path, byte[] content) {
    if (path.startsWith("data/") || path.contains("..") || path.startsWith("/") || path.contains("\\")) {
      throw new EvidenceException(ErrorCode.INTERNAL, "not a tag file path");
    }
    Path file = bag.resolve(path);
    try {
      Files.createDirectories(file.getParent());
    } catch (IOException e) {
      throw failed(e);
    }
    copy(new java.io.ByteArrayInputStream(content), file);
    tagManifest.add(hex.formatHex(sha256.digest()) + "  " + path);
  }

  /**
   * Writes {@code bagit.txt}, {@code bag-info.txt} ({@code info} in order, then Bagging-Date,
   * Payload-Oxum and Bag-Size), the payload manifest and the tag manifest. {@code info} values are one
   * line each.
   */
  public void finish(Map<String, String> info, LocalDate date) {
    tag("bagit.txt", "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n".getBytes(StandardCharsets.UTF_8));
    Map<String, String> all = new LinkedHashMap<>(info);
    all.put("Bagging-Date", date.toString());
    all.put("Payload-Oxum", payloadBytes + "." + payloadFiles);
    all.put("Bag-Size", humanSize(payloadBytes));
    StringBuilder text = new StringBuilder();
    all.forEach((label, value) -> text.append(label).append(": ").append(oneLine(value)).append('\n'));
    tag("bag-info.txt", text.toString().getBytes(StandardCharsets.UTF_8));
    tag("manifest-sha256.txt", lines(manifest));
    // The tag manifest lists every tag file but itself, and is written last.
    byte[] tags = lines(tagManifest);
    copy(new java.io.ByteArrayInputStream(tags), bag.resolve("tagmanifest-sha256.txt"));
    force(bag.resolve("data"));
    force(bag);
  }

  public long payloadBytes() {
    return payloadBytes;
  }

  public int payloadFiles() {
    return payloadFiles;
  }

  private long copy(InputStream in, Path file) {
    sha256.reset();
    long size = 0;
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
         OutputStream out = java.nio.channels.Channels.newOutputStream(channel)) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        sha256.update(buffer, 0, n);
        out.write(buffer, 0, n);
        size += n;
      }
      channel.force(true);
    } catch (IOException e) {
      throw failed(e);
    }
    return size;
  }

  private static void force(Path directory) {
    try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException e) {
      // Some file systems cannot open a directory for fsync; the files themselves were forced.
    }
  }

  private static byte[] lines(List<String> lines) {
    StringBuilder text = new StringBuilder();
    lines.forEach(line -> text.append(line).append('\n'));
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String oneLine(String value) {
    return value.replaceAll("\\p{Cntrl}", " ").strip();
  }

  private static void requireSafe(String name) {
    if (!name.matches("[0-9]{3,}-[A-Za-z0-9._-]{1," + MAX_NAME + "}") || name.contains("..")) {
      throw new EvidenceException(ErrorCode.INTERNAL, "not a safe payload name");
    }
  }

  static String humanSize(long bytes) {
    String[] units = {"bytes", "KB", "MB", "GB", "TB"};
    double value = bytes;
    int unit = 0;
    while (value >= 1000 && unit < units.length - 1) {
      value /= 1000;
      unit++;
    }
    return unit == 0 ? bytes + " bytes" : String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }

  private static EvidenceException failed(IOException e) {
    return new EvidenceException(ErrorCode.STORAGE_FAILURE, "the disclosure package could not be written: "
        + e.getClass().getSimpleName(), e);
  }
}
