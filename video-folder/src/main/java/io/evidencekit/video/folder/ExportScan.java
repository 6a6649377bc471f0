package io.evidencekit.video.folder;

import io.evidencekit.spi.Consultation;
import io.evidencekit.spi.ConsultationId;
import io.evidencekit.spi.Recording;
import io.evidencekit.spi.RecordingState;
import io.evidencekit.spi.RefusedEntry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One look at the export directory: the consultations it can list (oldest end first, then by id), each
 * with its recordings' states decided from the files, and what it refuses. Not thread-safe; made and used
 * under the source's lock.
 */
final class ExportScan {
  static final int MAX_MANIFEST_BYTES = 1 << 20;

  /** A listable consultation and the manifest it came from. */
  record Entry(Manifest manifest, Consultation consultation) {}

  final List<Entry> entries;
  final List<RefusedEntry> refused;

  private ExportScan(List<Entry> entries, List<RefusedEntry> refused) {
    this.entries = entries;
    this.refused = refused;
  }

  Optional<Entry> find(ConsultationId id) {
    return entries.stream().filter(e -> e.consultation().id().equals(id)).findFirst();
  }

  static ExportScan of(ExportLayout layout, ManifestFormat format) throws IOException {
    List<Manifest> manifests = new ArrayList<>();
    List<RefusedEntry> refused = new ArrayList<>();
    for (Path file : manifestFiles(layout.root())) {
      String fileName = file.getFileName().toString();
      String name = fileName.substring(0, fileName.length() - ".json".length());
      if (!FileNames.safe(name)) {
        refused.add(new RefusedEntry(printable(fileName), "the manifest's file name is not a plain name (letters, digits, . _ -)"));
        continue;
      }
      try {
        manifests.add(format.read(name, readCapped(file)));
      } catch (ManifestFormat.Refusal r) {
        refused.add(new RefusedEntry(fileName, r.getMessage()));
      }
    }
    Map<ConsultationId, Integer> counts = new HashMap<>();
    manifests.forEach(m -> counts.merge(m.consultation().id(), 1, Integer::sum));
    List<Entry> entries = new ArrayList<>();
    for (Manifest m : manifests) {
      if (counts.get(m.consultation().id()) > 1) {
        refused.add(new RefusedEntry(m.name() + ".json", "another manifest gives the same consultation id"));
        continue;
      }
      Optional<Entry> entry = checked(layout, m);
      if (entry.isPresent()) {
        entries.add(entry.get());
      } else {
        refused.add(new RefusedEntry(m.name() + ".json", mediaProblem(layout, m)));
      }
    }
    entries.sort(Comparator.comparing((Entry e) -> e.consultation().end()).thenComparing(e -> e.consultation().id().value()));
    return new ExportScan(List.copyOf(entries), List.copyOf(refused));
  }

  /** The consultation with each recording's state, or empty when a media file is missing or has the wrong size. */
  private static Optional<Entry> checked(ExportLayout layout, Manifest m) throws IOException {
    List<Recording> recordings = new ArrayList<>();
    for (Recording r : m.consultation().recordings()) {
      String file = m.file(r.id());
      if (layout.takenAt(m.name(), file).isPresent()) {
        recordings.add(r.withState(RecordingState.DELETED));
      } else if (ExportLayout.regularFile(layout.media(file)) && Files.size(layout.media(file)) == r.size()) {
        recordings.add(r);
      } else {
        return Optional.empty();
      }
    }
    Consultation c = m.consultation();
    return Optional.of(new Entry(m, new Consultation(c.id(), c.callReference(), c.officer(), c.caller(), c.start(),
        c.end(), recordings, c.consent())));
  }

  private static String mediaProblem(ExportLayout layout, Manifest m) throws IOException {
    for (Recording r : m.consultation().recordings()) {
      String file = m.file(r.id());
      Path media = layout.media(file);
      if (layout.takenAt(m.name(), file).isPresent()) {
        continue;
      }
      if (!ExportLayout.regularFile(media)) {
        return "the media file " + file + " of recording " + r.id() + " is missing (or not a regular file)";
      }
      long size = Files.size(media);
      if (size != r.size()) {
        return "the media file " + file + " of recording " + r.id() + " is " + size + " bytes; the manifest says " + r.size();
      }
    }
    return "a media file is missing or has the wrong size";
  }

  private static List<Path> manifestFiles(Path root) throws IOException {
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(root, "*.json")) {
      for (Path p : dir) {
        // Names starting with a dot are a platform's files still being written; they are not manifests yet.
        if (!p.getFileName().toString().startsWith(".") && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          files.add(p);
        }
      }
    }
    files.sort(Comparator.comparing(Path::toString));
    return files;
  }

  private static byte[] readCapped(Path file) throws IOException, ManifestFormat.Refusal {
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      byte[] bytes = in.readNBytes(MAX_MANIFEST_BYTES + 1);
      if (bytes.length > MAX_MANIFEST_BYTES) {
        throw new ManifestFormat.Refusal("the manifest is larger than " + MAX_MANIFEST_BYTES + " bytes");
      }
      return bytes;
    }
  }

  /** A file name as an operator may see it: control characters replaced, cut to a safe length. */
  private static String printable(String name) {
    StringBuilder out = new StringBuilder();
    name.codePoints().limit(200).forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
    return out.toString();
  }
}
