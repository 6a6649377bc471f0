package io.evidencekit.portal;

import io.evidencekit.api.Declaration;
import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.EvidenceItem;
import io.evidencekit.api.ItemId;
import io.evidencekit.api.PublicRequestView;
import io.evidencekit.api.Receipt;
import io.evidencekit.api.Submission;
import io.evidencekit.api.SubmissionId;
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
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything under {@code /r/<token>}: the request page (GET, reads only), the plain form posts that
 * work without JavaScript (add files, remove a file, submit), a small JSON start call for the script,
 * and the tus endpoint. Every request first passes the per-address guessing limit and the engine's
 * token check; nothing here ever writes the token to a log or an error message.
 */
final class PortalServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(PortalServlet.class);
  /** Engine tokens are 43 base64url characters; anything far off that shape is not looked up. */
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{16,128}");

  private final transient PublicSide engine;
  private final transient Portal.Settings settings;
  private final transient Views views;
  private final transient Csrf csrf;
  private final transient TokenRateLimiter limiter;
  private final transient TusEndpoint tus;

  PortalServlet(PublicSide engine, Portal.Settings settings, Views views, Csrf csrf, TokenRateLimiter limiter,
      TusEndpoint tus) {
    this.engine = engine;
    this.settings = settings;
    this.views = views;
    this.csrf = csrf;
    this.limiter = limiter;
    this.tus = tus;
  }

  Views views() {
    return views;
  }

  TusEndpoint tus() {
    return tus;
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException, ServletException {
    resp.setHeader("Cache-Control", "no-store");
    String info = req.getPathInfo() == null ? "" : req.getPathInfo();
    String[] parts = info.isEmpty() ? new String[0] : info.substring(1).split("/", -1);
    String token = parts.length == 0 ? "" : parts[0];
    String action = parts.length > 1 ? parts[1] : "";
    boolean tusRequest = action.equals("uploads");
    String address = req.getRemoteAddr();
    if (!limiter.allowed(address)) {
      resp.setHeader("Retry-After", Long.toString(limiter.retryAfterSeconds(address)));
      respond(req, resp, tusRequest, 429, "Too many attempts",
          List.of("There have been too many attempts to open links from your connection.",
              "Wait a few minutes, then try the link again."));
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
        limiter.failed(address);
        linkProblem(req, resp, e.code(), tusRequest);
        return;
      }
      throw e;
    }
    String base = req.getContextPath() + "/r/" + token;
    String method = req.getMethod();
    try {
      switch (action) {
        case "" -> {
          if (parts.length != 1 || !(method.equals("GET") || method.equals("HEAD"))) {
            notAllowed(req, resp, "GET, HEAD");
          } else {
            showRequest(req, resp, token, view, submissionParam(req.getParameter("s")), "", List.of(), 200);
          }
        }
        case "start" -> post(req, resp, () -> start(req, resp, token));
        case "files" -> post(req, resp, () -> addFiles(req, resp, token, view, base));
        case "remove" -> post(req, resp, () -> remove(req, resp, token, view, base));
        case "submit" -> post(req, resp, () -> submit(req, resp, token, view));
        case "uploads" -> tus.handle(req, resp, token, view, parts.length > 2 ? parts[2] : null,
            parts.length <= 3 && csrf.valid(req, req.getHeader(Csrf.HEADER)));
        default -> notFound(req, resp);
      }
    } catch (EvidenceException e) {
      if (isLinkProblem(e.code())) {
        linkProblem(req, resp, e.code(), tusRequest);
      } else {
        failure(req, resp, tusRequest, e);
      }
    }
  }

  // ------------------------------------------------------------------ pages and actions

  private void showRequest(HttpServletRequest req, HttpServletResponse resp, String token, PublicRequestView view,
      Optional<SubmissionId> submission, String caption, List<FieldError> errors, int status) throws IOException {
    List<EvidenceItem> items = List.of();
    Optional<SubmissionId> draft = submission;
    if (submission.isPresent()) {
      try {
        items = engine.draftItems(token, submission.get());
      } catch (EvidenceException e) {
        if (e.code() == ErrorCode.SUBMISSION_CLOSED) {
          html(resp, 200, views.message(req.getContextPath(), "Your files have been sent",
              List.of("These files were sent to " + view.officerDisplayName() + " for Evidence Request "
                  + view.reference() + ". The receipt was shown when you sent them.",
                  "To send more files, open the link from your email or text message again.")));
          return;
        }
        if (e.code() != ErrorCode.NOT_FOUND && e.code() != ErrorCode.INVALID_INPUT) {
          throw e;
        }
        draft = Optional.empty(); // someone else's or a mistyped submission: start afresh
      }
    }
    String token43 = csrf.issue(req, resp);
    List<FileRow> rows = items.stream()
        .map(i -> new FileRow(i.id().toString(), DisplayText.fileName(i.submittedName()), DisplayText.size(i.size())))
        .toList();
    String title = errors.isEmpty() ? "Evidence Request " + view.reference() : "Error: Evidence Request " + view.reference();
    RequestPage page = new RequestPage(views.chrome(req.getContextPath(), title, true),
        req.getContextPath() + "/r/" + token, token43, view.reference().toString(), view.officerDisplayName(),
        view.officerEmail().toString(), view.officerPhone().toString(), view.description(),
        DisplayText.when(view.expiresAt(), settings.zone()), view.limits().maxFilesPerSubmission(),
        DisplayText.size(view.limits().maxBytesPerFile()), DisplayText.size(view.limits().maxBytesPerSubmission()),
        view.limits().maxBytesPerFile(), draft.map(SubmissionId::toString), rows, caption,
        DisplayText.declaration(rows.size()), errors);
    html(resp, status, views.render("request.jte", page));
  }

  /** For the script: starts a submission so uploads have somewhere to go. */
  private void start(HttpServletRequest req, HttpServletResponse resp, String token) throws IOException {
    if (!csrf.valid(req, presented(req, null))) {
      forbidden(req, resp);
      return;
    }
    SubmissionId id = engine.startSubmission(token);
    resp.setStatus(201);
    resp.setContentType("application/json");
    resp.getOutputStream().write(("{\"submission\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8));
  }

  /** The no-JavaScript path: a multipart form, each part spilled to disk and streamed to the engine. */
  private void addFiles(HttpServletRequest req, HttpServletResponse resp, String token, PublicRequestView view,
      String base) throws IOException, ServletException {
    if (!csrf.hasCookie(req)) { // before reading a large body the browser would not have sent with the cookie
      forbidden(req, resp);
      return;
    }
    Collection<Part> parts;
    try {
      parts = req.getParts();
    } catch (IllegalStateException | IOException | ServletException e) {
      // The parser stops at the per-file or per-request size (limits enforced while streaming).
      boolean tooBig = req.getContentLengthLong() > view.limits().maxBytesPerFile()
          || String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("exceed");
      resp.setHeader("Connection", "close"); // the rest of the body is not read: do not reuse the connection
      showRequest(req, resp, token, view, Optional.empty(), "", List.of(new FieldError("files", tooBig
          ? "The selected files are too big. Each file must be " + DisplayText.size(view.limits().maxBytesPerFile()) + " or smaller"
          : "The files could not be received. Try again")), tooBig ? 413 : 400);
      return;
    }
    try {
      if (!csrf.valid(req, field(req, Csrf.FIELD))) {
        forbidden(req, resp);
        return;
      }
      Optional<SubmissionId> submission = submissionParam(field(req, "submission"));
      List<Part> files = parts.stream()
          .filter(p -> p.getName().equals("files") && p.getSubmittedFileName() != null && !p.getSubmittedFileName().isEmpty())
          .toList();
      if (files.isEmpty()) {
        showRequest(req, resp, token, view, submission, "", List.of(new FieldError("files", "Select a file to upload")), 400);
        return;
      }
      SubmissionId id = submission.isPresent() && isDraft(token, submission.get())
          ? submission.get() : engine.startSubmission(token);
      for (Part file : files) {
        try (InputStream in = file.getInputStream()) {
          engine.addFile(token, id, file.getSubmittedFileName(),
              file.getContentType() == null ? "application/octet-stream" : file.getContentType(), in);
        } catch (EvidenceException e) {
          if (e.code() == ErrorCode.LIMIT_EXCEEDED || e.code() == ErrorCode.INVALID_INPUT) {
            showRequest(req, resp, token, view, Optional.of(id), "", List.of(new FieldError("files",
                limitMessage(view, file.getSubmittedFileName(), e))), e.code() == ErrorCode.LIMIT_EXCEEDED ? 413 : 400);
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
    }
  }

  private void remove(HttpServletRequest req, HttpServletResponse resp, String token, PublicRequestView view, String base)
      throws IOException {
    if (!csrf.valid(req, presented(req, req.getParameter(Csrf.FIELD)))) {
      forbidden(req, resp);
      return;
    }
    Optional<SubmissionId> submission = submissionParam(req.getParameter("submission"));
    Optional<ItemId> item = itemParam(req.getParameter("item"));
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
    if (!csrf.valid(req, req.getParameter(Csrf.FIELD))) {
      forbidden(req, resp);
      return;
    }
    Optional<SubmissionId> submission = submissionParam(req.getParameter("submission"));
    String caption = Optional.ofNullable(req.getParameter("caption")).orElse("");
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
        errors.add(new FieldError("files", "Select at least one file to upload before you submit"));
      }
      if (caption.strip().length() > Submission.MAX_CAPTION) {
        errors.add(new FieldError("caption", "The caption must be " + Submission.MAX_CAPTION + " characters or fewer"));
      }
      if (!"agreed".equals(req.getParameter("declaration"))) {
        errors.add(new FieldError("declaration", "Select the declaration to confirm that the files are relevant to the incident"));
      } else if (!items.isEmpty() && !String.valueOf(items.size()).equals(req.getParameter("files"))) {
        errors.add(new FieldError("declaration", "The number of files has changed: there are now " + items.size()
            + ". Check the list and select the declaration again"));
      }
      if (!errors.isEmpty()) {
        showRequest(req, resp, token, view, submission, caption, errors, 400);
        return;
      }
    }
    int count = items != null ? items.size() : parseCount(req.getParameter("files"));
    Receipt receipt = engine.submit(token, submission.orElseThrow(), caption.isBlank() ? Optional.empty()
        : Optional.of(caption), Declaration.of(count));
    LOG.info("submission received for {} ({} files)", receipt.reference(), receipt.files().size());
    List<ReceiptPage.Line> lines = receipt.files().stream()
        .map(l -> new ReceiptPage.Line(DisplayText.fileName(l.name()), DisplayText.size(l.size()), l.size(), l.sha256().hex()))
        .toList();
    ReceiptPage page = new ReceiptPage(views.chrome(req.getContextPath(), "Evidence sent", false),
        receipt.reference().toString(), DisplayText.when(receipt.submittedAt(), settings.zone()),
        view.officerDisplayName(), lines, receipt.caption(), DisplayText.declaration(receipt.declaration().fileCount()));
    html(resp, 200, views.render("receipt.jte", page));
  }

  // ------------------------------------------------------------------ helpers

  @FunctionalInterface
  private interface Action {
    void run() throws IOException, ServletException;
  }

  private void post(HttpServletRequest req, HttpServletResponse resp, Action action) throws IOException, ServletException {
    if (!req.getMethod().equals("POST")) {
      notAllowed(req, resp, "POST");
      return;
    }
    action.run();
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

  private static String limitMessage(PublicRequestView view, String fileName, EvidenceException e) {
    if (e.code() == ErrorCode.INVALID_INPUT) {
      return "The name of the file " + DisplayText.fileName(abbreviate(fileName)) + " is too long. Rename it and try again";
    }
    return "The file " + DisplayText.fileName(abbreviate(fileName)) + " could not be added: you can send up to "
        + view.limits().maxFilesPerSubmission() + " files, each up to " + DisplayText.size(view.limits().maxBytesPerFile())
        + " and " + DisplayText.size(view.limits().maxBytesPerSubmission()) + " in total";
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 60) + "…" + s.substring(s.length() - 15);
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
    String heading = switch (code) {
      case INVITATION_EXPIRED -> "This link has expired";
      case INVITATION_REVOKED -> "This link no longer works";
      default -> "This link does not work";
    };
    respond(req, resp, bare, status, heading, List.of(
        "Ask the officer who asked you for evidence to send you a new link.",
        "You can find their details in the email or text message the link came in. Replies to that message are not monitored."));
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
    String heading = status == 500 ? "Sorry, there is a problem with the service" : "Sorry, that did not work";
    respond(req, resp, bare, status, heading, status == 500
        ? List.of("Try again later. Files that were marked as received are safe.")
        : List.of("Go back to the link from your email or text message and try again."));
  }

  private void forbidden(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    respond(req, resp, wantsJson(req), 403, "Your page has expired",
        List.of("For your security the page must be reloaded before you can continue.",
            "Open the link from your email or text message again. Files already marked as received are kept."));
  }

  private void notFound(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    respond(req, resp, false, 404, "Page not found", List.of("Open the link from your email or text message again."));
  }

  private void notAllowed(HttpServletRequest req, HttpServletResponse resp, String allow) throws IOException {
    resp.setHeader("Allow", allow);
    respond(req, resp, false, 405, "Page not found", List.of("Open the link from your email or text message again."));
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
