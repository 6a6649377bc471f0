package io.evidencekit.video.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.evidencekit.tck.video.SampleConsultation;
import io.evidencekit.tck.video.VideoSamples;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The OpenAPI document shipped in the module")
class OpenApiDocumentTest {
  static final String RESOURCE = "/io/evidencekit/video/http/video-source-openapi.yaml";

  private JsonNode document;
  private FakePlatform platform;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final ObjectMapper json = new ObjectMapper();

  @BeforeEach
  void load() throws Exception {
    try (InputStream in = OpenApiDocumentTest.class.getResourceAsStream(RESOURCE)) {
      assertThat(in).as("the document is on the classpath at " + RESOURCE).isNotNull();
      document = new YAMLMapper().readTree(in);
    }
    platform = FakePlatform.start(Clock.fixed(Instant.parse("2026-11-03T09:00:00Z"), ZoneOffset.UTC), new Sleeps());
  }

  @AfterEach
  void stop() {
    platform.close();
  }

  private JsonNode send(String method, String path) throws Exception {
    HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(platform.baseUri().resolve(path))
        .method(method, HttpRequest.BodyPublishers.noBody()).header("Authorization", "Bearer " + FakePlatform.TOKEN).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.statusCode()).isEqualTo(200);
    return json.readTree(response.body());
  }

  @Test
  @DisplayName("parses as YAML into an OpenAPI 3.1 document with a title, a version and both ways to authenticate")
  void parses() {
    assertThat(document.path("openapi").asText()).isEqualTo("3.1.0");
    assertThat(document.path("info").path("title").asText()).isNotBlank();
    assertThat(document.path("info").path("version").asText()).isNotBlank();
    assertThat(document.at("/components/securitySchemes/bearerToken/scheme").asText()).isEqualTo("bearer");
    assertThat(document.at("/components/securitySchemes/mutualTls/type").asText()).isEqualTo("mutualTLS");
  }

  @Test
  @DisplayName("every $ref points at something in the document")
  void referencesResolve() {
    SchemaCheck check = new SchemaCheck(document);
    List<String> refs = new ArrayList<>();
    collectRefs(document, refs);

    assertThat(refs).hasSizeGreaterThan(20);
    assertThat(refs).allSatisfy(ref -> assertThat(check.resolve(ref)).as(ref).isNotNull());
  }

  @Test
  @DisplayName("it defines every operation the client uses, with ranged downloads, Retry-After and problem bodies")
  void operations() {
    JsonNode paths = document.path("paths");
    String recording = "/consultations/{consultationId}/recordings/{recordingId}";

    assertThat(paths.at("/~1consultations/get/operationId").asText()).isEqualTo("listConsultations");
    assertThat(paths.path("/consultations/{consultationId}").path("get").path("operationId").asText()).isEqualTo("getConsultation");
    assertThat(paths.path(recording).path("delete").path("operationId").asText()).isEqualTo("deleteRecording");
    JsonNode download = paths.path(recording + "/content").path("get");
    assertThat(download.path("operationId").asText()).isEqualTo("downloadRecording");
    assertThat(download.path("responses").has("206")).isTrue();
    assertThat(download.path("responses").has("416")).isTrue();
    assertThat(download.at("/responses/206/headers/Content-Range/required").asBoolean()).isTrue();
    assertThat(document.at("/components/responses/TooManyRequests/headers/Retry-After/$ref").asText())
        .isEqualTo("#/components/headers/RetryAfter");
    assertThat(document.at("/components/responses/NotFound/content").has("application/problem+json")).isTrue();
  }

  @Test
  @DisplayName("the fake platform's answers conform to the document, so passing against it means passing against the document")
  void fakeConforms() throws Exception {
    SchemaCheck check = new SchemaCheck(document);
    platform.publish(VideoSamples.consultation(1, 100, 200));
    platform.publish(VideoSamples.withConsent(2, Optional.empty(), 10));
    platform.publish(VideoSamples.withConsent(3, Optional.of(VideoSamples.consentRefused(VideoSamples.BASE)), 10));
    SampleConsultation missing = VideoSamples.consultation(4, 10, 20);
    platform.publish(VideoSamples.withoutBytes(missing, missing.consultation().recordings().get(1).id()));

    JsonNode receipt = send("DELETE", "consultations/vc-1/recordings/rec-1-1");
    JsonNode page = send("GET", "consultations?limit=10");
    JsonNode one = send("GET", "consultations/vc-1");

    assertThat(check.check(receipt, "#/components/schemas/DeletionReceipt")).isEmpty();
    assertThat(check.check(page, "#/components/schemas/ConsultationPage")).isEmpty();
    assertThat(check.check(one, "#/components/schemas/Consultation")).isEmpty();
    assertThat(page.path("consultations")).hasSize(4);
  }

  @Test
  @DisplayName("the check is not vacuous: a consultation without its call reference, or with an unknown state, does not conform")
  void checkCatchesDrift() throws Exception {
    SchemaCheck check = new SchemaCheck(document);
    platform.publish(VideoSamples.consultation(1, 100));
    ObjectNode one = (ObjectNode) send("GET", "consultations/vc-1");
    ObjectNode noReference = one.deepCopy();
    noReference.remove("callReference");
    ObjectNode badState = one.deepCopy();
    ((ObjectNode) badState.get("recordings").get(0)).put("state", "PURGED");
    ObjectNode extra = one.deepCopy();
    extra.put("undeclared", true);

    assertThat(check.check(noReference, "#/components/schemas/Consultation")).singleElement().asString().contains("callReference");
    assertThat(check.check(badState, "#/components/schemas/Consultation")).singleElement().asString().contains("state");
    assertThat(check.check(extra, "#/components/schemas/Consultation")).singleElement().asString().contains("undeclared");
  }

  private static void collectRefs(JsonNode node, List<String> refs) {
    if (node.isObject()) {
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        String name = it.next();
        if (name.equals("$ref")) {
          refs.add(node.get(name).asText());
        } else {
          collectRefs(node.get(name), refs);
        }
      }
    } else if (node.isArray()) {
      node.forEach(child -> collectRefs(child, refs));
    }
  }
}
