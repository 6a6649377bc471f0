package io.evidencekit.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.Sha256;
import io.evidencekit.spi.StoreCapability;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.ObjectLockLegalHoldStatus;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * Object Lock decisions, against a bucket that checks S3's rules (S3Proxy has no Object Lock): which
 * lock headers the store's requests carry for given settings and bucket, and which capabilities it declares.
 */
@DisplayName("Object Lock decisions")
class ObjectLockDecisionTest {
  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
  private static final Sha256 DIGEST = new Sha256("ab".repeat(32));

  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  // Never contacted: with an inspector given, building a store makes no request.
  private final S3Client unusedClient = S3Client.builder()
      .endpointOverride(URI.create("http://127.0.0.1:9"))
      .region(Region.US_EAST_1)
      .credentialsProvider(AnonymousCredentialsProvider.create())
      .httpClient(UrlConnectionHttpClient.create())
      .build();

  @AfterEach
  void closeClient() {
    unusedClient.close();
  }

  @Test
  @DisplayName("a COMPLIANCE retention is sent on every final object with a retain-until date the period from now, and declared")
  void complianceRetention() throws Exception {
    RuleCheckingBucket bucket = RuleCheckingBucket.withObjectLock(false, clock);
    Optional<ObjectLockSettings> settings =
        Optional.of(ObjectLockSettings.retain(ObjectLockSettings.Mode.COMPLIANCE, Duration.ofDays(7 * 365)));

    FinalRequests requests = requests(bucket, settings);
    PutObjectRequest put = requests.put("k", DIGEST, 10);
    CreateMultipartUploadRequest copyTarget = requests.createCopyTarget("k", DIGEST);
    bucket.accept(put);
    bucket.accept(copyTarget);

    assertThat(put.objectLockMode()).isEqualTo(ObjectLockMode.COMPLIANCE);
    assertThat(put.objectLockRetainUntilDate()).isEqualTo(NOW.plus(Duration.ofDays(7 * 365)));
    assertThat(put.objectLockLegalHoldStatus()).isNull();
    assertThat(put.ifNoneMatch()).isEqualTo("*");
    assertThat(copyTarget.objectLockMode()).isEqualTo(ObjectLockMode.COMPLIANCE);
    assertThat(copyTarget.objectLockRetainUntilDate()).isEqualTo(put.objectLockRetainUntilDate());
    assertThat(capabilities(bucket, settings)).contains(StoreCapability.RETENTION_LOCK, StoreCapability.LEGAL_HOLD, StoreCapability.VERSIONING);
  }

  @Test
  @DisplayName("a GOVERNANCE retention with a legal hold sends both")
  void governanceWithHold() throws Exception {
    RuleCheckingBucket bucket = RuleCheckingBucket.withObjectLock(false, clock);
    Optional<ObjectLockSettings> settings = Optional.of(
        ObjectLockSettings.retain(ObjectLockSettings.Mode.GOVERNANCE, Duration.ofDays(30)).withLegalHold());

    PutObjectRequest put = requests(bucket, settings).put("k", DIGEST, 10);
    bucket.accept(put);

    assertThat(put.objectLockMode()).isEqualTo(ObjectLockMode.GOVERNANCE);
    assertThat(put.objectLockLegalHoldStatus()).isEqualTo(ObjectLockLegalHoldStatus.ON);
  }

  @Test
  @DisplayName("a legal hold alone sends no retention; without a bucket default only LEGAL_HOLD is declared")
  void legalHoldOnly() throws Exception {
    RuleCheckingBucket bucket = RuleCheckingBucket.withObjectLock(false, clock);
    Optional<ObjectLockSettings> settings = Optional.of(ObjectLockSettings.legalHoldOnly());

    PutObjectRequest put = requests(bucket, settings).put("k", DIGEST, 10);
    bucket.accept(put);

    assertThat(put.objectLockMode()).isNull();
    assertThat(put.objectLockRetainUntilDate()).isNull();
    assertThat(put.objectLockLegalHoldStatus()).isEqualTo(ObjectLockLegalHoldStatus.ON);
    assertThat(capabilities(bucket, settings)).contains(StoreCapability.LEGAL_HOLD).doesNotContain(StoreCapability.RETENTION_LOCK);
  }

  @Test
  @DisplayName("a bucket default retention, with no settings, sends no lock headers but is declared as RETENTION_LOCK")
  void bucketDefaultRetention() throws Exception {
    RuleCheckingBucket bucket = RuleCheckingBucket.withObjectLock(true, clock);

    PutObjectRequest put = requests(bucket, Optional.empty()).put("k", DIGEST, 10);
    bucket.accept(put);

    assertThat(put.objectLockMode()).isNull();
    assertThat(put.objectLockLegalHoldStatus()).isNull();
    assertThat(capabilities(bucket, Optional.empty())).contains(StoreCapability.RETENTION_LOCK, StoreCapability.LEGAL_HOLD);
  }

  @Test
  @DisplayName("a locked bucket without default retention and no settings declares LEGAL_HOLD but not RETENTION_LOCK")
  void lockedBucketNoRetention() throws Exception {
    RuleCheckingBucket bucket = RuleCheckingBucket.withObjectLock(false, clock);

    assertThat(capabilities(bucket, Optional.empty())).contains(StoreCapability.LEGAL_HOLD).doesNotContain(StoreCapability.RETENTION_LOCK);
  }

  @Test
  @DisplayName("without Object Lock on the bucket: no lock headers and no lock capabilities; lock settings refuse to start")
  void bucketWithoutLock() throws Exception {
    RuleCheckingBucket bucket = RuleCheckingBucket.withoutObjectLock(clock);

    PutObjectRequest put = requests(bucket, Optional.empty()).put("k", DIGEST, 10);
    bucket.accept(put);

    assertThat(put.objectLockMode()).isNull();
    assertThat(capabilities(bucket, Optional.empty()))
        .doesNotContain(StoreCapability.RETENTION_LOCK, StoreCapability.LEGAL_HOLD, StoreCapability.VERSIONING);
    for (ObjectLockSettings settings : new ObjectLockSettings[] {
        ObjectLockSettings.legalHoldOnly(), ObjectLockSettings.retain(ObjectLockSettings.Mode.GOVERNANCE, Duration.ofDays(1))}) {
      assertThatThrownBy(() -> capabilities(bucket, Optional.of(settings)))
          .isInstanceOfSatisfying(EvidenceException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION))
          .hasMessageContaining("501");
    }
  }

  @Test
  @DisplayName("the fake enforces S3's rules: lock headers on an unlocked bucket are refused")
  void fakeEnforcesRules() {
    RuleCheckingBucket unlocked = RuleCheckingBucket.withoutObjectLock(clock);
    PutObjectRequest locked = PutObjectRequest.builder().bucket("b").key("k").checksumSHA256("x")
        .objectLockMode(ObjectLockMode.COMPLIANCE).objectLockRetainUntilDate(NOW.plusSeconds(60)).build();
    PutObjectRequest expired = locked.toBuilder().objectLockRetainUntilDate(NOW.minusSeconds(1)).build();

    assertThatThrownBy(() -> unlocked.accept(locked)).hasMessageContaining("missing Object Lock");
    assertThatThrownBy(() -> RuleCheckingBucket.withObjectLock(false, clock).accept(expired)).hasMessageContaining("future");
    assertThat(unlocked.accepted()).isEmpty();
  }

  @Test
  @DisplayName("lock settings need both a mode and a positive period, or a legal hold")
  void settingsValidate() {
    assertThatThrownBy(() -> new ObjectLockSettings(Optional.of(ObjectLockSettings.Mode.COMPLIANCE), Duration.ZERO, false))
        .isInstanceOf(EvidenceException.class);
    assertThatThrownBy(() -> new ObjectLockSettings(Optional.empty(), Duration.ZERO, false))
        .isInstanceOf(EvidenceException.class);
  }

  private FinalRequests requests(RuleCheckingBucket bucket, Optional<ObjectLockSettings> settings) throws Exception {
    BucketFeatures features = BucketFeatures.detect(bucket);
    return new FinalRequests("evidence", LockPlan.decide(settings, features.objectLock()), features.conditionalWrites(), clock);
  }

  private Set<StoreCapability> capabilities(RuleCheckingBucket bucket, Optional<ObjectLockSettings> settings) {
    S3Settings.Builder builder = S3Settings.builder().region("us-east-1").bucket("evidence");
    settings.ifPresent(builder::objectLock);
    try (S3BlobStore store = new S3BlobStore(unusedClient, false, builder.build(), clock, bucket)) {
      return store.capabilities();
    }
  }
}
