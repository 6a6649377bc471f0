package io.evidencekit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.core.testing.MemoryBlobStore;
import io.evidencekit.core.testing.TestData;
import java.net.URI;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Building and closing the engine")
class EngineLifecycleTest {
  @TempDir
  Path dir;

  private EngineBuilder complete() {
    return EvidenceEngine.builder()
        .embeddedDatabase(dir.resolve("db"))
        .blobStore(new MemoryBlobStore())
        .forceCode("46")
        .portalLinkBase(URI.create("https://evidence.example/r/"))
        .manualDelivery();
  }

  private static void assertConfigurationError(Runnable r) {
    assertThatThrownBy(r::run).isInstanceOf(EvidenceException.class).extracting("code").isEqualTo(ErrorCode.CONFIGURATION);
  }

  @Test
  @DisplayName("close() is idempotent, and a closed engine answers CLOSED")
  void closeIsIdempotent() {
    EvidenceEngine engine = complete().build();
    engine.close();
    engine.close();
    assertThatThrownBy(() -> engine.officers().createRequest(TestData.WRIGHT, TestData.burglaryRequest()))
        .isInstanceOf(EvidenceException.class).extracting("code").isEqualTo(ErrorCode.CLOSED);
  }

  @Test
  @DisplayName("data survives closing and reopening the embedded database")
  void reopen() {
    try (EvidenceEngine engine = complete().build()) {
      engine.officers().createRequest(TestData.WRIGHT, TestData.burglaryRequest());
    }
    try (EvidenceEngine engine = complete().build()) {
      assertThat(engine.officers().listRequests(TestData.WRIGHT, "after restart")).hasSize(1);
      assertThat(engine.officers().createRequest(TestData.WRIGHT, TestData.burglaryRequest()).reference().value()).endsWith("/00002/" + 
          String.valueOf(java.time.Year.now(java.time.ZoneOffset.UTC).getValue()).substring(2));
    }
  }

  @Test
  @DisplayName("a builder missing a database, a blob store, a force code or a link base says which, with CONFIGURATION")
  void requiredParts() {
    for (Consumer<EngineBuilder> omit : java.util.List.<Consumer<EngineBuilder>>of(
        b -> b.forceCode("46").portalLinkBase(URI.create("https://e.example/r/")).blobStore(new MemoryBlobStore()),
        b -> b.embeddedDatabase(dir).forceCode("46").portalLinkBase(URI.create("https://e.example/r/")),
        b -> b.embeddedDatabase(dir).portalLinkBase(URI.create("https://e.example/r/")).blobStore(new MemoryBlobStore()),
        b -> b.embeddedDatabase(dir).forceCode("46").blobStore(new MemoryBlobStore()))) {
      EngineBuilder b = EvidenceEngine.builder();
      omit.accept(b);
      assertConfigurationError(b::build);
    }
  }

  @Test
  @DisplayName("bad settings are refused as they are given")
  void badSettings() {
    assertConfigurationError(() -> EvidenceEngine.builder().portalLinkBase(URI.create("ftp://x.example/r/")));
    assertConfigurationError(() -> EvidenceEngine.builder().portalLinkBase(URI.create("https://x.example/r")));
    assertConfigurationError(() -> EvidenceEngine.builder().invitationValidity(java.time.Duration.ZERO));
    assertConfigurationError(() -> EvidenceEngine.builder().outboxKey(new byte[16]));
    assertConfigurationError(() -> complete().referencePattern("{force}/{yy}").build());
    assertConfigurationError(() -> complete().forceCode("46/../x").build());
  }
}
