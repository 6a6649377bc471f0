package io.evidencekit.notify.govuk;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.json.JSONArray;
import org.json.JSONObject;

/**
 * GOV.UK Notify's public v2 API as its documentation describes it, in-process, for tests: JWT bearer
 * auth (HS256 with the key's secret, {@code iss} = service id, {@code iat} within 30 s, checked here
 * independently of the client's jose4j), sending text messages and emails from templates with Notify's
 * validation and error bodies, template and notification look-ups, statuses that move on as the test's
 * clock advances, delivery-receipt callbacks, and faults on demand (an error status, a hang, a delay, a
 * lost answer, a garbled answer).
 *
 * <p>The official client's requests are taken exactly as sent; {@link #requests()} keeps each one.
 * Thread-safe. {@link #close()} releases any hung request and stops the server.
 *
 * <p>Public, in this module's test jar, so the engine's and the example host's tests can run against it.
 */
public final class FakeNotify implements AutoCloseable {
  static final String KEY_NAME = "evidence_test";
  private static final Pattern PLACEHOLDER = Pattern.compile("\\(\\(([^()]+?)\\)\\)");
  private static final Pattern UK_MOBILE = Pattern.compile("\\+447[0-9]{9}");
  private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{7,14}");
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
  private static final int SMS_LIMIT = 918;

  /** One request as it arrived. */
  record Request(String method, String path, String userAgent, String contentType, String body) {
    JSONObject json() {
      return new JSONObject(body);
    }
  }

  /** A stored template; every edit makes a new version. */
  record Template(UUID id, String type, String name, String subject, String body, int version, Instant createdAt) {}

  /** A status a notification takes on this long after it was created. */
  record Step(Duration after, String status) {}

  private record Stored(UUID id, String reference, String type, String to, Template template, String body,
      String subject, Instant createdAt, List<Step> steps) {}

  private sealed interface Fault {
    /** Whether it waits for the next send rather than the next request of any kind. */
    default boolean sendsOnly() {
      return false;
    }
  }

  private record ErrorFault(int status, String error, String message, boolean sendsOnly) implements Fault {}

  private record RawFault(int status, String body) implements Fault {}

  private record HangFault() implements Fault {}

  private record DelayFault(Duration delay) implements Fault {}

  private record AcceptThenHangFault() implements Fault {
    @Override
    public boolean sendsOnly() {
      return true;
    }
  }

  private record GarbleFault() implements Fault {
    @Override
    public boolean sendsOnly() {
      return true;
    }
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final Clock clock;
  private final UUID serviceId = UUID.randomUUID();
  private final UUID secret = UUID.randomUUID();
  private final CountDownLatch release = new CountDownLatch(1);
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final Map<UUID, Template> templates = new HashMap<>();
  private final Map<UUID, Stored> notifications = new LinkedHashMap<>();
  private final Deque<Fault> faults = new ArrayDeque<>();
  private final Set<String> refusedNumbers = new HashSet<>();
  private final Map<String, String> outcomes = new HashMap<>();
  private final Set<UUID> smsSenders = new HashSet<>();
  private final Set<UUID> replyTos = new HashSet<>();
  private final Set<UUID> receipted = new LinkedHashSet<>();
  private Duration clockSkew = Duration.ZERO;
  private boolean keyRevoked;

  /** @param clock moves notifications through their statuses; JWTs are checked against real time, as Notify does */
  public FakeNotify(Clock clock) {
    this.clock = clock;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  // ---- set-up ------------------------------------------------------------------------------------

  public String apiKey() {
    return KEY_NAME + "-" + serviceId + "-" + secret;
  }

  /** A key for this service whose secret is not the service's: a mistyped or revoked key. */
  String wrongSecretKey() {
    return KEY_NAME + "-" + serviceId + "-" + UUID.randomUUID();
  }

  String secret() {
    return secret.toString();
  }

  public URI baseUrl() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  synchronized UUID addTemplate(String type, String name, String subject, String body) {
    UUID id = UUID.randomUUID();
    templates.put(id, new Template(id, type, name, subject, body, 1, clock.instant()));
    return id;
  }

  /** One of the module's suggested templates; an email's first line is its subject. */
  public UUID addSuggestedTemplate(String file) {
    String text = SuggestedTemplates.read(file);
    if (file.endsWith("-email.txt")) {
      int firstBreak = text.indexOf('\n');
      return addTemplate("email", file, text.substring(0, firstBreak), text.substring(firstBreak + 1).strip());
    }
    return addTemplate("sms", file, null, text.strip());
  }

  synchronized void editTemplate(UUID id, String body) {
    Template t = templates.get(id);
    templates.put(id, new Template(id, t.type(), t.name(), t.subject(), body, t.version() + 1, t.createdAt()));
  }

  synchronized UUID addSmsSender() {
    UUID id = UUID.randomUUID();
    smsSenders.add(id);
    return id;
  }

  synchronized UUID addReplyTo() {
    UUID id = UUID.randomUUID();
    replyTos.add(id);
    return id;
  }

  /** Notify will refuse this number as it would a number that does not exist. */
  public synchronized void refuseNumber(String e164) {
    refusedNumbers.add(e164);
  }

  /** The final status for messages to this address or number (default: delivered). */
  public synchronized void outcomeFor(String to, String finalStatus) {
    outcomes.put(to, finalStatus);
  }

  /** Notify's clock runs this far ahead of ours. */
  synchronized void skewClock(Duration skew) {
    clockSkew = skew;
  }

  synchronized void revokeKey() {
    keyRevoked = true;
  }

  /** The next request (of any kind) gets this error, in Notify's format. */
  public synchronized void failNext(int status, String error, String message) {
    faults.add(new ErrorFault(status, error, message, false));
  }

  /** The next send (not a look-up) gets this error, in Notify's format. */
  public synchronized void failNextSend(int status, String error, String message) {
    faults.add(new ErrorFault(status, error, message, true));
  }

  /** The next request gets this status and body as they are (a proxy's error page, say). */
  public synchronized void failNextRaw(int status, String body) {
    faults.add(new RawFault(status, body));
  }

  /** The next request gets no answer until the fake closes. */
  synchronized void hangNext() {
    faults.add(new HangFault());
  }

  /** The next request is answered normally after this delay. */
  synchronized void delayNext(Duration delay) {
    faults.add(new DelayFault(delay));
  }

  /** The next send is carried out (a message is created) but its answer never comes. */
  public synchronized void acceptThenHangNextSend() {
    faults.add(new AcceptThenHangFault());
  }

  /** The next send is carried out and answered 201 with a body that is not JSON. */
  synchronized void garbleNextSend() {
    faults.add(new GarbleFault());
  }

  // ---- what happened -----------------------------------------------------------------------------

  List<Request> requests() {
    return List.copyOf(requests);
  }

  List<Request> sends() {
    return requests.stream().filter(r -> r.method().equals("POST") && r.path().startsWith("/v2/notifications/")).toList();
  }

  /** The messages created for an address or number, as the recipient reads them (an email's subject first). */
  public synchronized List<String> messagesTo(String to) {
    return notifications.values().stream().filter(n -> n.to().equals(to))
        .map(n -> n.subject() == null ? n.body() : n.subject() + "\n" + n.body()).toList();
  }

  public synchronized int messageCount() {
    return notifications.size();
  }

  public synchronized String status(UUID id) {
    Stored n = notifications.get(id);
    return currentStep(n).status();
  }

  /**
   * Posts a delivery receipt, as Notify does, for every message whose status became final since the
   * last call, and returns the HTTP status each answer had.
   */
  public List<Integer> deliverReceipts(URI callback, String bearerToken) {
    List<JSONObject> due = new ArrayList<>();
    synchronized (this) {
      for (Stored n : notifications.values()) {
        Step step = currentStep(n);
        if (isFinal(step.status()) && !receipted.contains(n.id())) {
          receipted.add(n.id());
          due.add(receipt(n, step));
        }
      }
    }
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    List<Integer> answers = new ArrayList<>();
    for (JSONObject receipt : due) {
      HttpRequest request = HttpRequest.newBuilder(callback)
          .header("Authorization", "Bearer " + bearerToken)
          .header("Content-Type", "application/json")
          .timeout(Duration.ofSeconds(10))
          .POST(HttpRequest.BodyPublishers.ofString(receipt.toString()))
          .build();
      try {
        answers.add(http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    return answers;
  }

  @Override
  public void close() {
    release.countDown();
    server.stop(0);
    executor.shutdownNow();
  }

  // ---- the API -----------------------------------------------------------------------------------

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body;
      try (InputStream in = exchange.getRequestBody()) {
        body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      String path = exchange.getRequestURI().getPath();
      Request request = new Request(exchange.getRequestMethod(), path,
          String.valueOf(exchange.getRequestHeaders().getFirst("User-agent")),
          String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")), body);
      requests.add(request);

      Answer auth = authenticate(exchange.getRequestHeaders().getFirst("Authorization"));
      if (auth != null) {
        send(exchange, auth);
        return;
      }
      Fault fault = takeFault(request.method().equals("POST"));
      if (fault instanceof ErrorFault e) {
        send(exchange, error(e.status(), e.error(), e.message()));
        return;
      }
      if (fault instanceof RawFault r) {
        send(exchange, new Answer(r.status(), r.body()));
        return;
      }
      if (fault instanceof HangFault) {
        hang();
        return;
      }
      if (fault instanceof DelayFault d) {
        pause(d.delay());
      }
      Answer answer = route(request, exchange.getRequestURI());
      if (fault instanceof AcceptThenHangFault) {
        hang();
        return;
      }
      if (fault instanceof GarbleFault) {
        answer = new Answer(answer.status(), "<html>502 Bad Gateway</html>");
      }
      send(exchange, answer);
    } catch (IOException e) {
      // The client gave up (a timeout): nobody is listening for this answer.
    }
  }

  private synchronized Fault takeFault(boolean isSend) {
    for (java.util.Iterator<Fault> it = faults.iterator(); it.hasNext(); ) {
      Fault f = it.next();
      if (isSend || !f.sendsOnly()) {
        it.remove();
        return f;
      }
    }
    return null;
  }

  private Answer route(Request request, URI uri) {
    String path = request.path();
    Map<String, String> query = query(uri.getRawQuery());
    if (request.method().equals("POST") && path.equals("/v2/notifications/sms")) {
      return sendMessage("sms", request.json());
    }
    if (request.method().equals("POST") && path.equals("/v2/notifications/email")) {
      return sendMessage("email", request.json());
    }
    if (request.method().equals("GET") && path.equals("/v2/notifications")) {
      return list(query);
    }
    if (request.method().equals("GET") && path.startsWith("/v2/notifications/")) {
      return notification(path.substring("/v2/notifications/".length()));
    }
    if (request.method().equals("GET") && path.startsWith("/v2/template/")) {
      return template(path.substring("/v2/template/".length()));
    }
    return error(404, "NoResultFound", "No result found");
  }

  private synchronized Answer sendMessage(String type, JSONObject body) {
    UUID templateId = uuid(body.optString("template_id", ""));
    if (templateId == null) {
      return error(400, "ValidationError", "template_id is not a valid UUID");
    }
    Template template = templates.get(templateId);
    if (template == null) {
      return error(400, "BadRequestError", "Template not found");
    }
    if (!template.type().equals(type)) {
      return error(400, "BadRequestError", template.type() + " template is not suitable for " + type + " notification");
    }
    String to;
    if (type.equals("sms")) {
      to = body.optString("phone_number", "").replace(" ", "");
      if (to.isEmpty()) {
        return error(400, "ValidationError", "phone_number is a required property");
      }
      if (to.startsWith("07")) {
        to = "+44" + to.substring(1);
      }
      if (!E164.matcher(to).matches()) {
        return error(400, "ValidationError", "phone_number Must not contain letters or symbols");
      }
      if (!to.startsWith("+44")) {
        return error(400, "BadRequestError", "Cannot send to international mobile numbers");
      }
      if (!UK_MOBILE.matcher(to).matches() || refusedNumbers.contains(to)) {
        return error(400, "ValidationError", "phone_number Not a UK mobile number");
      }
      if (body.has("sms_sender_id") && !smsSenders.contains(uuid(body.getString("sms_sender_id")))) {
        return error(400, "BadRequestError", "sms_sender_id " + body.getString("sms_sender_id")
            + " does not exist in database for service id " + serviceId);
      }
    } else {
      to = body.optString("email_address", "");
      if (!EMAIL.matcher(to).matches()) {
        return error(400, "ValidationError", "email_address Not a valid email address");
      }
      if (body.has("email_reply_to_id") && !replyTos.contains(uuid(body.getString("email_reply_to_id")))) {
        return error(400, "BadRequestError", "email_reply_to_id " + body.getString("email_reply_to_id")
            + " does not exist in database for service id " + serviceId);
      }
    }
    JSONObject personalisation = body.optJSONObject("personalisation");
    Map<String, String> values = new HashMap<>();
    if (personalisation != null) {
      for (String key : personalisation.keySet()) {
        values.put(key.toLowerCase(Locale.ROOT), String.valueOf(personalisation.get(key)));
      }
    }
    Set<String> missing = new LinkedHashSet<>(placeholders(template.body()));
    if (template.subject() != null) {
      missing.addAll(placeholders(template.subject()));
    }
    missing.removeAll(values.keySet());
    if (!missing.isEmpty()) {
      return error(400, "BadRequestError", "Missing personalisation: " + String.join(", ", missing));
    }
    String rendered = render(template.body(), values);
    if (type.equals("sms") && rendered.length() > SMS_LIMIT) {
      return error(400, "BadRequestError", "Text messages cannot be longer than " + SMS_LIMIT
          + " characters. Your message is " + rendered.length() + " characters long.");
    }
    String subject = template.subject() == null ? null : render(template.subject(), values);
    String reference = body.has("reference") ? body.getString("reference") : null;
    Stored stored = new Stored(UUID.randomUUID(), reference, type, to, template, rendered, subject, clock.instant(),
        steps(type, to));
    notifications.put(stored.id(), stored);

    JSONObject content = new JSONObject().put("body", rendered);
    if (type.equals("sms")) {
      content.put("from_number", "EVIDENCE");
    } else {
      content.put("subject", subject).put("from_email", "evidence.requests@notifications.service.gov.uk");
    }
    JSONObject answer = new JSONObject()
        .put("id", stored.id().toString())
        .put("reference", reference == null ? JSONObject.NULL : reference)
        .put("content", content)
        .put("uri", baseUrl() + "/v2/notifications/" + stored.id())
        .put("template", templateRef(template))
        .put("scheduled_for", JSONObject.NULL);
    if (type.equals("email")) {
      answer.put("one_click_unsubscribe_url", JSONObject.NULL);
    }
    return new Answer(201, answer.toString());
  }

  private synchronized Answer notification(String idText) {
    UUID id = uuid(idText);
    if (id == null) {
      return error(400, "ValidationError", "notification_id is not a valid UUID");
    }
    Stored n = notifications.get(id);
    if (n == null) {
      return error(404, "NoResultFound", "No result found");
    }
    return new Answer(200, notificationJson(n).toString());
  }

  private synchronized Answer list(Map<String, String> query) {
    JSONArray found = new JSONArray();
    List<Stored> newestFirst = new ArrayList<>(notifications.values());
    java.util.Collections.reverse(newestFirst);
    for (Stored n : newestFirst) {
      if (query.containsKey("reference") && !query.get("reference").equals(n.reference())) {
        continue;
      }
      if (query.containsKey("template_type") && !query.get("template_type").equals(n.type())) {
        continue;
      }
      if (query.containsKey("status") && !query.get("status").equals(currentStep(n).status())) {
        continue;
      }
      found.put(notificationJson(n));
    }
    JSONObject links = new JSONObject().put("current", baseUrl() + "/v2/notifications").put("next", JSONObject.NULL);
    return new Answer(200, new JSONObject().put("notifications", found).put("links", links).toString());
  }

  private synchronized Answer template(String rest) {
    UUID id = uuid(rest);
    Template t = id == null ? null : templates.get(id);
    if (t == null) {
      return error(id == null ? 400 : 404, id == null ? "ValidationError" : "NoResultFound",
          id == null ? "id is not a valid UUID" : "No result found");
    }
    JSONObject json = new JSONObject()
        .put("id", t.id().toString())
        .put("name", t.name())
        .put("type", t.type())
        .put("created_at", iso(t.createdAt()))
        .put("updated_at", JSONObject.NULL)
        .put("created_by", "someone@force.example")
        .put("version", t.version())
        .put("body", t.body())
        .put("subject", t.subject() == null ? JSONObject.NULL : t.subject())
        .put("letter_contact_block", JSONObject.NULL);
    return new Answer(200, json.toString());
  }

  private JSONObject notificationJson(Stored n) {
    Step step = currentStep(n);
    Instant sentAt = step.status().equals("created") ? null : n.createdAt().plusSeconds(5);
    Instant completedAt = isFinal(step.status()) ? n.createdAt().plus(step.after()) : null;
    JSONObject json = new JSONObject()
        .put("id", n.id().toString())
        .put("reference", n.reference() == null ? JSONObject.NULL : n.reference())
        .put("email_address", n.type().equals("email") ? n.to() : JSONObject.NULL)
        .put("phone_number", n.type().equals("sms") ? n.to() : JSONObject.NULL)
        .put("type", n.type())
        .put("status", step.status())
        .put("template", templateRef(n.template()))
        .put("body", n.body())
        .put("subject", n.subject() == null ? JSONObject.NULL : n.subject())
        .put("created_at", iso(n.createdAt()))
        .put("created_by_name", JSONObject.NULL)
        .put("sent_at", sentAt == null ? JSONObject.NULL : iso(sentAt))
        .put("completed_at", completedAt == null ? JSONObject.NULL : iso(completedAt))
        .put("estimated_delivery", JSONObject.NULL)
        .put("is_cost_data_ready", false)
        .put("cost_in_pounds", 0.0)
        .put("cost_details", new JSONObject());
    return json;
  }

  private JSONObject receipt(Stored n, Step step) {
    return new JSONObject()
        .put("id", n.id().toString())
        .put("reference", n.reference() == null ? JSONObject.NULL : n.reference())
        .put("to", n.to())
        .put("status", step.status())
        .put("created_at", iso(n.createdAt()))
        .put("completed_at", iso(n.createdAt().plus(step.after())))
        .put("sent_at", iso(n.createdAt().plusSeconds(5)))
        .put("notification_type", n.type())
        .put("template_id", n.template().id().toString())
        .put("template_version", n.template().version());
  }

  private JSONObject templateRef(Template t) {
    return new JSONObject().put("id", t.id().toString()).put("version", t.version())
        .put("uri", baseUrl() + "/v2/template/" + t.id() + "/version/" + t.version());
  }

  /** created at once, sending after 5 s, (pending after 30 s for texts), final after a minute. */
  private List<Step> steps(String type, String to) {
    List<Step> steps = new ArrayList<>();
    steps.add(new Step(Duration.ZERO, "created"));
    steps.add(new Step(Duration.ofSeconds(5), "sending"));
    if (type.equals("sms")) {
      steps.add(new Step(Duration.ofSeconds(30), "pending"));
    }
    steps.add(new Step(Duration.ofMinutes(1), outcomes.getOrDefault(to, "delivered")));
    return steps;
  }

  private Step currentStep(Stored n) {
    Duration age = Duration.between(n.createdAt(), clock.instant());
    Step current = n.steps().get(0);
    for (Step step : n.steps()) {
      if (age.compareTo(step.after()) >= 0) {
        current = step;
      }
    }
    return current;
  }

  private static boolean isFinal(String status) {
    return status.equals("delivered") || status.endsWith("-failure") || status.equals("sent");
  }

  // ---- auth --------------------------------------------------------------------------------------

  private record Answer(int status, String body) {}

  /** Null when the request may go on; otherwise Notify's answer. */
  private Answer authenticate(String header) {
    if (header == null || !header.startsWith("Bearer ")) {
      return error(401, "AuthError", "Unauthorized: authentication token must be provided");
    }
    String[] parts = header.substring(7).split("\\.");
    if (parts.length != 3) {
      return error(403, "AuthError", "Invalid token: signature, api token not found");
    }
    JSONObject head;
    JSONObject claims;
    try {
      head = new JSONObject(new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8));
      claims = new JSONObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      return error(403, "AuthError", "Invalid token: signature, api token not found");
    }
    if (!head.optString("alg").equals("HS256") || !claims.optString("iss").equals(serviceId.toString())) {
      return error(403, "AuthError", "Invalid token: API key not found");
    }
    byte[] expected = hmac(secret.toString(), parts[0] + "." + parts[1]);
    byte[] given;
    try {
      given = Base64.getUrlDecoder().decode(parts[2]);
    } catch (IllegalArgumentException e) {
      return error(403, "AuthError", "Invalid token: API key not found");
    }
    boolean revoked;
    Duration skew;
    synchronized (this) {
      revoked = keyRevoked;
      skew = clockSkew;
    }
    if (!MessageDigest.isEqual(expected, given) || revoked) {
      return error(403, "AuthError", "Invalid token: API key not found");
    }
    long now = Instant.now().plus(skew).getEpochSecond();
    if (!claims.has("iat") || Math.abs(now - claims.getLong("iat")) > 30) {
      return error(403, "AuthError", "Error: Your system clock must be accurate to within 30 seconds");
    }
    return null;
  }

  private static byte[] hmac(String key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  // ---- helpers -----------------------------------------------------------------------------------

  private static Answer error(int status, String error, String message) {
    JSONObject body = new JSONObject()
        .put("status_code", status)
        .put("errors", new JSONArray().put(new JSONObject().put("error", error).put("message", message)));
    return new Answer(status, body.toString());
  }

  private static void send(HttpExchange exchange, Answer answer) throws IOException {
    byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(answer.status(), bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private void hang() {
    try {
      release.await(2, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void pause(Duration delay) {
    try {
      // Stands for a slow Notify; no test measures it.
      release.await(delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static Set<String> placeholders(String text) {
    Set<String> names = new LinkedHashSet<>();
    Matcher m = PLACEHOLDER.matcher(text);
    while (m.find()) {
      String inside = m.group(1);
      int q = inside.indexOf("??");
      names.add((q < 0 ? inside : inside.substring(0, q)).strip().toLowerCase(Locale.ROOT));
    }
    return names;
  }

  /** Notify's rendering: values in place of placeholders, conditional text shown for "yes". */
  static String render(String text, Map<String, String> values) {
    Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String inside = m.group(1);
      int q = inside.indexOf("??");
      String name = (q < 0 ? inside : inside.substring(0, q)).strip().toLowerCase(Locale.ROOT);
      String value = values.get(name);
      String replacement = q < 0 ? value : ("yes".equalsIgnoreCase(value) ? inside.substring(q + 2) : "");
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new HashMap<>();
    if (raw == null) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  private static UUID uuid(String text) {
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String iso(Instant instant) {
    // Notify writes microseconds: 2017-05-14T12:15:30.000000Z.
    String s = instant.truncatedTo(ChronoUnit.MICROS).toString();
    return s.endsWith("Z") && !s.contains(".") ? s.replace("Z", ".000000Z") : s;
  }
}
