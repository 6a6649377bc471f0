package io.evidencekit.storage.s3;

import java.util.concurrent.ExecutorService;
import software.amazon.awssdk.services.s3.S3Client;

/** What a store's writers share with it. */
record StoreContext(
    S3Client client,
    String bucket,
    BlobKeys keys,
    ExecutorService executor,
    S3Settings settings,
    FinalRequests requests,
    BucketFeatures features,
    Lifecycle lifecycle) {}
