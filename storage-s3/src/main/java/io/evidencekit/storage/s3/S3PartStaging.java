package io.evidencekit.storage.s3;

import io.evidencekit.api.ByteRange;
import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.spi.PartStaging;
import io.evidencekit.spi.StagedUpload;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.ListPartsResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@link PartStaging} on an S3 bucket: one S3 multipart upload per staged upload, so any node can resume an
 * upload another node started, and S3's 5 MiB minimum part is handled as the reference tus server's S3
 * store does. Keys, under {@code <prefix>staging/tus/<id>/}:
 *
 * <ul>
 *   <li>{@code meta}: the multipart upload's id, the length, the part size and the caller's metadata,
 *       written once;</li>
 *   <li>{@code whole}: the multipart upload's key, an object once it is completed;</li>
 *   <li>{@code tail/<part>/<bytes>}: bytes acknowledged but too few for a part of their own (an "incomplete
 *       part"), kept as a small object and prepended to part {@code <part>} when more arrive;</li>
 *   <li>{@code done}: the caller's outcome once finished.</li>
 * </ul>
 *
 * <p><b>Why parts are all the same size.</b> Every part but the last is exactly {@code partSize} bytes, so
 * part {@code n} always holds bytes {@code [(n-1)·partSize, n·partSize)}: two nodes appending the same
 * bytes at the same offset (a client that gave up on one node and resumed through another) write identical
 * parts, and a tail is named by its length so that the longest wins: no node can shrink what another
 * acknowledged, without any lock. A tail is stale, and ignored, once its part exists. The durable offset is
 * therefore derived by any node from ListParts and a listing of the tails, with no local state.
 *
 * <p>Memory: one part buffer per append in progress. Each acknowledged byte is in S3 (a part or a tail)
 * before {@link #append} returns. A short append re-reads and rewrites the tail (at most one part): small
 * PATCHes cost more than large ones, as with every S3 tus store.
 *
 * <p>Bucket settings: a lifecycle rule {@code AbortIncompleteMultipartUpload} and an expiry on
 * {@code <prefix>staging/} (a few days past the portal's upload expiry) clean up after nodes that died
 * mid-way; the portal aborts expired and terminated uploads itself.
 *
 * <p>Thread-safe. One built from {@link S3Settings} owns its client and closes it; one built on a host's
 * client leaves it open. {@link #close()} is idempotent.
 */
public final class S3PartStaging implements PartStaging {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private static final Pattern META_KEY = Pattern.compile("[A-Za-z0-9._-]{1,128}");
  private static final Pattern TAIL = Pattern.compile("[0-9]{12}");
  private static final int MAX_PARTS = 10_000;
  private static final int MAX_PROPERTIES = 8 << 10;

  private final S3Client client;
  private final boolean ownsClient;
  private final String bucket;
  private final String root;
  private final int partSize;
  private final AtomicBoolean closed = new AtomicBoolean();

  /** Staging with a client of its own, on the bucket, key prefix and part size of {@code settings}. */
  public S3PartStaging(S3Settings settings) {
    this(S3BlobStore.newClient(settings), true, settings);
  }

  /** Staging on a client the host built and keeps (and closes). */
  public S3PartStaging(S3Client client, S3Settings settings) {
    this(client, false, settings);
  }

  private S3PartStaging(S3Client client, boolean ownsClient, S3Settings settings) {
    this.client = Objects.requireNonNull(client, "client");
    this.ownsClient = ownsClient;
    this.bucket = settings.bucket();
    this.root = settings.keyPrefix() + "staging/tus/";
    this.partSize = settings.partSize();
  }

  @Override
  public void begin(String id, long length, Map<String, String> metadata) throws IOException {
    String dir = dir(id);
    if (length < 0) {
      throw new EvidenceException(ErrorCode.INVALID_INPUT, "an upload's length cannot be negative");
    }
    Properties meta = new Properties();
    metadata.forEach((k, v) -> {
      requireKey(k);
      meta.setProperty("m." + k, v);
    });
    if (loadMeta(dir) != null) {
      throw new EvidenceException(ErrorCode.INVALID_INPUT, "an upload with this id was begun already");
    }
    // S3 allows 10,000 parts: a huge upload gets larger parts.
    long size = Math.max(partSize, (length + MAX_PARTS - 1) / MAX_PARTS);
    String uploadId = call("CreateMultipartUpload", dir, () ->
        client.createMultipartUpload(r -> r.bucket(bucket).key(dir + "whole")).uploadId());
    meta.setProperty("uploadId", uploadId);
    meta.setProperty("length", Long.toString(length));
    meta.setProperty("partSize", Long.toString(size));
    byte[] bytes = store(meta);
    if (bytes.length > MAX_PROPERTIES) {
      abortQuietly(dir, uploadId);
      throw new EvidenceException(ErrorCode.INVALID_INPUT, "an upload's metadata must stay under 8 KiB");
    }
    put(dir + "meta", bytes);
  }

  @Override
  public Optional<StagedUpload> find(String id) throws IOException {
    String dir = dir(id);
    Meta meta = loadMeta(dir);
    if (meta == null) {
      return Optional.empty();
    }
    Properties done = loadProperties(dir + "done");
    if (done != null) {
      Map<String, String> outcome = new HashMap<>();
      done.stringPropertyNames().forEach(k -> outcome.put(k, done.getProperty(k)));
      return Optional.of(new StagedUpload(id, meta.length, meta.length, meta.metadata, Optional.of(outcome)));
    }
    return Optional.of(new StagedUpload(id, meta.length, progress(dir, meta).offset(), meta.metadata, Optional.empty()));
  }

  @Override
  public long append(String id, long offset, InputStream content) throws IOException {
    String dir = dir(id);
    Meta meta = requireMeta(dir);
    if (loadProperties(dir + "done") != null) {
      throw new EvidenceException(ErrorCode.INVALID_INPUT, "the upload is finished");
    }
    Progress at = progress(dir, meta);
    if (offset != at.offset()) {
      throw new EvidenceException(ErrorCode.INVALID_INPUT, "the upload stands at " + at.offset() + ", not " + offset);
    }
    if (offset == meta.length) {
      return offset; // whole already: nothing to read
    }
    long remaining = meta.length - offset;
    int part = at.parts() + 1;
    int tail = (int) (offset - (long) at.parts() * meta.partSize);
    byte[] buffer = new byte[(int) Math.min(meta.partSize, tail + remaining)];
    int fill = 0;
    if (tail > 0) {
      fill = readTail(dir + "tail/" + part + "/" + tailName(tail), buffer, tail);
    }
    long read = 0;
    IOException broken = null;
    while (read < remaining) {
      int n;
      try {
        n = content.read(buffer, fill, (int) Math.min(buffer.length - fill, remaining - read));
      } catch (IOException e) {
        broken = e;
        break;
      }
      if (n < 0) {
        break;
      }
      fill += n;
      read += n;
      if (fill == meta.partSize) {
        uploadPart(dir, meta, part, buffer, fill);
        deleteTails(dir, part);
        part++;
        fill = 0;
        int next = (int) Math.min(meta.partSize, remaining - read);
        if (next > 0 && next < buffer.length) {
          buffer = new byte[next];
        }
      }
    }
    long now = (long) (part - 1) * meta.partSize + fill;
    if (now == meta.length && fill > 0) {
      uploadPart(dir, meta, part, buffer, fill); // the last part may be short
      deleteTails(dir, part);
    } else if (fill > tail || (fill > 0 && part != at.parts() + 1)) {
      // Too few for a part: kept as a tail object under its length, so a longer one from a racing node wins.
      put(dir + "tail/" + part + "/" + tailName(fill), java.util.Arrays.copyOf(buffer, fill));
    }
    if (broken != null) {
      throw broken;
    }
    return now;
  }

  @Override
  public InputStream openWhole(String id) throws IOException {
    String dir = dir(id);
    Meta meta = requireMeta(dir);
    if (loadProperties(dir + "done") != null) {
      throw new EvidenceException(ErrorCode.INVALID_INPUT, "the upload is finished and its bytes dropped");
    }
    String key = dir + "whole";
    ObjectReader reader = new ObjectReader(client, bucket);
    Long size = reader.sizeIfPresent(key);
    if (size == null) {
      assemble(dir, meta);
    } else if (size != meta.length) {
      throw new IOException("the staged upload's assembled object has " + size + " bytes, not " + meta.length);
    }
    return reader.open(key, ByteRange.ALL);
  }

  @Override
  public void finish(String id, Map<String, String> outcome) throws IOException {
    String dir = dir(id);
    Meta meta = requireMeta(dir);
    Properties done = new Properties();
    outcome.forEach((k, v) -> {
      requireKey(k);
      done.setProperty(k, v);
    });
    byte[] bytes = store(done);
    if (bytes.length > MAX_PROPERTIES) {
      throw new EvidenceException(ErrorCode.INVALID_INPUT, "an outcome must stay under 8 KiB");
    }
    put(dir + "done", bytes);
    abortQuietly(dir, meta.uploadId);
    for (String key : keysUnder(dir)) {
      if (!key.equals(dir + "meta") && !key.equals(dir + "done")) {
        delete(key);
      }
    }
  }

  @Override
  public void abort(String id) throws IOException {
    String dir = dir(id);
    // The meta object first: from then on the upload is gone for every node, whatever is left to clean.
    delete(dir + "meta");
    List<MultipartUpload> open = call("ListMultipartUploads", dir, () ->
        client.listMultipartUploads(r -> r.bucket(bucket).prefix(dir + "whole")).uploads());
    for (MultipartUpload upload : open) {
      if (upload.key().equals(dir + "whole")) {
        abortQuietly(dir, upload.uploadId());
      }
    }
    for (String key : keysUnder(dir)) {
      delete(key);
    }
  }

  @Override
  public List<String> ids() throws IOException {
    List<String> ids = new ArrayList<>();
    for (String key : keysUnder(root)) {
      if (key.endsWith("/meta")) {
        String id = key.substring(root.length(), key.length() - "/meta".length());
        if (ID.matcher(id).matches()) {
          ids.add(id);
        }
      }
    }
    return ids;
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true) && ownsClient) {
      client.close();
    }
  }

  @Override
  public String toString() {
    return "S3PartStaging[" + bucket + "/" + root + "]";
  }

  // ------------------------------------------------------------------ internals

  private record Meta(String uploadId, long length, int partSize, Map<String, String> metadata) {}

  /** Full parts, and the offset they plus the longest live tail reach. */
  private record Progress(int parts, long offset) {}

  private Progress progress(String dir, Meta meta) throws IOException {
    List<Part> parts = listParts(dir, meta);
    if (parts == null) {
      // No multipart upload any more: either completed (whole) or lost (a lifecycle rule aborted it).
      Long size = new ObjectReader(client, bucket).sizeIfPresent(dir + "whole");
      if (size != null && size == meta.length) {
        return new Progress(0, meta.length);
      }
      throw new IOException("the staged upload's parts are gone");
    }
    long sum = 0;
    for (int i = 0; i < parts.size(); i++) {
      Part p = parts.get(i);
      boolean last = i == parts.size() - 1;
      if (p.partNumber() != i + 1 || (!last && p.size() != meta.partSize)) {
        throw new IOException("the staged upload's parts are not contiguous");
      }
      sum += p.size();
    }
    if (sum == meta.length || (!parts.isEmpty() && parts.get(parts.size() - 1).size() != meta.partSize)) {
      return new Progress(parts.size(), sum);
    }
    int next = parts.size() + 1;
    long longest = 0;
    for (String key : keysUnder(dir + "tail/")) {
      String[] segments = key.substring((dir + "tail/").length()).split("/");
      // Only names this class writes count: some servers list an object still being written under a
      // temporary name beside it (S3Proxy's filesystem backend: <name>-<uuid>).
      if (segments.length == 2 && segments[0].equals(Integer.toString(next)) && TAIL.matcher(segments[1]).matches()) {
        longest = Math.max(longest, Long.parseLong(segments[1]));
      }
    }
    return new Progress(parts.size(), Math.min(meta.length, sum + longest));
  }

  /** The parts in number order, or {@code null} when the multipart upload no longer exists. */
  private @Nullable List<Part> listParts(String dir, Meta meta) throws IOException {
    List<Part> parts = new ArrayList<>();
    Integer marker = null;
    while (true) {
      Integer from = marker;
      ListPartsResponse page;
      try {
        page = client.listParts(r -> r.bucket(bucket).key(dir + "whole").uploadId(meta.uploadId)
            .partNumberMarker(from));
      } catch (NoSuchUploadException e) {
        return null;
      } catch (SdkException e) {
        if (S3Failures.isStatus(e, 404)) {
          return null;
        }
        throw S3Failures.io("ListParts", dir, e);
      }
      parts.addAll(page.parts());
      if (!Boolean.TRUE.equals(page.isTruncated())) {
        break;
      }
      marker = page.nextPartNumberMarker();
    }
    parts.sort(Comparator.comparing(Part::partNumber));
    return parts;
  }

  private void assemble(String dir, Meta meta) throws IOException {
    List<Part> parts = listParts(dir, meta);
    if (parts == null) {
      // Completed by another node meanwhile.
      if (new ObjectReader(client, bucket).sizeIfPresent(dir + "whole") == null) {
        throw new IOException("the staged upload's parts are gone");
      }
      return;
    }
    long sum = parts.stream().mapToLong(Part::size).sum();
    if (sum != meta.length) {
      throw new EvidenceException(ErrorCode.INVALID_INPUT, "the upload is not whole yet");
    }
    if (parts.isEmpty()) {
      // S3 cannot complete a multipart upload without parts: an empty upload is one empty object.
      put(dir + "whole", new byte[0]);
      abortQuietly(dir, meta.uploadId);
      return;
    }
    List<CompletedPart> completed = parts.stream()
        .map(p -> CompletedPart.builder().partNumber(p.partNumber()).eTag(p.eTag()).build()).toList();
    try {
      client.completeMultipartUpload(r -> r.bucket(bucket).key(dir + "whole").uploadId(meta.uploadId)
          .multipartUpload(m -> m.parts(completed)));
    } catch (SdkException e) {
      if ((e instanceof NoSuchUploadException || S3Failures.isStatus(e, 404))
          && new ObjectReader(client, bucket).sizeIfPresent(dir + "whole") != null) {
        return; // another node completed it first
      }
      throw S3Failures.io("CompleteMultipartUpload", dir, e);
    }
  }

  private void uploadPart(String dir, Meta meta, int part, byte[] buffer, int length) throws IOException {
    call("UploadPart", dir, () -> client.uploadPart(r -> r.bucket(bucket).key(dir + "whole").uploadId(meta.uploadId)
        .partNumber(part).contentLength((long) length), RequestBody.fromBytes(length == buffer.length ? buffer
        : java.util.Arrays.copyOf(buffer, length))));
  }

  private void deleteTails(String dir, int part) throws IOException {
    for (String key : keysUnder(dir + "tail/" + part + "/")) {
      delete(key);
    }
  }

  private int readTail(String key, byte[] buffer, int length) throws IOException {
    try (InputStream in = new ObjectReader(client, bucket).open(key, ByteRange.ALL)) {
      int fill = in.readNBytes(buffer, 0, length);
      if (fill != length || in.read() >= 0) {
        throw new IOException("the staged upload's tail has the wrong size");
      }
      return fill;
    } catch (EvidenceException e) {
      throw new IOException("the staged upload's tail is gone", e);
    }
  }

  private static String tailName(long length) {
    return String.format("%012d", length);
  }

  private @Nullable Meta loadMeta(String dir) throws IOException {
    Properties p = loadProperties(dir + "meta");
    if (p == null) {
      return null;
    }
    Map<String, String> metadata = new HashMap<>();
    for (String k : p.stringPropertyNames()) {
      if (k.startsWith("m.")) {
        metadata.put(k.substring(2), p.getProperty(k));
      }
    }
    try {
      return new Meta(p.getProperty("uploadId"), Long.parseLong(p.getProperty("length")),
          Integer.parseInt(p.getProperty("partSize")), metadata);
    } catch (RuntimeException e) {
      throw new IOException("the staged upload's meta object is unreadable", e);
    }
  }

  private Meta requireMeta(String dir) throws IOException {
    Meta meta = loadMeta(dir);
    if (meta == null) {
      throw new EvidenceException(ErrorCode.NOT_FOUND, "no such staged upload");
    }
    return meta;
  }

  private @Nullable Properties loadProperties(String key) throws IOException {
    byte[] bytes;
    try {
      bytes = client.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray();
    } catch (SdkException e) {
      if (e instanceof NoSuchKeyException || S3Failures.isStatus(e, 404)) {
        return null;
      }
      throw S3Failures.io("GetObject", key, e);
    }
    Properties p = new Properties();
    p.load(new StringReader(new String(bytes, StandardCharsets.UTF_8)));
    return p;
  }

  private static byte[] store(Properties p) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      p.store(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), null);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e); // in memory: cannot happen
    }
    return out.toByteArray();
  }

  private void put(String key, byte[] bytes) throws IOException {
    call("PutObject", key, () -> client.putObject(r -> r.bucket(bucket).key(key).contentLength((long) bytes.length),
        RequestBody.fromBytes(bytes)));
  }

  private void delete(String key) throws IOException {
    call("DeleteObject", key, () -> client.deleteObject(r -> r.bucket(bucket).key(key)));
  }

  private void abortQuietly(String dir, String uploadId) throws IOException {
    try {
      client.abortMultipartUpload(r -> r.bucket(bucket).key(dir + "whole").uploadId(uploadId));
    } catch (SdkException e) {
      if (!(e instanceof NoSuchUploadException) && !S3Failures.isStatus(e, 404)) {
        throw S3Failures.io("AbortMultipartUpload", dir, e);
      }
    }
  }

  private List<String> keysUnder(String prefix) throws IOException {
    List<String> keys = new ArrayList<>();
    try {
      client.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).contents().stream()
          .map(S3Object::key).forEach(keys::add);
    } catch (SdkException e) {
      throw S3Failures.io("ListObjectsV2", prefix, e);
    }
    return keys;
  }

  private String dir(String id) {
    Objects.requireNonNull(id, "id");
    if (!ID.matcher(id).matches()) {
      throw new EvidenceException(ErrorCode.INVALID_INPUT, "an upload id is 1 to 64 characters of [A-Za-z0-9_-]");
    }
    if (closed.get()) {
      throw new EvidenceException(ErrorCode.CLOSED, "the staging is closed");
    }
    return root + id + "/";
  }

  private static void requireKey(String key) {
    if (!META_KEY.matcher(key).matches()) {
      throw new EvidenceException(ErrorCode.INVALID_INPUT, "a metadata key is 1 to 128 characters of [A-Za-z0-9._-]");
    }
  }

  @FunctionalInterface
  private interface Call<T> {
    T run();
  }

  private static <T> T call(String operation, String key, Call<T> call) throws IOException {
    try {
      return call.run();
    } catch (SdkException e) {
      throw S3Failures.io(operation, key, e);
    }
  }
}
