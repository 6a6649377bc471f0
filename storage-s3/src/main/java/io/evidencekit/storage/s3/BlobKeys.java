package io.evidencekit.storage.s3;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.Sha256;
import io.evidencekit.spi.BlobId;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Where things live in the bucket. A blob whose SHA-256 is {@code abcd…} has the id {@code sha256/abcd…}
 * and the key {@code <prefix>sha256/ab/cd/abcd…}; uploads in progress live under {@code <prefix>staging/}
 * and capability probes under {@code <prefix>probe/}, so a lifecycle rule can expire both.
 */
final class BlobKeys {
  private static final Pattern ID = Pattern.compile("sha256/[0-9a-f]{64}");

  private final String prefix;

  BlobKeys(String prefix) {
    this.prefix = prefix;
  }

  BlobId idOf(Sha256 sha256) {
    return new BlobId("sha256/" + sha256.hex());
  }

  String keyOf(Sha256 sha256) {
    String hex = sha256.hex();
    return prefix + "sha256/" + hex.substring(0, 2) + "/" + hex.substring(2, 4) + "/" + hex;
  }

  /** The key an id names; ids of any other shape are refused, so no caller can reach outside the blobs. */
  String keyOf(BlobId id) {
    if (!ID.matcher(id.value()).matches()) {
      throw new EvidenceException(ErrorCode.INVALID_INPUT, "not a blob id of the S3 store: " + id);
    }
    return keyOf(new Sha256(id.value().substring("sha256/".length())));
  }

  String newStagingKey() {
    return prefix + "staging/" + UUID.randomUUID();
  }

  String newProbeKey() {
    return prefix + "probe/" + UUID.randomUUID();
  }
}
