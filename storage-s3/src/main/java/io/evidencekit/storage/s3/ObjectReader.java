package io.evidencekit.storage.s3;

import io.evidencekit.api.ByteRange;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** Reads objects: sizes by HeadObject, bytes by GetObject with a Range header. */
final class ObjectReader {
  private final S3Client client;
  private final String bucket;

  ObjectReader(S3Client client, String bucket) {
    this.client = client;
    this.bucket = bucket;
  }

  /** The object's size, or {@code null} if there is no such object. */
  @Nullable Long sizeIfPresent(String key) throws IOException {
    try {
      return client.headObject(r -> r.bucket(bucket).key(key)).contentLength();
    } catch (SdkException e) {
      if (e instanceof NoSuchKeyException || S3Failures.isStatus(e, 404)) {
        return null;
      }
      throw S3Failures.io("HeadObject", key, e);
    }
  }

  /** The bytes of {@code range}; empty when it starts at or past the end. */
  InputStream open(String key, ByteRange range) throws IOException {
    if (range.length() == 0) {
      if (sizeIfPresent(key) == null) {
        throw S3Failures.notFound(key);
      }
      return InputStream.nullInputStream();
    }
    GetObjectRequest.Builder request = GetObjectRequest.builder().bucket(bucket).key(key);
    if (!range.isAll()) {
      long last = range.offset() + range.length() - 1;
      // A range reaching past Long.MAX_VALUE means "to the end", which HTTP spells without a last byte.
      request.range("bytes=" + range.offset() + "-" + (last < range.offset() ? "" : Long.toString(last)));
    }
    try {
      ResponseInputStream<GetObjectResponse> stream = client.getObject(request.build());
      return new AbortingInputStream(stream);
    } catch (SdkException e) {
      if (e instanceof NoSuchKeyException || S3Failures.isStatus(e, 404)) {
        throw S3Failures.notFound(key);
      }
      if (S3Failures.isStatus(e, 416)) {
        // S3 answers 416 for a range starting at or past the end (and for any range of an empty object);
        // the SPI reads that as empty. 416 also means the object exists.
        return new ByteArrayInputStream(new byte[0]);
      }
      throw S3Failures.io("GetObject", key, e);
    }
  }
}
