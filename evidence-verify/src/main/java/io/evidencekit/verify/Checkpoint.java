package io.evidencekit.verify;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.spi.CheckpointSigner;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A signed tree head in the C2SP tlog-checkpoint form (https://c2sp.org/tlog-checkpoint): the note
 * text {@code <origin>\n<tree size>\n<base64 root hash>\n}, optionally followed by non-empty
 * extension lines, which the format allows and evidencekit itself never writes. The size is plain
 * decimal without leading zeros; the root is canonical padded base64 of 32 bytes. Immutable.
 */
public record Checkpoint(String origin, long size, byte[] root, List<String> extensions) {
  private static final Pattern DECIMAL = Pattern.compile("0|[1-9][0-9]{0,18}");

  public Checkpoint {
    requireOrigin(origin);
    Hashes.requireNonNegative(size, "checkpoint size");
    root = Hashes.requireHash(root, "checkpoint root").clone();
    extensions = List.copyOf(extensions);
    for (String line : extensions) {
      if (line.isEmpty() || line.indexOf('\n') >= 0) {
        throw Hashes.invalid("a checkpoint extension is one non-empty line");
      }
    }
  }

  /**
   * C2SP tlog-checkpoint: the origin SHOULD be a schema-less URL without spaces or '+', but clients MUST
   * NOT assume it is (sum.golang.org's is {@code go.sum database tree}). So any non-empty line of text is
   * accepted; only what would break the note's line structure is refused.
   */
  private static void requireOrigin(String origin) {
    Objects.requireNonNull(origin, "origin");
    if (origin.isEmpty()) {
      throw Hashes.invalid("a checkpoint's origin line must not be empty");
    }
    for (int i = 0; i < origin.length(); i++) {
      if (Character.isISOControl(origin.charAt(i))) {
        throw Hashes.invalid("a checkpoint's origin line must not contain control characters");
      }
    }
  }

  public Checkpoint(String origin, long size, byte[] root) {
    this(origin, size, root, List.of());
  }

  /** The note text. */
  public String text() {
    StringBuilder text = new StringBuilder()
        .append(origin).append('\n')
        .append(size).append('\n')
        .append(StrictBase64.encode(root)).append('\n');
    extensions.forEach(line -> text.append(line).append('\n'));
    return text.toString();
  }

  /** Parses checkpoint text (the text of a signed note, with its final newline). */
  public static Checkpoint parse(String text) {
    Objects.requireNonNull(text, "text");
    if (!text.endsWith("\n")) {
      throw Hashes.invalid("a checkpoint's last line must end with a newline");
    }
    String[] lines = text.substring(0, text.length() - 1).split("\n", -1);
    if (lines.length < 3) {
      throw Hashes.invalid("a checkpoint has at least three lines: origin, tree size, root hash (found " + lines.length + ")");
    }
    if (!DECIMAL.matcher(lines[1]).matches()) {
      throw Hashes.invalid("a checkpoint's tree size is a decimal number without sign or leading zeros");
    }
    long size;
    try {
      size = Long.parseLong(lines[1]);
    } catch (NumberFormatException e) {
      throw Hashes.invalid("a checkpoint's tree size is at most " + Long.MAX_VALUE);
    }
    byte[] root = StrictBase64.decode(lines[2])
        .orElseThrow(() -> Hashes.invalid("a checkpoint's root hash is not canonical padded base64"));
    if (root.length != Rfc6962.HASH_SIZE) {
      throw Hashes.invalid("a checkpoint's root hash is " + Rfc6962.HASH_SIZE + " bytes (was " + root.length + ")");
    }
    return new Checkpoint(lines[0], size, root, new ArrayList<>(Arrays.asList(lines).subList(3, lines.length)));
  }

  /** This checkpoint as a signed note: text, blank line, one signature line per signer. */
  public SignedNote sign(CheckpointSigner... signers) {
    return SignedNote.sign(text(), signers);
  }

  /**
   * Reads a signed checkpoint and checks it was signed by {@code key}. Throws {@code INVALID_INPUT}
   * if the note or the checkpoint is malformed, {@code INTEGRITY_FAILURE} if the signature does not
   * verify or {@code key} did not sign it.
   */
  public static Checkpoint verify(byte[] signedNote, NoteVerifierKey key) {
    SignedNote note = SignedNote.parse(signedNote);
    Checkpoint checkpoint = parse(note.text());
    Verification verification = note.verify(key);
    if (!verification.valid()) {
      throw new EvidenceException(ErrorCode.INTEGRITY_FAILURE, verification.reason());
    }
    return checkpoint;
  }

  @Override
  public byte[] root() {
    return root.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Checkpoint c && c.origin.equals(origin) && c.size == size && Arrays.equals(c.root, root)
        && c.extensions.equals(extensions);
  }

  @Override
  public int hashCode() {
    return origin.hashCode() * 31 + Long.hashCode(size) + Arrays.hashCode(root);
  }

  @Override
  public String toString() {
    return "Checkpoint[" + text().replace("\n", " | ") + "]";
  }
}
