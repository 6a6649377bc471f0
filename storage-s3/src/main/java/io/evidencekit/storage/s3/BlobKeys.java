package io.evidencekit.storage.s3;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.Sha256;
import io.evidencekit.spi.BlobId;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Where things live in the bucket. A blob whose SHA-256 is {@code abcd…} has the id {@code sha256/abcd…}
 * and the key {@code <prefix>sha256/ab/cd/abcd…}; a blob written in place under a unique name (see
 * {@link KeyScheme#WRITE_IN_PLACE}) has the id {@code blobs/<uuid>} and the key {@code <prefix>blobs/<uuid>}.
 * Uploads in progress live under {@code <prefix>staging/} and capability probes under
 * {@code <prefix>probe/}, so a lifecycle rule can expire both.
 */
final class BlobKeys {
  private static final Pattern ID = Pattern.compile("sha256/[0-9a-f]{64}");
  private static final Pattern UNIQUE_ID = Pattern.compile("blobs/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

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
    if (UNIQUE_ID.matcher(id.value()).matches()) {
      return prefix + id.value();
    }
    if (!ID.matcher(id.value()).matches()) {
      throw new EvidenceException(ErrorCode.INVALID_INPUT, "not a blob id of the S3 store: " + id);
    }
    return keyOf(new Sha256(id.value().substring("sha256/".length())));
  }

  /** A fresh id for a blob written in place; its key is {@link #keyOf(BlobId)}. */
  BlobId newUniqueId() {
    return new BlobId("blobs/" + UUID.randomUUID());
  }

  String newStagingKey() {
    return prefix + "staging/" + UUID.randomUUID();
  }

  String newProbeKey() {
    return prefix + "probe/" + UUID.randomUUID();
  }
}
