package io.evidencekit.portal;

import io.evidencekit.api.Declaration;
import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.EvidenceItem;
import io.evidencekit.api.ItemId;
import io.evidencekit.api.ItemMedia;
import io.evidencekit.api.Limits;
import io.evidencekit.api.PublicRequestView;
import io.evidencekit.api.Receipt;
import io.evidencekit.api.Submission;
import io.evidencekit.api.SubmissionId;
import io.evidencekit.api.SubmissionPolicy;
import io.evidencekit.api.PublicSide;
import io.evidencekit.portal.view.FieldError;
import io.evidencekit.portal.view.FileRow;
import io.evidencekit.portal.view.ReceiptPage;
import io.evidencekit.portal.view.RequestPage;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything under {@code /r/<token>}: the request page (GET, reads only), the plain form posts that
 * work without JavaScript (add files, remove a file, submit), a small JSON start call for the script,
 * and the tus endpoint. Every request's token is looked up first; a failed look-up is counted by the
 * guessing limiter, a valid link is never refused. Nothing here ever writes the token to a log or an
 * error message, and every sentence shown comes from the message bundle.
 *
 * <p>Re-issuing a link while its recipient is uploading: the old link answers 410 at once ("This link
 * no longer works", pointing to the newer link), uploads in progress through it are deleted on their
 * next request, and its unfinished draft is closed as abandoned (its received files stay in custody,
 * unsubmitted). The new link opens an empty page: the recipient adds the files again. A draft belongs to
 * the link it was started through, so no one can submit files someone else sent with an earlier link.
 */
final class PortalServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(PortalServlet.class);
  /** Engine tokens are 43 base64url characters; anything far off that shape is not looked up. */
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{16,128}");
  /** The small forms (remove, start): a few ids and the CSRF value. */
  private static final int SMALL_FORM_BYTES = 4096;
  /** The submit form: a caption of 2,000 characters is at most ~24 KB percent-encoded; the rest is small. */
  static final int SUBMIT_FORM_BYTES = 64 * 1024;
  /** Characters of an over-long caption kept to show back, so the submitter can shorten it. */
  private static final int CAPTION_ECHO = 4 * Submission.MAX_CAPTION;

  private final transient PublicSide engine;
  private final transient Portal.Settings settings;
  private final transient Views views;
  private final transient Messages messages;
  private final transient ErrorPages pages;
  private final transient Csrf csrf;
  private final transient LinkGuessBudget limiter;
  private final transient TusEndpoint tus;
  private final long multipartLimit;
  /** When drafts were last swept; the sweep runs lazily, at most hourly, on a request that changes something. */
  private final transient java.util.concurrent.atomic.AtomicReference<java.time.Instant> lastSweep =
      new java.util.concurrent.atomic.AtomicReference<>(java.time.Instant.EPOCH);
  private final transient java.time.Clock clock;

  PortalServlet(PublicSide engine, Portal.Settings settings, Views views, ErrorPages pages, Csrf csrf,
      LinkGuessBudget limiter, TusEndpoint tus, long multipartLimit, java.time.Clock clock) {
    this.clock = clock;
    this.engine = engine;
    this.settings = settings;
    this.views = views;
    this.messages = views.messages();
    this.pages = pages;
    this.csrf = csrf;
    this.limiter = limiter;
    this.tus = tus;
    this.multipartLimit = multipartLimit;
  }

  TusEndpoint tus() {
    return tus;
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException, ServletException {
    resp.setHeader("Cache-Control", "no-store");
    String info = req.getPathInfo() == null ? "" : req.getPathInfo();
    String[] parts = info.length() <= 1 ? new String[0] : info.substring(1).split("/", -1);
    String token = parts.length == 0 ? "" : parts[0];
    String action = parts.length > 1 ? parts[1] : "";
    boolean tusRequest = action.equals("uploads");
    @Nullable String uploadId = tusRequest && parts.length > 2 ? parts[2] : null;
    if (token.isEmpty()) {
      pages.write(resp, req.isSecure(), req.getContextPath(), 404);
      return;
    }
    PublicRequestView view;
    try {
      if (!TOKEN.matcher(token).matches()) {
        throw new EvidenceException(ErrorCode.INVITATION_UNKNOWN, "no such link");
      }
      view = engine.viewInvitation(token);
    } catch (EvidenceException e) {
      if (isLinkProblem(e.code())) {
        if (tusRequest) {
          tus.linkEnded(token, uploadId);
        }
        String address = req.getRemoteAddr();
        if (!limiter.failed(address)) {
          resp.setHeader("Retry-After", Long.toString(limiter.retryAfterSeconds(address)));
          respond(req, resp, tusRequest, 429, text("limited.heading"), List.of(text("limited.body"), text("limited.wait")));
        } else {
          linkProblem(req, resp, e.code(), tusRequest);
        }
        return;
      }
      throw e;
    }
    String base = req.getContextPath() + "/r/" + token;
    String method = req.getMethod();
    try {
      switch (action) {
        case "" -> {
          if (!(method.equals("GET") || method.equals("HEAD"))) {
            notAllowed(req, resp, "GET, HEAD");
          } else if (parts.length == 1) {
            showRequest(req, resp, token, view, submissionParam(FormBody.query(req.getQueryString()).value("s")),
                "", List.of(), 200);
          } else if (parts.length == 2) {
            // "/r/<token>/": the same page at its one address.
            Optional<SubmissionId> s = submissionParam(FormBody.query(req.getQueryString()).value("s"));
            resp.setStatus(301);
            resp.setHeader("Location", base + s.map(id -> "?s=" + id).orElse(""));
          } else {
            notFound(req, resp);
          }
        }
        case "start" -> post(req, resp, parts, () -> start(req, resp, token, view));
        case "files" -> post(req, resp, parts, () -> addFiles(req, resp, token, view, base));
        case "remove" -> post(req, resp, parts, () -> remove(req, resp, token, view, base));
        case "submit" -> post(req, resp, parts, () -> submit(req, resp, token, view));
        case "uploads" -> {
          if (parts.length > 3) {
            notFound(req, resp);
          } else {
            tus.handle(req, resp, token, view, uploadId, csrf.valid(req, req.getHeader(Csrf.HEADER)));
          }
        }
        default -> notFound(req, resp);
      }
    } catch (EvidenceException e) {
      if (isLinkProblem(e.code())) {
        linkProblem(req, resp, e.code(), tusRequest);
      } else {
        failure(req, resp, tusRequest || wantsJson(req), e);
      }
    }
  }

  // ------------------------------------------------------------------ pages and actions

  private void showRequest(HttpServletRequest req, HttpServletResponse resp, String token, PublicRequestView view,
      Optional<SubmissionId> submission, String caption, List<FieldError> errors, int status) throws IOException {
    if (!view.acceptsSubmissions()) {
      used(req, resp, view, 200);
      return;
    }
    List<EvidenceItem> items = List.of();
    Optional<SubmissionId> draft = submission;
    if (submission.isPresent()) {
      try {
        items = engine.draftItems(token, submission.get());
      } catch (EvidenceException e) {
        if (e.code() == ErrorCode.SUBMISSION_CLOSED) {
          sent(req, resp, view);
          return;
        }
        if (e.code() != ErrorCode.NOT_FOUND && e.code() != ErrorCode.INVALID_INPUT) {
          throw e;
        }
        draft = Optional.empty(); // someone else's, closed or mistyped: carry on with the link's own draft
      }
    }
    if (draft.isEmpty()) {
      // A returning visitor (the link opened again from the email) carries on with the files already added.
      draft = engine.currentDraft(token);
      if (draft.isPresent()) {
        items = engine.draftItems(token, draft.get());
      }
    }
    String token43 = csrf.issue(req, resp);
    Map<ItemId, ItemMedia> media = media(token, draft);
    MediaText mediaText = new MediaText(messages, settings.zone());
    List<FileRow> rows = items.stream()
        .map(i -> new FileRow(i.id().toString(), DisplayText.fileName(i.submittedName()), messages.size(i.size()),
            Optional.ofNullable(media.get(i.id())).flatMap(mediaText::facts),
            Optional.ofNullable(media.get(i.id())).map(m -> mediaText.warnings(m, view.timeWindows())).orElse(List.of())))
        .toList();
    Limits limits = view.limits();
    String title = text(errors.isEmpty() ? "request.title" : "request.title.error", view.reference().toString());
    RequestPage page = new RequestPage(views.chrome(req.getContextPath(), title, true),
        req.getContextPath() + "/r/" + token, token43, view.reference().toString(), view.officerDisplayName(),
        view.officerEmail().toString(), view.officerPhone().toString(), view.description(),
        messages.when(view.expiresAt(), settings.zone()),
        text("request.limits", limits.maxFilesPerSubmission(), messages.size(limits.maxBytesPerFile()),
            messages.size(limits.maxBytesPerSubmission())),
        text(view.submissionPolicy() == SubmissionPolicy.ONCE ? "request.policy.once" : "request.policy.repeatable"),
        view.submissionsSent() > 0 ? Optional.of(text("request.sentBefore", view.submissionsSent())) : Optional.empty(),
        limits.maxBytesPerFile(), limits.maxFilesPerSubmission(), Submission.MAX_CAPTION,
        draft.map(SubmissionId::toString), rows, caption, text("declaration", rows.size()), errors,
        messages.scriptMessages(), view.timeWindows().stream().map(mediaText::window).toList());
    html(resp, status, views.render("request.jte", page));
  }

  /** For the script: the draft uploads go to, the link's current one or a new one. */
  private void start(HttpServletRequest req, HttpServletResponse resp, String token, PublicRequestView view)
      throws IOException {
    String presented = req.getHeader(Csrf.HEADER);
    if (presented == null) {
      try (InputStream in = req.getInputStream()) {
        presented = FormBody.read(in, SMALL_FORM_BYTES, 200).value(Csrf.FIELD);
      }
    }
    if (!csrf.valid(req, presented)) {
      forbidden(req, resp);
      return;
    }
    if (!view.acceptsSubmissions()) {
      used(req, resp, view, 409);
      return;
    }
    sweepDraftsNowAndThen();
    Optional<SubmissionId> current = engine.currentDraft(token);
    SubmissionId id;
    if (current.isPresent()) {
      id = current.get();
    } else {
      try {
        id = engine.startSubmission(token);
      } catch (EvidenceException e) {
        if (e.code() == ErrorCode.LIMIT_EXCEEDED) {
          respond(req, resp, wantsJson(req), 409, text("drafts.heading"), List.of(text("drafts.body")));
          return;
        }
        throw e;
      }
    }
    resp.setStatus(current.isPresent() ? 200 : 201);
    resp.setContentType("application/json");
    resp.getOutputStream().write(("{\"submission\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The no-JavaScript path: a multipart form, each part spilled to disk, checked as a whole against the
   * limits (so either every selected file is added or none is), then streamed to the engine.
   */
  private void addFiles(HttpServletRequest req, HttpServletResponse resp, String token, PublicRequestView view,
      String base) throws IOException, ServletException {
    if (!csrf.hasCookie(req)) { // before reading a large body the browser would not have sent with the cookie
      forbidden(req, resp);
      return;
    }
    if (!view.acceptsSubmissions()) {
      used(req, resp, view, 409);
      return;
    }
    Limits limits = view.limits();
    String link = UploadStaging.tokenHash(token);
    long declared = req.getContentLengthLong();
    if (declared > multipartLimit) {
      // Larger than a whole submission may be: refused before a byte of it is read.
      resp.setHeader("Connection", "close");
      showRequest(req, resp, token, view, Optional.empty(), "", List.of(new FieldError("files",
          text("error.files.tooBigRequest", messages.size(limits.maxBytesPerSubmission())))), 413);
      return;
    }
    long reserve = declared >= 0 ? Math.min(declared, multipartLimit) : multipartLimit;
    StagingQuota quota = tus.staging().quota();
    StagingQuota.Refusal refusal = quota.reserveTransient(link, reserve);
    if (refusal != null) {
      resp.setHeader("Connection", "close");
      if (refusal == StagingQuota.Refusal.SERVER_FULL) {
        resp.setHeader("Retry-After", "120");
      }
      showRequest(req, resp, token, view, Optional.empty(), "", List.of(new FieldError("files", text("error.files.busy"))),
          refusal == StagingQuota.Refusal.SERVER_FULL ? 503 : 507);
      return;
    }
    Collection<Part> parts = List.of();
    try {
      try {
        parts = req.getParts();
      } catch (IllegalStateException | IOException | ServletException e) {
        // The parser stops at the size of the whole request (limits enforced while streaming).
        boolean tooBig = declared > multipartLimit || tooLarge(e);
        resp.setHeader("Connection", "close"); // the rest of the body is not read: do not reuse the connection
        showRequest(req, resp, token, view, Optional.empty(), "", List.of(new FieldError("files", tooBig
            ? text("error.files.tooBigRequest", messages.size(limits.maxBytesPerSubmission()))
            : text("error.files.notReceived"))), tooBig ? 413 : 400);
        return;
      }
      if (!csrf.valid(req, field(req, Csrf.FIELD))) {
        forbidden(req, resp);
        return;
      }
      Optional<SubmissionId> requested = submissionParam(field(req, "submission"));
      List<Part> files = parts.stream()
          .filter(p -> p.getName().equals("files") && p.getSubmittedFileName() != null && !p.getSubmittedFileName().isEmpty())
          .toList();
      Optional<SubmissionId> draft = requested.filter(id -> isDraft(token, id));
      if (draft.isEmpty()) {
        draft = engine.currentDraft(token);
      }
      if (files.isEmpty()) {
        showRequest(req, resp, token, view, draft, "", List.of(new FieldError("files", text("error.files.none"))), 400);
        return;
      }
      List<EvidenceItem> items = draft.isPresent() ? engine.draftItems(token, draft.get()) : List.of();
      Optional<Problem> problem = checkAll(files, items,
          draft.map(quota::pending).orElse(new StagingQuota.Pending(0, 0)), limits);
      if (problem.isPresent()) {
        showRequest(req, resp, token, view, draft, "", List.of(problem.get().error()), problem.get().status());
        return;
      }
      SubmissionId id;
      try {
        id = draft.isPresent() ? draft.get() : engine.startSubmission(token);
      } catch (EvidenceException e) {
        if (e.code() == ErrorCode.LIMIT_EXCEEDED) {
          respond(req, resp, false, 409, text("drafts.heading"), List.of(text("drafts.body")));
          return;
        }
        throw e;
      }
      for (Part file : files) {
        try (InputStream in = file.getInputStream()) {
          engine.addFile(token, id, file.getSubmittedFileName(),
              file.getContentType() == null ? "application/octet-stream" : file.getContentType(), in, file.getSize());
        } catch (EvidenceException e) {
          if (e.code() == ErrorCode.LIMIT_EXCEEDED || e.code() == ErrorCode.INVALID_INPUT) {
            // Only a race with uploads finishing meanwhile gets here: the files before this one were added.
            String name = DisplayText.fileName(DisplayText.abbreviate(file.getSubmittedFileName()));
            showRequest(req, resp, token, view, Optional.of(id), "", List.of(new FieldError("files",
                e.code() == ErrorCode.INVALID_INPUT ? text("error.files.nameTooLong", name)
                    : text("error.files.notAdded", name, limits.maxFilesPerSubmission(),
                        messages.size(limits.maxBytesPerFile()), messages.size(limits.maxBytesPerSubmission())))),
                e.code() == ErrorCode.LIMIT_EXCEEDED ? 413 : 400);
            return;
          }
          throw e;
        }
      }
      redirect(resp, base + "?s=" + id + "#files-heading");
    } finally {
      for (Part p : parts) {
        p.delete();
      }
      quota.releaseTransient(link, reserve);
    }
  }

  /** Why the selected files cannot be added, and the status to answer with. */
  private record Problem(FieldError error, int status) {}

  /**
   * The first reason the selected files cannot all be added, in the words the submitter needs; files
   * the submission holds and its unfinished uploads count.
   */
  private Optional<Problem> checkAll(List<Part> files, List<EvidenceItem> items, StagingQuota.Pending pending,
      Limits limits) {
    for (Part file : files) {
      String name = DisplayText.fileName(DisplayText.abbreviate(file.getSubmittedFileName()));
      if (file.getSubmittedFileName().length() > EvidenceItem.MAX_NAME) {
        return Optional.of(new Problem(new FieldError("files", text("error.files.nameTooLong", name)), 400));
      }
      if (file.getSize() > limits.maxBytesPerFile()) {
        return Optional.of(new Problem(new FieldError("files", text("error.files.tooBig", name,
            messages.size(file.getSize()), messages.size(limits.maxBytesPerFile()))), 413));
      }
    }
    int room = limits.maxFilesPerSubmission() - items.size() - pending.files();
    if (files.size() > room) {
      return Optional.of(new Problem(new FieldError("files", text("error.files.tooMany", files.size(),
          Math.max(0, room), limits.maxFilesPerSubmission())), 413));
    }
    long held = items.stream().mapToLong(EvidenceItem::size).sum() + pending.bytes();
    long selected = files.stream().mapToLong(Part::getSize).sum();
    long left = Math.max(0, limits.maxBytesPerSubmission() - held);
    if (selected > left) {
      return Optional.of(new Problem(new FieldError("files", text("error.files.tooBigTotal", messages.size(selected),
          messages.size(left), messages.size(limits.maxBytesPerSubmission()))), 413));
    }
    return Optional.empty();
  }

  private void remove(HttpServletRequest req, HttpServletResponse resp, String token, PublicRequestView view, String base)
      throws IOException {
    if (!csrf.hasCookie(req)) {
      forbidden(req, resp);
      return;
    }
    FormBody form;
    try (InputStream in = req.getInputStream()) {
      form = FormBody.read(in, SMALL_FORM_BYTES, 200);
    }
    if (!csrf.valid(req, presented(req, form.value(Csrf.FIELD)))) {
      forbidden(req, resp);
      return;
    }
    Optional<SubmissionId> submission = submissionParam(form.value("submission"));
    Optional<ItemId> item = itemParam(form.value("item"));
    if (submission.isEmpty() || item.isEmpty()) {
      failure(req, resp, wantsJson(req), new EvidenceException(ErrorCode.NOT_FOUND, "no such file"));
      return;
    }
    engine.removeFile(token, submission.get(), item.get());
    if (wantsJson(req)) {
      resp.setStatus(204);
    } else {
      redirect(resp, base + "?s=" + submission.get() + "#files-heading");
    }
  }

  private void submit(HttpServletRequest req, HttpServletResponse resp, String token, PublicRequestView view)
      throws IOException {
    if (!csrf.hasCookie(req)) { // before reading a body the browser would not have sent with the cookie
      forbidden(req, resp);
      return;
    }
    FormBody form;
    try (InputStream in = req.getInputStream()) {
      form = FormBody.read(in, SUBMIT_FORM_BYTES, CAPTION_ECHO);
    }
    if (!csrf.valid(req, presented(req, form.value(Csrf.FIELD)))) {
      forbidden(req, resp);
      return;
    }
    Optional<SubmissionId> submission = submissionParam(form.value("submission"));
    String caption = form.get("caption").orElse("");
    if (form.truncated()) {
      // Far longer than any caption may be: say so, without the rest of a body we did not read.
      resp.setHeader("Connection", "close");
      showRequest(req, resp, token, view, submission, caption,
          List.of(new FieldError("caption", text("error.caption.tooLarge", Submission.MAX_CAPTION))), 413);
      return;
    }
    List<FieldError> errors = new ArrayList<>();
    List<EvidenceItem> items = List.of();
    if (submission.isPresent()) {
      try {
        items = engine.draftItems(token, submission.get());
      } catch (EvidenceException e) {
        if (e.code() != ErrorCode.SUBMISSION_CLOSED) {
          throw e;
        }
        // Submitted already (a retried or double-clicked Submit): the engine returns the same receipt.
        items = null;
      }
    }
    if (items != null) {
      if (items.isEmpty()) {
        errors.add(new FieldError("files", text("error.files.noneToSubmit")));
      }
      int length = form.length("caption") > CAPTION_ECHO ? form.length("caption") : Submission.captionLength(caption);
      if (length > Submission.MAX_CAPTION) {
        errors.add(new FieldError("caption", text("error.caption.tooLong", Submission.MAX_CAPTION, length)));
      }
      if (!"agreed".equals(form.value("declaration"))) {
        errors.add(new FieldError("declaration", text("error.declaration.missing")));
      } else if (!items.isEmpty() && !String.valueOf(items.size()).equals(form.value("files"))) {
        errors.add(new FieldError("declaration", text("error.declaration.changed", items.size())));
      }
      if (!errors.isEmpty()) {
        showRequest(req, resp, token, view, submission, caption, errors, 400);
        return;
      }
    }
    int count = items != null ? items.size() : parseCount(form.value("files"));
    Receipt receipt = engine.submit(token, submission.orElseThrow(), caption.isBlank() ? Optional.empty()
        : Optional.of(caption), Declaration.of(count));
    LOG.info("submission received for {} ({} files)", receipt.reference(), receipt.files().size());
    // The receipt's lines and the media list are both in the order received; a file is matched by its hash.
    List<ItemMedia> media = List.copyOf(media(token, submission).values());
    MediaText mediaText = new MediaText(messages, settings.zone());
    List<ReceiptPage.Line> lines = new java.util.ArrayList<>();
    for (int i = 0; i < receipt.files().size(); i++) {
      Receipt.Line l = receipt.files().get(i);
      Optional<ItemMedia> m = i < media.size() && media.get(i).size() == l.size() ? Optional.of(media.get(i))
          : Optional.empty();
      lines.add(new ReceiptPage.Line(DisplayText.fileName(l.name()), messages.size(l.size()), l.size(), l.sha256().hex(),
          m.flatMap(mediaText::factsOnReceipt), m.map(x -> mediaText.warnings(x, view.timeWindows())).orElse(List.of())));
    }
    ReceiptPage page = new ReceiptPage(views.chrome(req.getContextPath(), text("receipt.title"), false),
        receipt.reference().toString(), messages.when(receipt.submittedAt(), settings.zone()),
        view.officerDisplayName(), lines, receipt.caption(), text("declaration", receipt.declaration().fileCount()));
    html(resp, 200, views.render("receipt.jte", page));
  }

  // ------------------------------------------------------------------ helpers

  /**
   * What the media inspector found in the submission's files, by item; empty when there is no submission or
   * the engine cannot say (a file list without durations is still a file list).
   */
  private Map<ItemId, ItemMedia> media(String token, Optional<SubmissionId> submission) {
    if (submission.isEmpty()) {
      return Map.of();
    }
    try {
      Map<ItemId, ItemMedia> byItem = new java.util.LinkedHashMap<>();
      engine.media(token, submission.get()).forEach(m -> byItem.put(m.item(), m));
      return byItem;
    } catch (EvidenceException e) {
      LOG.debug("media facts unavailable: {}", e.code());
      return Map.of();
    }
  }

  @FunctionalInterface
  private interface Action {
    void run() throws IOException, ServletException;
  }

  private void post(HttpServletRequest req, HttpServletResponse resp, String[] parts, Action action)
      throws IOException, ServletException {
    if (parts.length != 2) {
      notFound(req, resp);
      return;
    }
    if (!req.getMethod().equals("POST")) {
      notAllowed(req, resp, "POST");
      return;
    }
    action.run();
  }

  /**
   * Removes expired staged uploads at most once an hour, on a request that starts one: never on a GET,
   * which must change nothing. (Abandoned drafts are closed by the engine's own background sweep,
   * {@code Operations.sweepAbandonedDrafts}: the portal holds only the token holder's role.)
   */
  private void sweepDraftsNowAndThen() {
    java.time.Instant now = clock.instant();
    java.time.Instant last = lastSweep.get();
    if (now.isAfter(last.plus(java.time.Duration.ofHours(1))) && lastSweep.compareAndSet(last, now)) {
      try {
        tus.sweepExpired();
      } catch (EvidenceException e) {
        LOG.warn("sweeping abandoned drafts failed; will try again later: {}", e.toString());
      }
    }
  }

  private String text(String key, Object... args) {
    return messages.text(key, args);
  }

  private boolean isDraft(String token, SubmissionId id) {
    try {
      engine.draftItems(token, id);
      return true;
    } catch (EvidenceException e) {
      if (e.code() == ErrorCode.NOT_FOUND || e.code() == ErrorCode.SUBMISSION_CLOSED) {
        return false;
      }
      throw e;
    }
  }

  /** Whether the multipart parser stopped because the request passed its size (Jetty says 413 or "max ... size"). */
  private static boolean tooLarge(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
      if (m.contains("413") || m.contains("exceed") || m.contains("too large") || m.contains("max")) {
        return true;
      }
    }
    return false;
  }

  private static int parseCount(@Nullable String s) {
    try {
      return s == null ? 0 : Integer.parseInt(s);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static @Nullable String field(HttpServletRequest req, String name) throws IOException, ServletException {
    Part p = req.getPart(name);
    if (p == null || p.getSize() > 200) {
      return null;
    }
    try (InputStream in = p.getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static @Nullable String presented(HttpServletRequest req, @Nullable String formValue) {
    String header = req.getHeader(Csrf.HEADER);
    return header != null ? header : formValue;
  }

  private static Optional<SubmissionId> submissionParam(@Nullable String s) {
    if (s == null || s.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(SubmissionId.parse(s.strip()));
    } catch (EvidenceException e) {
      return Optional.empty();
    }
  }

  private static Optional<ItemId> itemParam(@Nullable String s) {
    try {
      return s == null ? Optional.empty() : Optional.of(ItemId.parse(s.strip()));
    } catch (EvidenceException e) {
      return Optional.empty();
    }
  }

  private static boolean wantsJson(HttpServletRequest req) {
    String accept = req.getHeader("Accept");
    return accept != null && accept.contains("application/json");
  }

  static boolean isLinkProblem(ErrorCode code) {
    return code == ErrorCode.INVITATION_UNKNOWN || code == ErrorCode.INVITATION_EXPIRED
        || code == ErrorCode.INVITATION_REVOKED;
  }

  private void linkProblem(HttpServletRequest req, HttpServletResponse resp, ErrorCode code, boolean bare)
      throws IOException {
    int status = code == ErrorCode.INVITATION_UNKNOWN ? 404 : 410;
    List<String> paragraphs = new ArrayList<>();
    String heading = switch (code) {
      case INVITATION_EXPIRED -> text("link.expired.heading");
      case INVITATION_REVOKED -> {
        paragraphs.add(text("link.revoked.newer"));
        yield text("link.revoked.heading");
      }
      default -> text("link.unknown.heading");
    };
    paragraphs.add(text("link.askOfficer"));
    paragraphs.add(text("link.findDetails"));
    respond(req, resp, bare, status, heading, paragraphs);
  }

  private void sent(HttpServletRequest req, HttpServletResponse resp, PublicRequestView view) throws IOException {
    if (view.submissionPolicy() == SubmissionPolicy.ONCE) {
      used(req, resp, view, 200);
      return;
    }
    html(resp, 200, views.message(req.getContextPath(), text("sent.heading"),
        List.of(text("sent.body", view.officerDisplayName(), view.reference().toString()), text("sent.more"))));
  }

  /** A single-use link that has been used: what was sent, and who to ask for another link. */
  private void used(HttpServletRequest req, HttpServletResponse resp, PublicRequestView view, int status)
      throws IOException {
    respond(req, resp, wantsJson(req), status, text("used.heading"),
        List.of(text("used.body", view.reference().toString()), text("used.more", view.officerDisplayName())));
  }

  private void failure(HttpServletRequest req, HttpServletResponse resp, boolean bare, EvidenceException e)
      throws IOException {
    int status = switch (e.code()) {
      case NOT_FOUND -> 404;
      case LIMIT_EXCEEDED -> 413;
      case SUBMISSION_CLOSED -> 409;
      case INVALID_INPUT, DECLARATION_MISMATCH, SUBMISSION_EMPTY, UPLOAD_INTERRUPTED -> 400;
      default -> 500;
    };
    if (status == 500) {
      // The engine's messages carry no tokens or personal data; the URL (which holds the token) is not logged.
      LOG.error("portal request failed: {}", e.toString(), e);
    }
    if (status == 500) {
      respond(req, resp, bare, status, text("problem.heading"), List.of(text("problem.body")));
    } else {
      respond(req, resp, bare, status, text("failed.heading"), List.of(text("failed.body")));
    }
  }

  private void forbidden(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    respond(req, resp, wantsJson(req), 403, text("forbidden.heading"),
        List.of(text("forbidden.body"), text("forbidden.reopen")));
  }

  private void notFound(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    pages.write(resp, req.isSecure(), req.getContextPath(), 404);
  }

  private void notAllowed(HttpServletRequest req, HttpServletResponse resp, String allow) throws IOException {
    resp.setHeader("Allow", allow);
    pages.write(resp, req.isSecure(), req.getContextPath(), 405);
  }

  private void respond(HttpServletRequest req, HttpServletResponse resp, boolean bare, int status, String heading,
      List<String> paragraphs) throws IOException {
    if (bare) {
      resp.setStatus(status);
      resp.setContentType("text/plain; charset=utf-8");
      resp.getOutputStream().write((heading + "\n").getBytes(StandardCharsets.UTF_8));
      return;
    }
    html(resp, status, views.message(req.getContextPath(), heading, paragraphs));
  }

  private static void redirect(HttpServletResponse resp, String location) {
    resp.setStatus(303);
    resp.setHeader("Location", location);
  }

  static void html(HttpServletResponse resp, int status, String body) throws IOException {
    resp.setStatus(status);
    resp.setContentType("text/html; charset=utf-8");
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    resp.setContentLength(bytes.length);
    resp.getOutputStream().write(bytes);
  }
}
