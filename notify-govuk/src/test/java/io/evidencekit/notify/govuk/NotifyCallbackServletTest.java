package io.evidencekit.notify.govuk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evidencekit.api.EmailAddress;
import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.PhoneNumber;
import io.evidencekit.spi.Channel;
import io.evidencekit.spi.DeliveryStatus;
import io.evidencekit.spi.DeliveryUpdate;
import io.evidencekit.spi.InvitationNotice;
import io.evidencekit.tck.notify.SampleNotices;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("NotifyCallbackServlet, mounted in Jetty")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NotifyCallbackServletTest {
  static final String TOKEN = "cb-token-7f3c9a1e5b2d4c6f";
  static final UUID NOTIFY_ID = UUID.fromString("740e5834-3a29-46b4-9a6f-16142fde533a");
  static final UUID OUR_ID = UUID.fromString("0b6f2b52-4a5e-4d40-9a8c-2f1b7d1c3e10");

  final List<DeliveryUpdate> heard = new CopyOnWriteArrayList<>();
  final AtomicInteger failuresToCome = new AtomicInteger();
  final HttpClient http = HttpClient.newHttpClient();
  Server server;
  URI callback;

  @BeforeEach
  void start() throws Exception {
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    context.addServlet(new ServletHolder(new NotifyCallbackServlet(TOKEN, update -> {
      if (failuresToCome.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        throw new IllegalStateException("database down");
      }
      heard.add(update);
    })), "/notify/receipts");
    server.setHandler(context);
    server.start();
    callback = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/notify/receipts");
  }

  @AfterEach
  void stop() throws Exception {
    server.stop();
  }

  static String receipt(String status) {
    return new JSONObject()
        .put("id", NOTIFY_ID.toString())
        .put("reference", OUR_ID.toString())
        .put("to", "07700912345")
        .put("status", status)
        .put("created_at", "2017-05-14T12:15:30.000000Z")
        .put("completed_at", "2017-05-14T12:16:31.000000Z")
        .put("sent_at", "2017-05-14T12:15:35.000000Z")
        .put("notification_type", "sms")
        .put("template_id", "f33517ff-2a88-4f6e-b855-c550268ce08a")
        .put("template_version", 1)
        .toString();
  }

  HttpResponse<String> post(String authorization, String body) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(callback).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  @DisplayName("a receipt with the right bearer token reaches the listener as an update and is answered 200")
  void receiptHeard() throws Exception {
    HttpResponse<String> answer = post("Bearer " + TOKEN, receipt("permanent-failure"));

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(heard).singleElement().satisfies(u -> {
      assertThat(u.providerMessageId()).isEqualTo(NOTIFY_ID.toString());
      assertThat(u.messageId()).hasValue(OUR_ID);
      assertThat(u.channel()).hasValue(Channel.SMS);
      assertThat(u.status()).isEqualTo(DeliveryStatus.PERMANENT_FAILURE);
      assertThat(u.providerStatus()).isEqualTo("permanent-failure");
      assertThat(u.at()).isEqualTo(Instant.parse("2017-05-14T12:16:31Z"));
      assertThat(u.toString()).doesNotContain("07700912345");
    });
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"-", "Bearer", "Bearer ", "Basic Y2ItdG9rZW4=", "Bearer cb-token-7f3c9a1e5b2d4c6", // one short
      "Bearer cb-token-7f3c9a1e5b2d4c6f0", "Bearer cb-token-7f3c9a1e5b2d4c6e", "Bearer CB-TOKEN-7F3C9A1E5B2D4C6F"})
  @DisplayName("a missing or wrong token is 401 with our error body, nothing echoed, and the listener hears nothing")
  void refused(String authorization) throws Exception {
    HttpResponse<String> answer = post(authorization.equals("-") ? null : authorization, receipt("delivered"));

    assertThat(answer.statusCode()).isEqualTo(401);
    assertThat(answer.body()).isEqualTo("{\"error\":\"unauthorised\"}");
    assertThat(answer.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    assertThat(heard).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"not json <script>", "[]", "{}", "{\"id\":\"740e5834\",\"status\":\"delivered\"}",
      "{\"id\":\"740e5834-3a29-46b4-9a6f-16142fde533a\",\"status\":\"lost-in-space\",\"created_at\":\"2017-05-14T12:15:30.000000Z\"}",
      "{\"id\":\"740e5834-3a29-46b4-9a6f-16142fde533a\",\"status\":\"delivered\",\"created_at\":\"yesterday\"}"})
  @DisplayName("a body that is not a receipt is 400 and repeats nothing from it")
  void notAReceipt(String body) throws Exception {
    HttpResponse<String> answer = post("Bearer " + TOKEN, body);

    assertThat(answer.statusCode()).isEqualTo(400);
    assertThat(answer.body()).startsWith("{\"error\":\"not a Notify delivery receipt")
        .doesNotContain("script", "lost-in-space", "yesterday", "740e5834");
    assertThat(heard).isEmpty();
  }

  @Test
  @DisplayName("a body over 64 KiB is 413, whether or not it says its length")
  void tooLarge() throws Exception {
    String big = "{\"padding\":\"" + "x".repeat(NotifyCallbackServlet.MAX_BODY) + "\"}";
    assertThat(post("Bearer " + TOKEN, big).statusCode()).isEqualTo(413);

    HttpRequest chunked = HttpRequest.newBuilder(callback).header("Authorization", "Bearer " + TOKEN)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big.getBytes())))
        .build();
    assertThat(http.send(chunked, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(413);
    assertThat(heard).isEmpty();
  }

  @Test
  @DisplayName("GET is 405 with Allow: POST, and a non-JSON body is 415")
  void methodAndType() throws Exception {
    HttpResponse<String> get = http.send(HttpRequest.newBuilder(callback).header("Authorization", "Bearer " + TOKEN)
        .GET().build(), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> form = http.send(HttpRequest.newBuilder(callback).header("Authorization", "Bearer " + TOKEN)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("id=1")).build(), HttpResponse.BodyHandlers.ofString());

    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(get.headers().firstValue("Allow")).hasValue("POST");
    assertThat(form.statusCode()).isEqualTo(415);
  }

  @Test
  @DisplayName("when the listener fails the answer is 500, so Notify sends the receipt again, and the repeat is heard")
  void listenerFails() throws Exception {
    failuresToCome.set(1);

    HttpResponse<String> first = post("Bearer " + TOKEN, receipt("delivered"));
    HttpResponse<String> again = post("Bearer " + TOKEN, receipt("delivered"));

    assertThat(first.statusCode()).isEqualTo(500);
    assertThat(first.body()).isEqualTo("{\"error\":\"could not record the receipt\"}");
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(heard).hasSize(1);
  }

  @Test
  @DisplayName("a token shorter than Notify's 10 characters, or with spaces, is a configuration error; toString hides the token")
  void tokenRules() {
    assertThatThrownBy(() -> new NotifyCallbackServlet("short", u -> { }))
        .isInstanceOf(EvidenceException.class).extracting("code").isEqualTo(ErrorCode.CONFIGURATION);
    assertThatThrownBy(() -> new NotifyCallbackServlet("has a space in it", u -> { }))
        .isInstanceOf(EvidenceException.class).extracting("code").isEqualTo(ErrorCode.CONFIGURATION);
    assertThat(new NotifyCallbackServlet(TOKEN, u -> { }).toString()).doesNotContain(TOKEN);
  }

  @Test
  @DisplayName("end to end: the fake Notify's receipts for a delivered text and a failed email reach the listener")
  void endToEnd() {
    try (NotifyFixture fixture = new NotifyFixture()) {
      fixture.notify.outcomeFor("d.smith@public.example", "permanent-failure");
      NotifyNotifier notifier = fixture.notifier();
      InvitationNotice text = SampleNotices.invitation(new PhoneNumber("+447700900123"));
      InvitationNotice email = SampleNotices.invitation(new EmailAddress("d.smith@public.example"));
      String textId = notifier.send(text).providerMessageId().orElseThrow();
      String emailId = notifier.send(email).providerMessageId().orElseThrow();

      assertThat(fixture.notify.deliverReceipts(callback, TOKEN)).isEmpty();
      fixture.clock.advance(Duration.ofMinutes(2));
      assertThat(fixture.notify.deliverReceipts(callback, TOKEN)).containsExactly(200, 200);
      assertThat(fixture.notify.deliverReceipts(callback, TOKEN)).as("each receipt is sent once").isEmpty();

      assertThat(heard).hasSize(2);
      assertThat(heard).filteredOn(u -> u.providerMessageId().equals(textId)).singleElement().satisfies(u -> {
        assertThat(u.status()).isEqualTo(DeliveryStatus.DELIVERED);
        assertThat(u.messageId()).hasValue(text.messageId());
      });
      assertThat(heard).filteredOn(u -> u.providerMessageId().equals(emailId)).singleElement().satisfies(u -> {
        assertThat(u.status()).isEqualTo(DeliveryStatus.PERMANENT_FAILURE);
        assertThat(u.channel()).hasValue(Channel.EMAIL);
      });
    }
  }
}
