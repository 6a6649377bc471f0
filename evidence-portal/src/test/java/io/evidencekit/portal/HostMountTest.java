package io.evidencekit.portal;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.eclipse.jetty.ee10.servlet.ErrorPageErrorHandler;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("A host mounting the portal in its own container, as documented: the container's errors get the portal's page too")
class HostMountTest {
  @TempDir
  java.nio.file.Path dir;
  PortalFixture fixture;
  Server host;
  int port;

  /** A servlet of the host's own, beside the portal, that fails in the ways a container then answers for. */
  static final class HostServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      switch (req.getPathInfo() == null ? "" : req.getPathInfo()) {
        case "/throw" -> throw new IllegalStateException("host bug with secret detail");
        case "/send-error" -> resp.sendError(503, "host message with secret detail");
        default -> req.getParameter("q"); // the container parses the query: ?q=%zz fails in there
      }
    }
  }

  @BeforeEach
  void start() throws Exception {
    fixture = new PortalFixture(dir, PortalFixture.smallLimits());
    Portal portal = Portal.builder(fixture.engine.publicSide()).forceName("Kent Police").stagingDirectory(dir.resolve("host-staging"))
        .clock(fixture.clock).build();
    host = new Server();
    ServerConnector connector = new ServerConnector(host);
    connector.setHost("127.0.0.1");
    host.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/evidence");
    context.addServletContainerInitializer((classes, ctx) -> portal.register(ctx));
    context.addServlet(new ServletHolder(new HostServlet()), "/host/*");
    // The documented mapping: the portal's error page is the container's default error page.
    ErrorPageErrorHandler errors = new ErrorPageErrorHandler();
    errors.addErrorPage(ErrorPageErrorHandler.GLOBAL_ERROR_PAGE, Portal.ERROR_PAGE_PATH);
    context.setErrorHandler(errors);
    host.setHandler(context);
    host.setErrorHandler(portal.errorHandler("/evidence"));
    host.start();
    port = connector.getLocalPort();
  }

  @AfterEach
  void stop() throws Exception {
    host.stop();
    fixture.close();
  }

  private void assertOurs(RawHttp.Answer a) {
    assertThat(a.header("Content-Security-Policy")).hasValueSatisfying(v -> assertThat(v).contains("frame-ancestors 'none'"));
    assertThat(a.header("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(a.body()).contains("class=\"govuk-template\"").contains("/evidence/assets/govuk-frontend.min.css")
        .doesNotContain("secret detail").doesNotContainIgnoringCase("jetty").doesNotContain("Exception");
    assertThat(a.whole()).doesNotContain(fixture.token());
  }

  @Test
  @DisplayName("the portal works under the host's context path")
  void mountedUnderAContextPath() {
    RawHttp.Answer page = RawHttp.send(port, RawHttp.get("GET", "/evidence/r/" + fixture.token()));
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body()).contains("action=\"/evidence/r/" + fixture.token() + "/files\"");
    assertThat(RawHttp.send(port, RawHttp.get("GET", "/evidence/assets/govuk-frontend.min.css")).status()).isEqualTo(200);
  }

  @Test
  @DisplayName("an exception in a host servlet, a sendError and a query the container cannot parse all answer the portal's page")
  void containerErrorsUseThePortalsPage() {
    RawHttp.Answer thrown = RawHttp.send(port, RawHttp.get("GET", "/evidence/host/throw"));
    assertThat(thrown.status()).isEqualTo(500);
    assertOurs(thrown);
    RawHttp.Answer sent = RawHttp.send(port, RawHttp.get("GET", "/evidence/host/send-error"));
    assertThat(sent.status()).isEqualTo(503);
    assertOurs(sent);
    RawHttp.Answer query = RawHttp.send(port, RawHttp.get("GET", "/evidence/host/q?q=%zz"));
    assertThat(query.status()).isEqualTo(400);
    assertOurs(query);
  }

  @Test
  @DisplayName("errors before routing (headers too large, an ambiguous path) answer the portal's page from the handler on the Server")
  void errorsBeforeRouting() {
    RawHttp.Answer big = RawHttp.send(port, RawHttp.get("GET", "/evidence/r/" + fixture.token(), "X-Pad: " + "a".repeat(9_000)));
    assertThat(big.status()).isEqualTo(431);
    assertOurs(big);
    RawHttp.Answer ambiguous = RawHttp.send(port, RawHttp.get("GET", "/evidence/r/" + fixture.token() + "/..%2Fx"));
    assertThat(ambiguous.status()).isEqualTo(400);
    assertOurs(ambiguous);
  }
}
