package io.evidencekit.portal;

import static org.assertj.core.api.Assertions.assertThat;

import io.evidencekit.api.Limits;
import io.evidencekit.api.SubmissionPolicy;
import io.evidencekit.tck.tools.ExternalTool;
import io.evidencekit.tck.tools.RequiresTool;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

@RequiresTool(ExternalTool.CHROMIUM)
@DisplayName("Every page on a phone (360 CSS px wide): no horizontal scrolling, no axe-core violations, with and without JavaScript")
class PhoneBrowserTest {
  private static final int PHONE = 360;
  /** A long file name without spaces: the kind that pushes a narrow page sideways. */
  private static final String LONG_NAME = "CCTV_EXPORT_FRONT_DOOR_CAMERA_2024-05-03T01-00-00_to_2024-05-03T03-00-00_channel_01.mp4";

  @TempDir
  Path dir;
  PortalFixture portal;
  Browser browser;

  @AfterEach
  void stop() {
    if (browser != null) {
      browser.close();
    }
    if (portal != null) {
      portal.close();
    }
  }

  private void start(boolean javascript) {
    start(javascript, Locale.UK);
  }

  private void start(boolean javascript, Locale locale) {
    portal = new PortalFixture(dir.resolve("portal"), new Limits(20, 256L << 20, 1L << 30), b -> b.locale(locale));
    browser = new Browser(javascript, PHONE);
  }

  private Path file(String name, String content) throws IOException {
    Path files = Files.createDirectories(dir.resolve("files"));
    return Files.writeString(files.resolve(name), content, StandardCharsets.UTF_8);
  }

  /** The page fits a phone and passes axe-core; a screenshot is kept under target/screenshots. */
  private void check(String name) {
    assertThat(browser.viewportWidth()).isEqualTo(PHONE);
    assertThat(browser.horizontalOverflow()).as("horizontal scrolling on the " + name + " page").isLessThanOrEqualTo(0);
    assertThat(browser.axeViolations()).as("axe-core violations on the " + name + " page").isEmpty();
    browser.fullPageScreenshot("phone-" + name);
  }

  private void waitForReceived(int n) {
    browser.waiting(Duration.ofSeconds(30))
        .until(d -> d.findElements(By.cssSelector("#file-list li.ek-file--done")).size() == n);
  }

  @Test
  @DisplayName("with JavaScript: request, files received, errors, receipt")
  void withJavaScript() throws IOException {
    start(true);
    browser.driver.get(portal.link());
    browser.waitFor(By.id("dropzone-text"));
    check("js-01-request");

    browser.driver.findElement(By.id("files")).sendKeys(file(LONG_NAME, "front door") + "\n" + file("door.mp4", "door"));
    waitForReceived(2);
    check("js-02-files-received");

    browser.driver.findElement(By.id("submit-button")).click();
    browser.waitFor(By.className("govuk-error-summary"));
    check("js-03-error-summary");

    browser.driver.findElement(By.cssSelector("label[for=declaration]")).click();
    browser.driver.findElement(By.id("submit-button")).click();
    browser.waiting(Duration.ofSeconds(20)).until(ExpectedConditions.textToBe(By.className("govuk-panel__title"), "Evidence sent"));
    check("js-04-receipt");
  }

  @Test
  @DisplayName("without JavaScript: request, files listed, errors, receipt")
  void withoutJavaScript() throws IOException {
    start(false);
    browser.driver.get(portal.link());
    browser.waitFor(By.id("upload-button"));
    check("nojs-01-request");

    browser.driver.findElement(By.id("files")).sendKeys(file(LONG_NAME, "front door").toString());
    browser.driver.findElement(By.id("upload-button")).click();
    waitForReceived(1);
    check("nojs-02-files-listed");

    browser.driver.findElement(By.id("submit-button")).click();
    browser.waitFor(By.className("govuk-error-summary"));
    check("nojs-03-error-summary");

    browser.driver.findElement(By.cssSelector("label[for=declaration]")).click();
    browser.driver.findElement(By.id("submit-button")).click();
    browser.waiting(Duration.ofSeconds(20)).until(ExpectedConditions.textToBe(By.className("govuk-panel__title"), "Evidence sent"));
    check("nojs-04-receipt");
  }

  @Test
  @DisplayName("pages that only explain something: expired, unknown, not found, too many attempts, already sent, and an error Jetty itself answers")
  void messagePages() {
    start(false);
    String token = portal.token();
    browser.driver.get(portal.base().resolve("r/" + "Z".repeat(43)).toString());
    check("msg-01-unknown-link");
    browser.driver.get(portal.base().resolve("nowhere").toString());
    check("msg-02-not-found");
    browser.driver.get(portal.base().resolve("r/" + token + "/..%2Fx").toString());
    assertThat(browser.driver.findElement(By.tagName("h1")).getText()).isEqualTo("Sorry, that did not work");
    check("msg-03-bad-request");
    for (int i = 0; i < 10; i++) {
      browser.driver.get(portal.base().resolve("r/" + String.format("P%042d", i)).toString());
    }
    browser.driver.get(portal.base().resolve("r/" + String.format("P%042d", 10)).toString());
    assertThat(browser.driver.findElement(By.tagName("h1")).getText()).isEqualTo("Too many attempts");
    check("msg-04-too-many-attempts");

    portal.newRequest(SubmissionPolicy.ONCE);
    var link = portal.invitation;
    var s = portal.engine.publicSide().startSubmission(link.token());
    portal.engine.publicSide().addFile(link.token(), s, "a.mp4", "video/mp4", new java.io.ByteArrayInputStream(new byte[] {1}));
    portal.engine.publicSide().submit(link.token(), s, java.util.Optional.empty(), io.evidencekit.api.Declaration.of(1));
    browser.driver.get(portal.link());
    assertThat(browser.driver.findElement(By.tagName("h1")).getText()).isEqualTo("You have already sent your files");
    check("msg-05-already-sent");

    portal.clock.advance(Duration.ofDays(10).plusSeconds(1));
    browser.driver.get(portal.link());
    assertThat(browser.driver.findElement(By.tagName("h1")).getText()).isEqualTo("This link has expired");
    check("msg-06-expired");
  }

  @Test
  @DisplayName("the script words what it shows from the bundle, exactly as the server does (checked in Welsh, a second locale)")
  void scriptWordingMatchesTheServer() throws IOException {
    Locale welsh = Locale.forLanguageTag("cy");
    start(true, welsh);
    browser.driver.get(portal.link());
    browser.waitFor(By.id("dropzone-text"));
    Messages messages = new Messages(welsh);
    assertThat(browser.driver.findElement(By.id("declaration-text")).getText()).isEqualTo(messages.text("declaration", 0));
    browser.driver.findElement(By.id("files")).sendKeys(file("un.mp4", "1").toString());
    waitForReceived(1);
    assertThat(browser.driver.findElement(By.id("declaration-text")).getText()).isEqualTo(messages.text("declaration", 1));
    assertThat(browser.driver.findElement(By.cssSelector("#file-list li.ek-file--done")).getText())
        .contains(messages.size(1)).contains("Wedi dod i law");
    browser.driver.findElement(By.id("files")).sendKeys(file("dau.mp4", "2").toString());
    waitForReceived(2);
    assertThat(browser.driver.findElement(By.id("declaration-text")).getText()).isEqualTo(messages.text("declaration", 2));
    check("cy-01-files-received");
  }
}
