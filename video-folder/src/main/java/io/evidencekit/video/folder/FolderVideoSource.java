package io.evidencekit.video.folder;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.spi.Consultation;
import io.evidencekit.spi.ConsultationId;
import io.evidencekit.spi.ConsultationPage;
import io.evidencekit.spi.DeletionReceipt;
import io.evidencekit.spi.Recording;
import io.evidencekit.spi.RecordingId;
import io.evidencekit.spi.RecordingState;
import io.evidencekit.spi.VideoCursor;
import io.evidencekit.spi.VideoSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@link VideoSource} over a platform's bulk export directory: one manifest {@code NAME.json} (format
 * {@code evidencekit-video-export/1}) per consultation, beside its media files, all at the top of the
 * directory. "Deleting" a recording moves its media file into {@code done/NAME/}, with a marker saying
 * when; the manifest follows once every recording of it is taken. The engine asks for that only after it
 * verified its stored copy, so nothing leaves the export unverified.
 *
 * <p>Refused, listed in {@link ConsultationPage#refused()} on every listing until fixed, and never
 * imported: a manifest that is not valid JSON or misses a field; a media file name that is not a plain
 * name in the directory (no separators, no {@code ..}, no leading dot); a media file that is missing, a
 * symbolic link, or not the size the manifest gives; two manifests with the same consultation id.
 * Manifests whose name starts with a dot are ignored (a platform writes them under a dot name and
 * renames them when complete).
 *
 * <p>Order and cursor: consultations are listed by end time, then id; the cursor holds the last one's
 * end and id. A consultation that arrives in the export after a later-ending one has been listed is
 * therefore not listed from that cursor: an export must add consultations in the order they end (a
 * platform's nightly export does). Every call reads the manifests again, which is fine for an export of
 * thousands; it is not a database.
 *
 * <p>Thread-safe: calls are serialised on the source. One source per export directory at a time: two
 * processes taking the same recordings could both move files. The caller closes the streams it opens;
 * {@link #close()} is idempotent, and afterwards every call is {@code CLOSED}.
 */
public final class FolderVideoSource implements VideoSource {
  private static final String START_CURSOR = "folder1:start";
  private static final Pattern CURSOR = Pattern.compile("folder1:(-?[0-9]{1,19})\\.([0-9]{9}):([A-Za-z0-9_-]{1,200})");

  private final ExportLayout layout;
  private final String platform;
  private final Clock clock;
  private final ManifestFormat format = new ManifestFormat();
  private boolean closed;

  /**
   * @param exportDirectory the export's top directory; must exist
   * @param platform the platform's name, recorded as the source of what is imported (e.g. {@code GoodSAM})
   * @param clock for when a recording is taken
   */
  public FolderVideoSource(Path exportDirectory, String platform, Clock clock) {
    Objects.requireNonNull(exportDirectory, "export directory");
    Objects.requireNonNull(platform, "platform");
    Objects.requireNonNull(clock, "clock");
    if (!Files.isDirectory(exportDirectory)) {
      throw new EvidenceException(ErrorCode.CONFIGURATION, "the video export directory does not exist");
    }
    if (platform.isBlank() || platform.length() > 64) {
      throw new EvidenceException(ErrorCode.CONFIGURATION, "the platform name must be 1 to 64 characters");
    }
    this.layout = new ExportLayout(exportDirectory.toAbsolutePath().normalize());
    this.platform = platform;
    this.clock = clock;
  }

  @Override
  public String platform() {
    return platform;
  }

  private void checkOpen() {
    if (closed) {
      throw new EvidenceException(ErrorCode.CLOSED, "the video export source is closed");
    }
  }

  @Override
  public synchronized ConsultationPage list(Optional<VideoCursor> after, int limit) throws IOException {
    checkOpen();
    if (limit < 1 || limit > 1000) {
      throw new EvidenceException(ErrorCode.INVALID_INPUT, "a page limit is 1 to 1000");
    }
    Optional<Position> from = after.map(FolderVideoSource::position);
    ExportScan scan = ExportScan.of(layout, format);
    List<Consultation> page = new ArrayList<>();
    Optional<Position> last = from;
    boolean more = false;
    for (ExportScan.Entry entry : scan.entries) {
      Position p = Position.of(entry.consultation());
      if (from.isPresent() && p.compareTo(from.get()) <= 0) {
        continue;
      }
      if (page.size() == limit) {
        more = true;
        break;
      }
      page.add(entry.consultation());
      last = Optional.of(p);
    }
    VideoCursor next = last.map(Position::cursor).orElse(new VideoCursor(START_CURSOR));
    return new ConsultationPage(page, next, more, scan.refused);
  }

  @Override
  public synchronized InputStream open(ConsultationId consultation, RecordingId recording) throws IOException {
    checkOpen();
    ExportScan.Entry entry = ExportScan.of(layout, format).find(consultation).orElseThrow(() -> notFound(consultation, recording));
    Recording r = entry.consultation().recording(recording).orElseThrow(() -> notFound(consultation, recording));
    if (r.state() != RecordingState.AVAILABLE) {
      throw notFound(consultation, recording);
    }
    InputStream in = Files.newInputStream(layout.media(entry.manifest().file(recording)), LinkOption.NOFOLLOW_LINKS);
    return new SizedFileStream(in, r.size());
  }

  @Override
  public synchronized DeletionReceipt delete(ConsultationId consultation, RecordingId recording) throws IOException {
    checkOpen();
    Optional<ExportScan.Entry> listed = ExportScan.of(layout, format).find(consultation);
    if (listed.isPresent()) {
      Manifest m = listed.get().manifest();
      if (m.consultation().recording(recording).isEmpty()) {
        throw notFound(consultation, recording);
      }
      String file = m.file(recording);
      Instant at = layout.take(m.name(), file, clock.instant());
      boolean allTaken = true;
      for (Recording r : m.consultation().recordings()) {
        allTaken &= layout.takenAt(m.name(), m.file(r.id())).isPresent();
      }
      if (allTaken) {
        layout.takeManifest(m.name());
      }
      return receipt(consultation, recording, at, m.name(), file);
    }
    Optional<Manifest> done = doneManifest(consultation);
    if (done.isPresent() && done.get().consultation().recording(recording).isPresent()) {
      String file = done.get().file(recording);
      Optional<Instant> at = layout.takenAt(done.get().name(), file);
      if (at.isPresent()) {
        return receipt(consultation, recording, at.get(), done.get().name(), file);
      }
    }
    throw notFound(consultation, recording);
  }

  @Override
  public synchronized boolean holds(ConsultationId consultation, RecordingId recording) throws IOException {
    checkOpen();
    // The file, not the listed state: after a take interrupted between its marker and its move, the
    // bytes are still here and a caller confirming a deletion must hear so.
    Optional<ExportScan.Entry> entry = ExportScan.of(layout, format).find(consultation);
    if (entry.isEmpty() || entry.get().consultation().recording(recording).isEmpty()) {
      return false;
    }
    return ExportLayout.regularFile(layout.media(entry.get().manifest().file(recording)));
  }

  @Override
  public synchronized void close() {
    closed = true;
  }

  private static DeletionReceipt receipt(ConsultationId c, RecordingId r, Instant at, String manifest, String file) {
    return new DeletionReceipt(c, r, at, "moved to " + ExportLayout.DONE + "/" + manifest + "/" + file);
  }

  /** A consultation whose manifest already moved into {@code done/}. */
  private Optional<Manifest> doneManifest(ConsultationId consultation) throws IOException {
    if (!Files.isDirectory(layout.done(), LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    try (DirectoryStream<Path> folders = Files.newDirectoryStream(layout.done())) {
      for (Path folder : folders) {
        String name = folder.getFileName().toString();
        Path manifest = folder.resolve(name + ".json");
        if (!FileNames.safe(name) || !ExportLayout.regularFile(manifest)) {
          continue;
        }
        try {
          Manifest m = format.read(name, Files.readAllBytes(manifest));
          if (m.consultation().id().equals(consultation)) {
            return Optional.of(m);
          }
        } catch (ManifestFormat.Refusal ignored) {
          // A manifest we moved was valid when moved; one edited since is not ours to interpret.
        }
      }
    }
    return Optional.empty();
  }

  private static EvidenceException notFound(ConsultationId c, RecordingId r) {
    return new EvidenceException(ErrorCode.NOT_FOUND, "the export holds no recording " + r + " of consultation " + c);
  }

  private static Position position(VideoCursor cursor) {
    Matcher m = CURSOR.matcher(cursor.value());
    if (!m.matches()) {
      if (cursor.value().equals(START_CURSOR)) {
        return Position.START;
      }
      throw new EvidenceException(ErrorCode.INVALID_INPUT, "not a cursor of a video export folder");
    }
    try {
      String id = new String(Base64.getUrlDecoder().decode(m.group(3)), StandardCharsets.UTF_8);
      return new Position(Instant.ofEpochSecond(Long.parseLong(m.group(1)), Long.parseLong(m.group(2))), id);
    } catch (IllegalArgumentException | java.time.DateTimeException e) {
      throw new EvidenceException(ErrorCode.INVALID_INPUT, "not a cursor of a video export folder");
    }
  }

  /** A place in the listing's order: end time, then consultation id. */
  private record Position(Instant end, String id) implements Comparable<Position> {
    static final Position START = new Position(Instant.MIN, "");

    static Position of(Consultation c) {
      return new Position(c.end(), c.id().value());
    }

    VideoCursor cursor() {
      if (this.equals(START)) {
        return new VideoCursor(START_CURSOR);
      }
      return new VideoCursor("folder1:" + end.getEpochSecond() + "." + String.format("%09d", end.getNano()) + ":"
          + Base64.getUrlEncoder().withoutPadding().encodeToString(id.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public int compareTo(Position o) {
      int byEnd = end.compareTo(o.end);
      return byEnd != 0 ? byEnd : id.compareTo(o.id);
    }
  }
}
