package io.evidencekit.scan.clamav;

import static java.nio.charset.StandardCharsets.US_ASCII;

import io.evidencekit.tck.blob.SyntheticContent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A signature database the tests write themselves (no signatures can be downloaded here), and the
 * samples it detects: a generated binary matched by its SHA-256 ({@code .hsb}) and a text matched by
 * a byte pattern in its body ({@code .ndb}).
 */
final class TestSignatures {
  static final String BINARY_SIGNATURE = "EvidenceKit.Test.Binary";
  static final String TEXT_SIGNATURE = "EvidenceKit.Test.Text";
  private static final String MARKER = "EVIDENCEKIT-TEST-BODY-SIGNATURE-7f3a";

  /** Detected by its hash. */
  static final byte[] DETECTED_BINARY = new SyntheticContent(2024).bytes(0, 100_000);
  /** Detected by the marker in its body. */
  static final byte[] DETECTED_TEXT = ("Statement of witness.\nThe file attached carries " + MARKER
      + " in the middle of ordinary words.\n").getBytes(US_ASCII);
  static final byte[] CLEAN_BINARY = new SyntheticContent(2025).bytes(0, 100_000);
  static final byte[] CLEAN_TEXT = "Statement of witness.\nI saw a grey van at 02:10.\n".getBytes(US_ASCII);

  private TestSignatures() {}

  /** Writes the database into {@code dir}: one hash signature and one body signature. */
  static void writeDatabase(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("evidencekit.hsb"),
        sha256Hex(DETECTED_BINARY) + ":" + DETECTED_BINARY.length + ":" + BINARY_SIGNATURE + "\n", US_ASCII);
    Files.writeString(dir.resolve("evidencekit.ndb"),
        TEXT_SIGNATURE + ":0:*:" + HexFormat.of().formatHex(MARKER.getBytes(US_ASCII)) + "\n", US_ASCII);
  }

  /** A zip holding {@code content} stored (uncompressed), marked encrypted when {@code encrypted}. */
  static byte[] zip(byte[] content, boolean encrypted) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      ZipEntry entry = new ZipEntry("statement.txt");
      entry.setMethod(ZipEntry.STORED);
      entry.setSize(content.length);
      CRC32 crc = new CRC32();
      crc.update(content);
      entry.setCrc(crc.getValue());
      zip.putNextEntry(entry);
      zip.write(content);
      zip.closeEntry();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    byte[] bytes = out.toByteArray();
    if (encrypted) {
      // The JDK cannot encrypt a zip; clamd's AlertEncrypted looks at the "encrypted" flag (bit 0 of
      // the general purpose flags) in the local and central headers, so setting it is enough.
      setFlag(bytes, new byte[] {'P', 'K', 3, 4}, 6);
      setFlag(bytes, new byte[] {'P', 'K', 1, 2}, 8);
    }
    return bytes;
  }

  private static void setFlag(byte[] zip, byte[] header, int flagOffset) {
    for (int i = 0; i + header.length <= zip.length; i++) {
      if (zip[i] == header[0] && zip[i + 1] == header[1] && zip[i + 2] == header[2] && zip[i + 3] == header[3]) {
        zip[i + flagOffset] |= 1;
        return;
      }
    }
    throw new IllegalStateException("no zip header found");
  }

  private static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
