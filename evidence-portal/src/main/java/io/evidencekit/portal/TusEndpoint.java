package io.evidencekit.portal;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.EvidenceItem;
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
 * are staged durably ({@link UploadStaging}) and handed to {@link PublicSide#addStagedFile} once
 * whole (adopted by the blob store without a copy when it shares the staging file system);
 * the final PATCH answers with {@code Evidence-Item} and {@code Evidence-Sha256} so the page can tick
 * the file only once it is durably recorded.
 *
 * <p>Changing requests (POST, PATCH, DELETE) need the CSRF header as well as the token, and the tus
 * headers themselves force a CORS preflight that the portal never grants, so other sites cannot
 * drive uploads in a visitor's browser.
 */
final class TusEndpoint {
  static final String VERSION = "1.0.0";
  private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

  private final PublicSide engine;
  private final UploadStaging staging;
  private final Clock clock;
  private final Duration expiry;

  TusEndpoint(PublicSide engine, UploadStaging staging, Clock clock, Duration expiry) {
    this.engine = engine;
    this.staging = staging;
    this.clock = clock;
    this.expiry = expiry;
  }

  /** Removes uploads past their expiry; a host may call this on a schedule (it also runs lazily). */
  int sweepExpired() {
    return staging.sweepExpired();
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
        status(resp, 410, "upload expired");
        return;
      }
      if (!(lookup instanceof UploadStaging.Found found)) {
        status(resp, 404, "no such upload");
        return;
      }
      switch (method) {
        case "HEAD" -> head(resp, found.upload());
        case "PATCH" -> patch(req, resp, token, found.upload());
        case "DELETE" -> {
          staging.terminate(uploadId);
          resp.setStatus(204);
        }
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
    if (length > view.limits().maxBytesPerFile()) {
      status(resp, 413, "the file is larger than the limit of " + view.limits().maxBytesPerFile() + " bytes");
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
    List<EvidenceItem> items = engine.draftItems(token, submission); // checks the submission belongs to this link
    if (items.size() >= view.limits().maxFilesPerSubmission()) {
      status(resp, 413, "a submission may hold at most " + view.limits().maxFilesPerSubmission() + " files");
      return;
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
    UploadStaging.Upload upload = staging.create(token, submission, length, name,
        meta.getOrDefault("filetype", "application/octet-stream"), expires);
    resp.setHeader("Location", req.getContextPath() + "/r/" + token + "/uploads/" + upload.id());
    resp.setHeader("Upload-Expires", HTTP_DATE.format(expires));
    resp.setStatus(201);
    if (length == 0) {
      // An empty file is whole at creation: record it now so the client never needs a PATCH.
      UploadStaging.Upload done = staging.append(upload, 0, InputStream.nullInputStream(), completer(token));
      doneHeaders(resp, done);
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
      status(resp, 400, "the body goes past Upload-Length");
      return;
    }
    UploadStaging.Upload after;
    try (InputStream body = req.getInputStream()) {
      after = staging.append(upload, offset, body, completer(token));
    } catch (EvidenceException e) {
      if (e.code() == ErrorCode.UPLOAD_INTERRUPTED) {
        return; // the client has gone; what arrived is kept and acknowledged to its next HEAD
      }
      if (e.code() == ErrorCode.NOT_FOUND) {
        // The upload's submission no longer exists, so the upload can never be recorded: its bytes go now.
        staging.terminate(upload.id());
        status(resp, 410, "the submission this upload belongs to no longer exists; start again from the link");
        return;
      }
      if (e.code() == ErrorCode.LIMIT_EXCEEDED || e.code() == ErrorCode.INVALID_INPUT) {
        staging.terminate(upload.id());
        status(resp, e.code() == ErrorCode.LIMIT_EXCEEDED ? 413 : 400, e.getMessage());
        return;
      }
      throw e;
    }
    resp.setHeader("Upload-Offset", Long.toString(after.offset()));
    resp.setHeader("Upload-Expires", HTTP_DATE.format(after.expiresAt()));
    doneHeaders(resp, after);
    resp.setStatus(204);
  }

  private UploadStaging.Completer completer(String token) {
    return (upload, staged, sha256) -> {
      // Keyed by the upload's id: completing it again after a crash finds the item instead of adding another.
      EvidenceItem item = engine.addStagedFile(token, upload.submission(), new UploadKey(upload.id()),
          upload.fileName().isEmpty() ? "(unnamed file)" : upload.fileName(), upload.fileType(), staged, sha256);
      return new UploadStaging.Completed(item.id(), item.sha256());
    };
  }

  private static void doneHeaders(HttpServletResponse resp, UploadStaging.Upload upload) {
    upload.completed().ifPresent(c -> {
      resp.setHeader("Evidence-Item", c.item().toString());
      resp.setHeader("Evidence-Sha256", c.sha256().hex());
    });
  }

  private static long headerLong(HttpServletRequest req, String name) {
    String v = req.getHeader(name);
    if (v == null || v.isEmpty() || v.length() > 19 || !v.chars().allMatch(Character::isDigit)) {
      return -1;
    }
    return Long.parseLong(v);
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

  private static void status(HttpServletResponse resp, int status, String message) throws IOException {
    resp.setStatus(status);
    resp.setContentType("text/plain; charset=utf-8");
    resp.getOutputStream().write((message + "\n").getBytes(StandardCharsets.UTF_8));
  }
}
