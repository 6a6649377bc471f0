package io.evidencekit.video.folder;

import java.util.regex.Pattern;

/**
 * The only file names a manifest may give for its media: one plain name in the export directory itself.
 * Anything else (a separator, {@code ..}, a leading dot, odd characters that normalisation could turn
 * into a path) is refused, so a manifest can never make the source read or move a file elsewhere.
 */
final class FileNames {
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");

  private FileNames() {}

  static boolean safe(String name) {
    return SAFE.matcher(name).matches() && !name.contains("..") && !name.endsWith(".json")
        && !name.endsWith(ExportLayout.DELETED_SUFFIX);
  }
}
