package io.evidencekit.verify;

import io.evidencekit.spi.CheckpointSigner;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A C2SP signed note (https://c2sp.org/signed-note): UTF-8 text ending in a newline, a blank line,
 * then one or more lines {@code — <key name> <base64(key hash[4] || signature)>}, each ending in a
 * newline. The signature covers the text including its final newline.
 *
 * <p>Parsing accepts exactly one spelling of a note: no control characters but {@code \n} (so no
 * CR), valid UTF-8, canonical base64, no blank or foreign lines among the signatures, at most 100
 * signatures, and a final newline. Anything else is {@code INVALID_INPUT}. Immutable.
 */
public record SignedNote(String text, List<NoteSignature> signatures) {
  static final String SIGNATURE_PREFIX = "\u2014 ";
  private static final int MAX_SIGNATURES = 100;
  private static final int MAX_NOTE_BYTES = 1 << 20;

  public SignedNote {
    checkText(text);
    Objects.requireNonNull(signatures, "signatures");
    if (signatures.isEmpty()) {
      throw Hashes.invalid("a signed note needs at least one signature");
    }
    if (signatures.size() > MAX_SIGNATURES) {
      throw Hashes.invalid("a signed note has at most " + MAX_SIGNATURES + " signatures");
    }
    signatures = List.copyOf(signatures);
  }

  /** Signs {@code text} (which must end in a newline) with each signer in turn. */
  public static SignedNote sign(String text, CheckpointSigner... signers) {
    checkText(text);
    byte[] message = text.getBytes(StandardCharsets.UTF_8);
    List<NoteSignature> signatures = new ArrayList<>();
    for (CheckpointSigner signer : signers) {
      NoteVerifierKey key = NoteVerifierKey.of(signer);
      signatures.add(new NoteSignature(key.name(), key.keyHash(), signer.sign(message)));
    }
    return new SignedNote(text, signatures);
  }

  /** Parses the bytes of a note, which must be UTF-8. */
  public static SignedNote parse(byte[] note) {
    if (note.length > MAX_NOTE_BYTES) {
      throw Hashes.invalid("a signed note is at most " + MAX_NOTE_BYTES + " bytes");
    }
    try {
      return parse(StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(note))
          .toString());
    } catch (CharacterCodingException e) {
      throw Hashes.invalid("a signed note must be UTF-8");
    }
  }

  public static SignedNote parse(String note) {
    Objects.requireNonNull(note, "note");
    checkCharacters(note);
    int split = note.lastIndexOf("\n\n");
    if (split < 0) {
      throw Hashes.invalid("a signed note has a blank line between its text and its signatures; this has none");
    }
    String text = note.substring(0, split + 1);
    String block = note.substring(split + 2);
    if (block.isEmpty()) {
      throw Hashes.invalid("the note has no signatures");
    }
    if (!block.endsWith("\n")) {
      throw Hashes.invalid("the note's last line does not end with a newline");
    }
    List<NoteSignature> signatures = new ArrayList<>();
    for (String line : block.substring(0, block.length() - 1).split("\n", -1)) {
      signatures.add(parseSignature(line));
      if (signatures.size() > MAX_SIGNATURES) {
        throw Hashes.invalid("a signed note has at most " + MAX_SIGNATURES + " signatures");
      }
    }
    return new SignedNote(text, signatures);
  }

  private static NoteSignature parseSignature(String line) {
    if (!line.startsWith(SIGNATURE_PREFIX)) {
      throw Hashes.invalid("a line after the note's blank line is not a signature (\u2014 <name> <base64>)");
    }
    String rest = line.substring(SIGNATURE_PREFIX.length());
    int space = rest.lastIndexOf(' ');
    if (space < 0) {
      throw Hashes.invalid("a signature line reads \u2014 <name> <base64>");
    }
    String name = rest.substring(0, space);
    byte[] payload = StrictBase64.decode(rest.substring(space + 1))
        .orElseThrow(() -> Hashes.invalid("a signature of key " + safe(name) + " is not canonical padded base64"));
    if (payload.length < 5) {
      throw Hashes.invalid("a signature holds a 4-byte key hash and at least one byte of signature");
    }
    byte[] signature = new byte[payload.length - 4];
    System.arraycopy(payload, 4, signature, 0, signature.length);
    return new NoteSignature(name, ByteBuffer.wrap(payload, 0, 4).getInt(), signature);
  }

  /**
   * Whether {@code key} signed this note. Signatures by other keys (witnesses, say) are ignored; the
   * note fails if {@code key} did not sign it or if any signature under {@code key}'s name and hash
   * does not verify.
   */
  public Verification verify(NoteVerifierKey key) {
    byte[] message = text.getBytes(StandardCharsets.UTF_8);
    int good = 0;
    boolean sameNameOtherKey = false;
    for (NoteSignature s : signatures) {
      if (!s.keyName().equals(key.name())) {
        continue;
      }
      if (s.keyHash() != key.keyHash()) {
        sameNameOtherKey = true;
        continue;
      }
      if (!key.verifies(message, s.signature())) {
        return Verification.failed("the signature of key " + key.name() + " does not verify: the note was altered or forged");
      }
      good++;
    }
    if (good > 0) {
      return Verification.ok();
    }
    return Verification.failed("the note is not signed by key " + key.name() + "+" + NoteVerifierKey.hex(key.keyHash())
        + (sameNameOtherKey ? "; it is signed by a different key of the same name" : "")
        + "; signed by: " + signatures.stream().map(s -> s.keyName() + "+" + NoteVerifierKey.hex(s.keyHash())).toList());
  }

  /** The note as text: the text, a blank line, the signature lines. */
  public String encoded() {
    StringBuilder note = new StringBuilder(text).append('\n');
    signatures.forEach(s -> note.append(s.line()).append('\n'));
    return note.toString();
  }

  @Override
  public String toString() {
    return encoded();
  }

  private static void checkText(String text) {
    Objects.requireNonNull(text, "text");
    checkCharacters(text);
    if (text.isEmpty() || !text.endsWith("\n")) {
      throw Hashes.invalid("a note's text must not be empty and must end with a newline");
    }
    if (text.startsWith("\n") || text.contains("\n\n")) {
      throw Hashes.invalid("a note's text must not contain a blank line");
    }
  }

  private static void checkCharacters(String note) {
    for (int i = 0; i < note.length(); i++) {
      char c = note.charAt(i);
      if ((c < 0x20 && c != '\n') || c == 0x7f) {
        throw Hashes.invalid("a signed note must not contain control characters other than newline (found 0x"
            + Integer.toHexString(c) + " at character " + i + ")");
      }
      if (Character.isSurrogate(c)
          && !(Character.isHighSurrogate(c) && i + 1 < note.length() && Character.isLowSurrogate(note.charAt(++i)))) {
        throw Hashes.invalid("a signed note must be valid Unicode");
      }
    }
  }

  /** A name for an error message, cut short: it came from untrusted input. */
  private static String safe(String name) {
    return name.length() > 64 ? name.substring(0, 64) + "..." : name;
  }
}
