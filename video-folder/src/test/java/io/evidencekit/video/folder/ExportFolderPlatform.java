package io.evidencekit.video.folder;

import io.evidencekit.spi.Recording;
import io.evidencekit.spi.RecordingId;
import io.evidencekit.spi.VideoSource;
import io.evidencekit.tck.video.SampleConsultation;
import io.evidencekit.tck.video.VideoPlatform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Publishes consultations as a platform's bulk export would: media files first, then the manifest under a dot name, renamed. */
final class ExportFolderPlatform implements VideoPlatform {
  private final Path root;
  private final Clock clock;

  ExportFolderPlatform(Path root, Clock clock) {
    this.root = root;
    this.clock = clock;
  }

  static String fileOf(RecordingId id) {
    return id.value() + ".mp4";
  }

  @Override
  public void publish(SampleConsultation sample) throws IOException {
    Map<RecordingId, String> files = new LinkedHashMap<>();
    for (Recording r : sample.consultation().recordings()) {
      files.put(r.id(), fileOf(r.id()));
      Optional<byte[]> bytes = sample.bytes(r.id());
      if (bytes.isPresent()) {
        Files.write(root.resolve(fileOf(r.id())), bytes.get());
      }
    }
    writeManifest(sample.consultation().id().value(), new ManifestFormat().write(sample.consultation(), files));
  }

  void writeManifest(String name, byte[] manifest) throws IOException {
    Path temp = root.resolve("." + name + ".json");
    Files.write(temp, manifest);
    Files.move(temp, root.resolve(name + ".json"), StandardCopyOption.ATOMIC_MOVE);
  }

  Path root() {
    return root;
  }

  @Override
  public VideoSource connect() {
    return new FolderVideoSource(root, "GoodSAM export", clock);
  }
}
