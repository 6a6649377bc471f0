package io.evidencekit.core.export;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * Writes one BagIt 1.0 bag (RFC 8493) to a {@link BagOutput} (a directory, or a zip streamed to a file or a
 * stream): payload files streamed into {@code data/} and hashed in the same pass, tag files, then
 * {@code bagit.txt}, {@code bag-info.txt}, {@code manifest-sha256.txt} and last
 * {@code tagmanifest-sha256.txt}. Memory is bounded by the copy buffer and one manifest line per file. Not
 * thread-safe: one export, one writer.
 */
public final class BagWriter {
  /** The payload's safe names: letters, digits, '.', '_' and '-' only, never starting with '.'. */
  static final int MAX_NAME = 120;
  private static final int BUFFER = 1 << 20;
  private static final long PROGRESS_STEP = 16L << 20;

  private final BagOutput output;
  private final List<String> manifest = new ArrayList<>();
  private final List<String> tagManifest = new ArrayList<>();
  private final byte[] buffer = new byte[BUFFER];
  private final MessageDigest sha256;
  private final HexFormat hex = HexFormat.of();
  private final LongConsumer progress;
  private long payloadBytes;
  private int payloadFiles;

  /** A payload file written: its path inside the bag ({@code data/...}), size and SHA-256 (hex). */
  public record Written(String path, long size, String sha256) {}

  /** A bag in {@code directory}, which must not exist or be an empty directory. */
  public BagWriter(Path directory) {
    this(new DirectoryOutput(directory), bytes -> { });
  }

  /** A bag written to {@code output}; {@code progress} hears the payload bytes written so far, now and then. */
  public BagWriter(BagOutput output, LongConsumer progress) {
    this.output = output;
    this.progress = progress;
    try {
      this.sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new EvidenceException(ErrorCode.INTERNAL, "every JDK has SHA-256", e);
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
    String path = "data/" + name;
    long size = copy(content, path, false);
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
    copy(new java.io.ByteArrayInputStream(content), path, true);
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
    copy(new java.io.ByteArrayInputStream(tags), "tagmanifest-sha256.txt", true);
    try {
      output.finish();
    } catch (IOException e) {
      throw failed(e);
    }
  }

  /** Where the bag went (see {@link BagOutput#location}). */
  public String location() {
    return output.location();
  }

  public long payloadBytes() {
    return payloadBytes;
  }

  public int payloadFiles() {
    return payloadFiles;
  }

  private long copy(InputStream in, String path, boolean tag) {
    sha256.reset();
    long size = 0;
    long reported = 0;
    try (OutputStream out = output.create(path, tag)) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        sha256.update(buffer, 0, n);
        out.write(buffer, 0, n);
        size += n;
        if (!tag && size - reported >= PROGRESS_STEP) {
          reported = size;
          progress.accept(payloadBytes + size);
        }
      }
    } catch (IOException e) {
      throw failed(e);
    }
    if (!tag) {
      progress.accept(payloadBytes + size);
    }
    return size;
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

  static EvidenceException failed(IOException e) {
    return new EvidenceException(ErrorCode.STORAGE_FAILURE, "the disclosure package could not be written: "
        + e.getClass().getSimpleName(), e);
  }
}
