package io.evidencekit.storage.s3;

import java.io.InputStream;
import java.util.concurrent.atomic.AtomicInteger;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/** S3Proxy's backend, failing every part upload after the first few: the server erring mid-upload. */
final class FailingPartsBackend extends ForwardingBlobStore {
  private final int healthyParts;
  private final AtomicInteger parts = new AtomicInteger();
  private volatile boolean failing = true;

  FailingPartsBackend(BlobStore delegate, int healthyParts) {
    super(delegate);
    this.healthyParts = healthyParts;
  }

  void heal() {
    failing = false;
  }

  @Override
  public UploadPartResponse uploadMultipartPart(MultipartUpload upload, UploadPartRequest request, InputStream content) {
    if (failing && parts.incrementAndGet() > healthyParts) {
      throw new IllegalStateException("injected storage failure");
    }
    return super.uploadMultipartPart(upload, request, content);
  }
}
