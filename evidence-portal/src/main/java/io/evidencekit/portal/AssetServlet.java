package io.evidencekit.portal;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Serves the portal's own static files ({@code /static/*}) and GOV.UK Frontend from its webjar
 * ({@code /assets/*}). Only files shipped inside the portal's jars are served: nothing uploaded is ever
 * reachable here. The GOV.UK stylesheet names its fonts and images as {@code /assets/...}; when the
 * portal is mounted under a context path those URLs are rewritten to point inside it.
 */
final class AssetServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*(/[A-Za-z0-9_-][A-Za-z0-9._-]*)*");
  private static final Map<String, String> TYPES = Map.of(
      "css", "text/css; charset=utf-8",
      "js", "text/javascript; charset=utf-8",
      "mjs", "text/javascript; charset=utf-8",
      "woff2", "font/woff2",
      "woff", "font/woff",
      "svg", "image/svg+xml",
      "png", "image/png",
      "ico", "image/x-icon");

  private final String govuk = "META-INF/resources/webjars/govuk-frontend/" + govukVersion() + "/dist/govuk/";
  private final transient ErrorPages pages;

  AssetServlet(ErrorPages pages) {
    this.pages = pages;
  }

  /** GET and HEAD only: no TRACE (which would echo the request's cookies), no OPTIONS. */
  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String method = req.getMethod();
    if (!method.equals("GET") && !method.equals("HEAD")) {
      resp.setHeader("Allow", "GET, HEAD");
      pages.write(resp, req.isSecure(), req.getContextPath(), HttpServletResponse.SC_METHOD_NOT_ALLOWED);
      return;
    }
    serve(req, resp);
  }

  private void serve(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String path = req.getPathInfo() == null ? "" : req.getPathInfo().substring(1);
    String ext = path.substring(path.lastIndexOf('.') + 1);
    if (!SAFE.matcher(path).matches() || !TYPES.containsKey(ext)) {
      pages.write(resp, req.isSecure(), req.getContextPath(), HttpServletResponse.SC_NOT_FOUND);
      return;
    }
    String resource;
    if (req.getServletPath().equals("/static")) {
      resource = "io/evidencekit/portal/static/" + path;
    } else if (path.equals("govuk-frontend.min.css") || path.equals("govuk-frontend.min.js")) {
      resource = govuk + path;
    } else {
      resource = govuk + "assets/" + path;
    }
    try (InputStream in = AssetServlet.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        pages.write(resp, req.isSecure(), req.getContextPath(), HttpServletResponse.SC_NOT_FOUND);
        return;
      }
      resp.setContentType(TYPES.get(ext));
      resp.setHeader("Cache-Control", "public, max-age=3600");
      if (ext.equals("css") && !req.getContextPath().isEmpty()) {
        String css = new String(in.readAllBytes(), StandardCharsets.UTF_8)
            .replace("url(/assets/", "url(" + req.getContextPath() + "/assets/");
        resp.getOutputStream().write(css.getBytes(StandardCharsets.UTF_8));
      } else {
        in.transferTo(resp.getOutputStream());
      }
    }
  }

  private static String govukVersion() {
    try (InputStream in = AssetServlet.class.getClassLoader()
        .getResourceAsStream("META-INF/maven/org.webjars.npm/govuk-frontend/pom.properties")) {
      if (in == null) {
        throw new EvidenceException(ErrorCode.CONFIGURATION, "the govuk-frontend webjar is not on the class path");
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version");
    } catch (IOException e) {
      throw new EvidenceException(ErrorCode.CONFIGURATION, "cannot read the govuk-frontend webjar", e);
    }
  }
}
