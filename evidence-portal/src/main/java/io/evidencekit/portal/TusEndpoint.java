package io.evidencekit.portal;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.EvidenceItem;
import io.evidencekit.api.Limits;
import io.evidencekit.api.PublicRequestView;
import io.evidencekit.api.SubmissionId;
import io.evidencekit.api.PublicSide;
import io.evidencekit.api.UploadKey;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A tus 1.0.0 server (core, creation, termination, expiration) at {@code /r/<token>/uploads}. Uploads
 * are staged durably, in a directory ({@link UploadStaging}) or a bucket ({@link PartUploadStaging}), and
 * handed to the engine once whole: a staged file through {@link PublicSide#addStagedFile} (adopted by the
 * blob store without a copy when it shares the staging file system), a bucket's upload as a stream;
 * the final PATCH answers with {@code Evidence-Item} and {@code Evidence-Sha256} so the page can tick
 * the file only once it is durably recorded.
 *
 * <p>Changing requests (POST, PATCH, DELETE) need the CSRF header as well as the token, and the tus
 * headers themselves force a CORS preflight that the portal never grants, so other sites cannot
 * drive uploads in a visitor's browser.
 *
 * <p>Decisions worth knowing:
 * <ul>
 *   <li>Creation counts unfinished uploads against the submission's limits ({@link StagingQuota}): a
 *       file that would pass the file count or the total answers 413, a full link 507, a full server
 *       503 (with Retry-After), a disk that would lose its free margin 507. Every refusal's body is a
 *       sentence for the page to show, in the portal's language.</li>
 *   <li>A PATCH body longer than what is missing of the upload answers 400 and changes nothing past
 *       what was already acknowledged (HEAD tells where to resume).</li>
 *   <li>DELETE of a finished upload removes its file from the draft, as the page's Remove button does
 *       (204; 409 once the submission was sent). DELETE of an unfinished one discards its bytes.</li>
 *   <li>An upload whose submission was sent or closed meanwhile is deleted at once and answers 409;
 *       one whose draft no longer exists (abandoned, or lost with a database's last commits) or whose
 *       link ended answers 410 and is deleted likewise: it can never be recorded.</li>
 *   <li>A finished upload is handed to the engine under its upload id ({@link UploadKey}), so completing
 *       it again after a crash between the engine's record and the {@code done} marker finds the item
 *       already recorded instead of adding a second one.</li>
 * </ul>
 */
final class TusEndpoint {
  static final String VERSION = "1.0.0";
  private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

  private final PublicSide engine;
  private final TusStaging staging;
  private final Clock clock;
  private final Duration expiry;
  private final Messages messages;

  TusEndpoint(PublicSide engine, TusStaging staging, Clock clock, Duration expiry, Messages messages) {
    this.engine = engine;
    this.staging = staging;
    this.clock = clock;
    this.expiry = expiry;
    this.messages = messages;
  }

  TusStaging staging() {
    return staging;
  }

  /** Removes uploads past their expiry; a host may call this on a schedule (it also runs lazily). */
  int sweepExpired() {
    return staging.sweepExpired();
  }

  /** The link has ended: an upload made through it is deleted at once, not left until it expires. */
  void linkEnded(String token, @Nullable String uploadId) {
    if (uploadId != null && !uploadId.isEmpty()) {
      staging.terminateFor(token, uploadId);
    }
  }

  void handle(HttpServletRequest req, HttpServletResponse resp, String token, PublicRequestView view,
      @Nullable String uploadId, boolean csrfValid) throws IOException {
    resp.setHeader("Tus-Resumable", VERSION);
    String method = req.getMethod();
    String override = req.getHeader("X-HTTP-Method-Override");
    if (method.equals("POST") && override != null && (override.equals("PATCH") || override.equals("DELETE"))) {
      method = override; // clients on HTTP stacks without PATCH (tus-java-client on HttpURLConnection)
    }
    if (method.equals("OPTIONS")) {
      resp.setHeader("Tus-Version", VERSION);
      resp.setHeader("Tus-Extension", "creation,termination,expiration");
      resp.setHeader("Tus-Max-Size", Long.toString(view.limits().maxBytesPerFile()));
      resp.setStatus(204);
      return;
    }
    if (!VERSION.equals(req.getHeader("Tus-Resumable"))) {
      resp.setHeader("Tus-Version", VERSION);
      status(resp, 412, "Tus-Resumable 1.0.0 required");
      return;
    }
    boolean changing = !method.equals("HEAD") && !method.equals("GET");
    if (changing && !csrfValid) {
      status(resp, 403, "missing or wrong X-CSRF-Token");
      return;
    }
    try {
      if (uploadId == null || uploadId.isEmpty()) {
        if (method.equals("POST")) {
          create(req, resp, token, view);
        } else {
          resp.setHeader("Allow", "OPTIONS, POST");
          status(resp, 405, "method not allowed");
        }
        return;
      }
      UploadStaging.Lookup lookup = staging.find(token, uploadId);
      if (lookup instanceof UploadStaging.Expired) {
        staging.terminate(uploadId);
        status(resp, 410, messages.text("tus.gone"));
        return;
      }
      if (!(lookup instanceof UploadStaging.Found found)) {
        status(resp, 404, messages.text("tus.gone"));
        return;
      }
      switch (method) {
        case "HEAD" -> head(resp, found.upload());
        case "PATCH" -> patch(req, resp, token, found.upload());
        case "DELETE" -> delete(resp, token, found.upload());
        default -> {
          resp.setHeader("Allow", "OPTIONS, HEAD, PATCH, DELETE");
          status(resp, 405, "method not allowed");
        }
      }
    } catch (UploadStaging.Busy e) {
      status(resp, 423, "another request is writing to this upload; retry");
    } catch (UploadStaging.OffsetMismatch e) {
      resp.setHeader("Upload-Offset", Long.toString(e.actual));
      status(resp, 409, "Upload-Offset does not match");
    }
  }

  private void create(HttpServletRequest req, HttpServletResponse resp, String token, PublicRequestView view)
      throws IOException {
    long length = headerLong(req, "Upload-Length");
    if (length < 0) {
      status(resp, 400, "Upload-Length required");
      return;
    }
    Limits limits = view.limits();
    if (length > limits.maxBytesPerFile()) {
      status(resp, 413, messages.text("tus.tooBig", messages.size(length), messages.size(limits.maxBytesPerFile())));
      return;
    }
    Map<String, String> meta = metadata(req.getHeader("Upload-Metadata"));
    SubmissionId submission;
    try {
      submission = SubmissionId.parse(meta.getOrDefault("submission", ""));
    } catch (EvidenceException e) {
      status(resp, 400, "metadata 'submission' required");
      return;
    }
    List<EvidenceItem> items;
    try {
      items = engine.draftItems(token, submission); // checks the submission belongs to this link and is open
    } catch (EvidenceException e) {
      if (e.code() == ErrorCode.SUBMISSION_CLOSED) {
        status(resp, 409, messages.text("tus.closed"));
        return;
      }
      throw e;
    }
    String name = meta.getOrDefault("filename", "");
    if (name.length() > EvidenceItem.MAX_NAME) {
      status(resp, 400, "file name too long");
      return;
    }
    staging.sweepExpired();
    Instant expires = clock.instant().plus(expiry);
    if (view.expiresAt().isBefore(expires)) {
      expires = view.expiresAt();
    }
    UploadStaging.Upload upload;
    try {
      upload = staging.create(token, submission, length, name, meta.getOrDefault("filetype", "application/octet-stream"),
          expires, limits, items);
    } catch (UploadStaging.Refused e) {
      refused(resp, e.reason, limits);
      return;
    }
    resp.setHeader("Location", req.getContextPath() + "/r/" + token + "/uploads/" + upload.id());
    resp.setHeader("Upload-Expires", HTTP_DATE.format(expires));
    resp.setStatus(201);
    if (length == 0) {
      // An empty file is whole at creation: record it now so the client never needs a PATCH.
      UploadStaging.Upload done = completeOrDiscard(resp, upload, () ->
          staging.append(upload, 0, InputStream.nullInputStream(), completer(token)));
      if (done != null) {
        doneHeaders(resp, done);
      }
    }
  }

  private void refused(HttpServletResponse resp, StagingQuota.Refusal reason, Limits limits) throws IOException {
    switch (reason) {
      case TOO_MANY_FILES -> status(resp, 413, messages.text("tus.tooMany", limits.maxFilesPerSubmission()));
      case TOO_BIG_TOTAL -> status(resp, 413, messages.text("tus.tooBigTotal", messages.size(limits.maxBytesPerSubmission())));
      case LINK_FULL -> status(resp, 507, messages.text("tus.linkFull"));
      case SERVER_FULL -> {
        resp.setHeader("Retry-After", "120");
        status(resp, 503, messages.text("tus.serverFull"));
      }
      case DISK_FULL -> status(resp, 507, messages.text("tus.diskFull"));
      default -> throw new EvidenceException(ErrorCode.INTERNAL, "unknown refusal " + reason);
    }
  }

  private void head(HttpServletResponse resp, UploadStaging.Upload upload) {
    resp.setHeader("Cache-Control", "no-store");
    resp.setHeader("Upload-Offset", Long.toString(upload.offset()));
    resp.setHeader("Upload-Length", Long.toString(upload.length()));
    resp.setHeader("Upload-Expires", HTTP_DATE.format(upload.expiresAt()));
    doneHeaders(resp, upload);
    resp.setStatus(200);
  }

  private void patch(HttpServletRequest req, HttpServletResponse resp, String token, UploadStaging.Upload upload)
      throws IOException {
    String type = req.getContentType();
    if (type == null || !type.startsWith("application/offset+octet-stream")) {
      status(resp, 415, "Content-Type must be application/offset+octet-stream");
      return;
    }
    long offset = headerLong(req, "Upload-Offset");
    if (offset < 0) {
      status(resp, 400, "Upload-Offset required");
      return;
    }
    long declared = req.getContentLengthLong();
    if (declared >= 0 && offset + declared > upload.length()) {
      resp.setHeader("Upload-Offset", Long.toString(upload.offset()));
      status(resp, 400, messages.text("tus.overLength"));
      return;
    }
    if (!upload.isComplete() && !draftOpen(resp, token, upload)) {
      return;
    }
    UploadStaging.Upload after;
    try (InputStream body = req.getInputStream()) {
      after = completeOrDiscard(resp, upload, () -> staging.append(upload, offset, body, completer(token)));
    } catch (UploadStaging.TooLong e) {
      resp.setHeader("Upload-Offset", Long.toString(e.acknowledged));
      resp.setHeader("Connection", "close"); // the rest of the body is not read
      status(resp, 400, messages.text("tus.overLength"));
      return;
    } catch (EvidenceException e) {
      if (e.code() == ErrorCode.UPLOAD_INTERRUPTED) {
        return; // the client has gone; what arrived is kept and acknowledged to its next HEAD
      }
      throw e;
    }
    if (after == null) {
      return;
    }
    resp.setHeader("Upload-Offset", Long.toString(after.offset()));
    resp.setHeader("Upload-Expires", HTTP_DATE.format(after.expiresAt()));
    doneHeaders(resp, after);
    resp.setStatus(204);
  }

  /**
   * Termination. An unfinished upload's bytes are discarded. A finished upload's file is removed from
   * the draft, exactly as the page's Remove button does (its bytes stay in custody, as removed files'
   * do); once the submission was sent it can no longer change: 409.
   */
  private void delete(HttpServletResponse resp, String token, UploadStaging.Upload upload) throws IOException {
    if (upload.completed().isPresent()) {
      try {
        engine.removeFile(token, upload.submission(), upload.completed().get().item());
      } catch (EvidenceException e) {
        if (e.code() == ErrorCode.SUBMISSION_CLOSED) {
          status(resp, 409, messages.text("tus.closed"));
          return;
        }
        if (e.code() != ErrorCode.NOT_FOUND) { // NOT_FOUND: removed already, or the draft is gone
          throw e;
        }
      }
    }
    staging.terminate(upload.id());
    resp.setStatus(204);
  }

  /** Whether the upload's draft can still take files; if not, the upload is deleted and the answer sent. */
  private boolean draftOpen(HttpServletResponse resp, String token, UploadStaging.Upload upload) throws IOException {
    try {
      engine.draftItems(token, upload.submission());
      return true;
    } catch (EvidenceException e) {
      if (e.code() == ErrorCode.SUBMISSION_CLOSED || e.code() == ErrorCode.NOT_FOUND) {
        staging.terminate(upload.id());
        status(resp, e.code() == ErrorCode.SUBMISSION_CLOSED ? 409 : 410, messages.text(
            e.code() == ErrorCode.SUBMISSION_CLOSED ? "tus.closed" : "tus.draftGone"));
        return false;
      }
      throw e;
    }
  }

  /**
   * Runs an append that may complete the upload. When the engine refuses the finished file (the
   * submission was sent or closed meanwhile, a limit was reached, its name is unusable) the staged
   * upload is deleted at once and the refusal answered; returns null then.
   */
  private UploadStaging.@Nullable Upload completeOrDiscard(HttpServletResponse resp, UploadStaging.Upload upload,
      java.util.function.Supplier<UploadStaging.Upload> append) throws IOException {
    try {
      return append.get();
    } catch (EvidenceException e) {
      int status = switch (e.code()) {
        case SUBMISSION_CLOSED -> 409;
        case NOT_FOUND -> 410;
        case LIMIT_EXCEEDED -> 413;
        case INVALID_INPUT -> 400;
        default -> 0;
      };
      if (status == 0) {
        throw e;
      }
      staging.terminate(upload.id());
      resp.setStatus(status);
      String message = switch (e.code()) {
        case SUBMISSION_CLOSED -> messages.text("tus.closed");
        case LIMIT_EXCEEDED -> messages.text("tus.tooBigTotal", messages.size(engine.limits().maxBytesPerSubmission()));
        case NOT_FOUND -> messages.text("tus.draftGone");
        default -> messages.text("tus.gone");
      };
      status(resp, status, message);
      return null;
    }
  }

  private TusStaging.Handover completer(String token) {
    // Keyed by the upload's id: completing it again after a crash, or through another node, finds the item
    // instead of adding another. A file staged in a directory comes with UploadStaging's digest, computed from
    // the bytes as it wrote them: adopted in place, it is not read and hashed a second time (issue 16).
    return new TusStaging.Handover() {
      @Override
      public UploadStaging.Completed complete(UploadStaging.Upload upload, java.nio.file.Path staged,
          io.evidencekit.api.Sha256 sha256) {
        EvidenceItem item = engine.addStagedFileHashedWhileStaging(token, upload.submission(),
            new UploadKey(upload.id()), fileName(upload), upload.fileType(), staged, sha256);
        return new UploadStaging.Completed(item.id(), item.sha256());
      }

      @Override
      public UploadStaging.Completed completeStream(UploadStaging.Upload upload, InputStream content) {
        EvidenceItem item = engine.addFile(token, upload.submission(), new UploadKey(upload.id()), fileName(upload),
            upload.fileType(), content, java.util.OptionalLong.of(upload.length()));
        return new UploadStaging.Completed(item.id(), item.sha256());
      }
    };
  }

  private static String fileName(UploadStaging.Upload upload) {
    return upload.fileName().isEmpty() ? "(unnamed file)" : upload.fileName();
  }

  private static void doneHeaders(HttpServletResponse resp, UploadStaging.Upload upload) {
    upload.completed().ifPresent(c -> {
      resp.setHeader("Evidence-Item", c.item().toString());
      resp.setHeader("Evidence-Sha256", c.sha256().hex());
    });
  }

  private static long headerLong(HttpServletRequest req, String name) {
    String v = req.getHeader(name);
    if (v == null || v.isEmpty() || v.length() > 19 || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return -1;
    }
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      return -1; // past Long.MAX_VALUE
    }
  }

  /** Parses {@code Upload-Metadata}: comma-separated {@code key base64value} pairs. */
  static Map<String, String> metadata(@Nullable String header) {
    Map<String, String> out = new HashMap<>();
    if (header == null || header.isBlank()) {
      return out;
    }
    for (String pair : header.split(",")) {
      String[] kv = pair.strip().split(" ", 2);
      if (kv[0].isEmpty()) {
        continue;
      }
      try {
        out.put(kv[0], kv.length == 2 ? new String(Base64.getDecoder().decode(kv[1].strip()), StandardCharsets.UTF_8) : "");
      } catch (IllegalArgumentException e) {
        // A malformed value is ignored rather than failing the whole upload.
      }
    }
    return out;
  }

  /** A plain-text answer: a sentence the page can show beside the file (never a token or an exception). */
  private static void status(HttpServletResponse resp, int status, String message) throws IOException {
    resp.setStatus(status);
    resp.setContentType("text/plain; charset=utf-8");
    resp.getOutputStream().write((message + "\n").getBytes(StandardCharsets.UTF_8));
  }
}
