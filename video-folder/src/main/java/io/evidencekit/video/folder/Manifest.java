package io.evidencekit.video.folder;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.spi.Consultation;
import io.evidencekit.spi.RecordingId;
import java.util.Map;

/**
 * One consultation's manifest as read from the export: the consultation (recording states still to be
 * decided from the files) and each recording's media file name, checked safe.
 *
 * @param name the manifest's file name without {@code .json}; names its {@code done/} folder
 */
record Manifest(String name, Consultation consultation, Map<RecordingId, String> files) {
  Manifest {
    files = Map.copyOf(files);
  }

  String file(RecordingId recording) {
    String file = files.get(recording);
    if (file == null) {
      throw new EvidenceException(ErrorCode.INTERNAL, "a manifest names a file for every recording it lists");
    }
    return file;
  }
}
