package io.evidencekit.api;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The identity a client or protocol already gives one upload (the portal's tus upload id, a form's one-time
 * key), so that sending the same upload again (a retry, or a replay after a crash) finds the item recorded
 * the first time instead of recording it twice. Unique within one submission; chosen by the caller, never
 * by the engine. 1 to 128 characters of letters, digits, {@code -}, {@code _}, {@code .} and {@code :}.
 */
public record UploadKey(String value) {
  public static final int MAX_LENGTH = 128;
  private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9._:-]{1," + MAX_LENGTH + "}");

  public UploadKey {
    Objects.requireNonNull(value, "value");
    if (!SHAPE.matcher(value).matches()) {
      throw Validate.invalid("an upload key is 1 to " + MAX_LENGTH + " letters, digits, '-', '_', '.' or ':'");
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
