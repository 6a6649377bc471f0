package io.evidencekit.storage.s3;

/**
 * How an {@link S3BlobStore} names blobs larger than one part. Blobs of at most one part are always
 * stored at their content address ({@code sha256/<hex>}): they are sent whole at commit, when the digest
 * is known, so naming them by it costs nothing.
 */
public enum KeyScheme {
  /**
   * Larger blobs are written where they stay, under a unique key {@code <prefix>blobs/<uuid>} (one
   * conditional streaming PutObject when the size is known in advance, else a multipart upload), so the
   * server writes them once. The store then does not declare {@code DEDUPLICATES}: the engine finds
   * identical content by its SHA-256 and keeps one copy.
   */
  WRITE_IN_PLACE,
  /**
   * Every blob lives at its content address. S3 fixes a multipart upload's key when it starts, before
   * the digest is known, so a larger blob is uploaded to a staging key and copied inside the server at
   * commit: two or three more full writes on servers that assemble parts by copying. Declares
   * {@code DEDUPLICATES}.
   */
  CONTENT_ADDRESSED
}
