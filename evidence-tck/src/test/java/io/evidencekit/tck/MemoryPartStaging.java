package io.evidencekit.tck;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.spi.PartStaging;
import io.evidencekit.spi.StagedUpload;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * A reference {@link PartStaging} in memory, for the kit's self-test: every instance on one {@link Backend}
 * sees the same uploads, as nodes on one bucket do. {@code forgetsLastByte} breaks it on purpose: an append
 * acknowledges one byte more than it keeps.
 */
class MemoryPartStaging implements PartStaging {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  /** What several instances share. */
  static final class Backend {
    final Map<String, Upload> uploads = new ConcurrentHashMap<>();
  }

  static final class Upload {
    final long length;
    final Map<String, String> metadata;
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Map<String, String> outcome;

    Upload(long length, Map<String, String> metadata) {
      this.length = length;
      this.metadata = Map.copyOf(metadata);
    }
  }

  private final Backend backend;
  private final boolean forgetsLastByte;

  MemoryPartStaging(Backend backend, boolean forgetsLastByte) {
    this.backend = backend;
    this.forgetsLastByte = forgetsLastByte;
  }

  @Override
  public void begin(String id, long length, Map<String, String> metadata) {
    check(id);
    if (backend.uploads.putIfAbsent(id, new Upload(length, metadata)) != null) {
      throw new EvidenceException(ErrorCode.INVALID_INPUT, "begun already");
    }
  }

  @Override
  public Optional<StagedUpload> find(String id) {
    check(id);
    Upload u = backend.uploads.get(id);
    if (u == null) {
      return Optional.empty();
    }
    synchronized (u) {
      long offset = u.outcome != null ? u.length : u.bytes.size();
      return Optional.of(new StagedUpload(id, u.length, offset, u.metadata, Optional.ofNullable(u.outcome)));
    }
  }

  @Override
  public long append(String id, long offset, InputStream content) throws IOException {
    Upload u = require(id);
    synchronized (u) {
      if (u.outcome != null || offset != u.bytes.size()) {
        throw new EvidenceException(ErrorCode.INVALID_INPUT, "wrong offset");
      }
      byte[] buffer = new byte[8192];
      long left = u.length - offset;
      while (left > 0) {
        int n = content.read(buffer, 0, (int) Math.min(buffer.length, left)); // a failure keeps what came before
        if (n < 0) {
          break;
        }
        u.bytes.write(buffer, 0, n);
        left -= n;
      }
      long now = u.bytes.size();
      if (forgetsLastByte && now > offset) {
        byte[] kept = u.bytes.toByteArray();
        u.bytes.reset();
        u.bytes.write(kept, 0, kept.length - 1);
      }
      return now;
    }
  }

  @Override
  public InputStream openWhole(String id) {
    Upload u = require(id);
    synchronized (u) {
      if (u.outcome != null || u.bytes.size() != u.length) {
        throw new EvidenceException(ErrorCode.INVALID_INPUT, "not whole");
      }
      return new ByteArrayInputStream(u.bytes.toByteArray());
    }
  }

  @Override
  public void finish(String id, Map<String, String> outcome) {
    Upload u = require(id);
    synchronized (u) {
      u.outcome = Map.copyOf(outcome);
      u.bytes.reset();
    }
  }

  @Override
  public void abort(String id) {
    check(id);
    backend.uploads.remove(id);
  }

  @Override
  public List<String> ids() {
    return List.copyOf(backend.uploads.keySet());
  }

  private Upload require(String id) {
    check(id);
    Upload u = backend.uploads.get(id);
    if (u == null) {
      throw new EvidenceException(ErrorCode.NOT_FOUND, "no such upload");
    }
    return u;
  }

  private static void check(String id) {
    if (!ID.matcher(id).matches()) {
      throw new EvidenceException(ErrorCode.INVALID_INPUT, "bad id");
    }
  }
}
