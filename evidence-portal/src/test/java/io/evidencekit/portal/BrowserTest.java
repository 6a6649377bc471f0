package io.evidencekit.portal;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.evidencekit.api.Limits;
import io.evidencekit.tck.tools.ExternalTool;
import io.evidencekit.tck.tools.RequiresTool;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

@DisplayName("The portal in a real browser (headless Chromium)")
@RequiresTool(ExternalTool.CHROMIUM)
class BrowserTest {
  @TempDir
  Path dir;
  GreenMail mail;
  PortalFixture portal;
  Browser browser;

  @BeforeEach
  void start() throws IOException {
    int smtp;
    try (ServerSocket probe = new ServerSocket(0)) {
      smtp = probe.getLocalPort();
    }
    ServerSetup setup = new ServerSetup(smtp, "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
    setup.setServerStartupTimeout(30_000); // GreenMail's 2 s default is too short on a loaded machine
    mail = new GreenMail(setup);
    mail.start();
    portal = new PortalFixture(dir.resolve("portal"), new Limits(20, 256L << 20, 1L << 30), OptionalInt.of(smtp), false);
  }

  @AfterEach
  void stop() {
    if (browser != null) {
      browser.close();
    }
    portal.close();
    mail.stop();
  }

  private Path file(String name, byte[] content) throws IOException {
    Path files = Files.createDirectories(dir.resolve("files"));
    return Files.write(files.resolve(name), content);
  }

  private void assertAccessible(String page) {
    assertThat(browser.axeViolations()).as("axe-core violations on the " + page + " page").isEmpty();
  }

  private List<WebElement> received() {
    return browser.driver.findElements(By.cssSelector("#file-list li.ek-file--done"));
  }

  private void waitForReceived(int n, Duration timeout) {
    browser.waiting(timeout).until(d -> d.findElements(By.cssSelector("#file-list li.ek-file--done")).size() == n);
  }

  @Test
  @DisplayName("full flow by keyboard: open the link, add 2 files, caption, declaration counts them, submit, receipt hashes, officer emailed")
  void fullFlow() throws Exception {
    browser = new Browser(true);
    byte[] front = "front camera 01:00-03:00".getBytes(StandardCharsets.UTF_8);
    byte[] door = new byte[300_000];
    new Random(7).nextBytes(door);
    Path a = file("front.mp4", front);
    Path b = file("doorbell.mp4", door);

    browser.driver.get(portal.link());
    assertThat(browser.waitFor(By.id("request-heading")).getText()).isEqualTo("Evidence Request: " + portal.request.reference());
    assertThat(browser.driver.findElement(By.id("invitation-from")).getText()).isEqualTo("Invitation from Wright, D.");
    assertThat(browser.waitFor(By.id("dropzone-text")).getText()).isEqualTo("Drop files here or click to upload");
    assertThat(browser.driver.findElement(By.id("upload-button")).isDisplayed()).isFalse();
    assertThat(browser.driver.findElement(By.id("limits")).getText()).contains("up to 20 files");
    assertAccessible("request");
    browser.screenshot("01-request");

    browser.driver.findElement(By.id("files")).sendKeys(a + "\n" + b);
    waitForReceived(2, Duration.ofSeconds(30));
    assertThat(browser.driver.findElement(By.id("declaration-text")).getText())
        .isEqualTo("By selecting 'Submit', I agree that these 2 files are relevant to the incident.");
    assertThat(browser.driver.getCurrentUrl()).contains("?s=");
    assertAccessible("files received");
    browser.screenshot("02-files-received");

    WebElement caption = browser.driver.findElement(By.id("caption"));
    caption.sendKeys("Front camera and doorbell; clocks are right");
    caption.sendKeys(Keys.TAB); // keyboard only from here: Tab to the declaration, Space to tick, Enter to submit
    WebElement focused = browser.driver.switchTo().activeElement();
    assertThat(focused.getAttribute("id")).isEqualTo("declaration");
    focused.sendKeys(Keys.SPACE);
    assertThat(browser.driver.findElement(By.id("declaration")).isSelected()).isTrue();
    focused.sendKeys(Keys.TAB);
    assertThat(browser.driver.switchTo().activeElement().getAttribute("id")).isEqualTo("submit-button");
    browser.driver.switchTo().activeElement().sendKeys(Keys.ENTER);

    browser.waiting(Duration.ofSeconds(20)).until(ExpectedConditions.textToBe(By.className("govuk-panel__title"), "Evidence sent"));
    String receipt = browser.driver.findElement(By.id("receipt-files")).getText();
    assertThat(receipt).contains("front.mp4").contains("doorbell.mp4")
        .contains(PortalPagesTest.sha256(front)).contains(PortalPagesTest.sha256(door));
    assertThat(browser.driver.findElement(By.id("receipt-reference")).getText()).isEqualTo(portal.request.reference().toString());
    assertThat(browser.driver.findElement(By.tagName("main")).getText()).contains("witness statement");
    assertThat(browser.driver.findElement(By.id("print-receipt")).isDisplayed()).isTrue();
    assertAccessible("receipt");
    browser.screenshot("03-receipt");

    // The officer's notification arrives over SMTP (the invitation to the public was the first email).
    assertThat(mail.waitForIncomingEmail(Duration.ofSeconds(30).toMillis(), 2)).isTrue();
    MimeMessage officer = Arrays.stream(mail.getReceivedMessages())
        .filter(m -> recipients(m).contains("d.wright@kent.police.example")).findFirst().orElseThrow();
    assertThat(officer.getSubject()).contains(portal.request.reference().toString());
  }

  @Test
  @DisplayName("files dropped on the drop zone upload; removing one keeps the declaration in step")
  void dragAndDrop() {
    browser = new Browser(true);
    browser.driver.get(portal.link());
    browser.waitFor(By.id("dropzone-text"));
    browser.driver.executeScript("""
        const zone = document.getElementById('dropzone');
        const data = new DataTransfer();
        data.items.add(new File(['first dropped file'], 'dropped-1.mp4', { type: 'video/mp4' }));
        data.items.add(new File(['second dropped file'], 'dropped-2.mov', { type: 'video/quicktime' }));
        zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
        zone.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
        """);
    waitForReceived(2, Duration.ofSeconds(30));
    assertThat(browser.driver.findElement(By.id("declaration-text")).getText()).contains("these 2 files");
    browser.screenshot("04-dropped");

    WebElement remove = received().get(1).findElement(By.tagName("button"));
    remove.sendKeys(Keys.ENTER);
    waitForReceived(1, Duration.ofSeconds(20));
    assertThat(browser.driver.findElement(By.id("declaration-text")).getText())
        .isEqualTo("By selecting 'Submit', I agree that this 1 file is relevant to the incident.");
    assertThat(browser.driver.findElement(By.id("upload-status")).getText()).contains("dropped-2.mov removed");
    assertAccessible("after removal");

    // Reloading shows what the server holds: the removal really happened there.
    browser.driver.navigate().refresh();
    waitForReceived(1, Duration.ofSeconds(20));
    assertThat(browser.driver.findElement(By.id("file-list")).getText()).contains("dropped-1.mp4").doesNotContain("dropped-2.mov");
  }

  @Test
  @DisplayName("a large upload whose connection is cut part-way resumes and completes with the right SHA-256")
  void resumeAfterCut() throws Exception {
    byte[] big = new byte[24 << 20];
    new Random(11).nextBytes(big);
    Path file = file("cctv-export.mp4", big);
    try (CuttingProxy proxy = new CuttingProxy(portal.port, 8L << 20)) {
      browser = new Browser(true);
      browser.driver.get("http://127.0.0.1:" + proxy.port() + "/r/" + portal.token());
      browser.waitFor(By.id("dropzone-text"));
      browser.driver.findElement(By.id("files")).sendKeys(file.toString());
      waitForReceived(1, Duration.ofSeconds(120));
      assertThat(proxy.cuts.get()).isEqualTo(1);
      WebElement done = received().get(0);
      assertThat(done.getAttribute("data-sha256")).isEqualTo(PortalPagesTest.sha256(big));
      assertThat(done.getText()).contains("25.2 MB").contains("Received");
      browser.screenshot("05-resumed-after-cut");
    }
  }

  @Test
  @DisplayName("an expired link shows the 'ask the officer for a new link' page, accessibly")
  void expiredLink() {
    browser = new Browser(true);
    portal.clock.advance(Duration.ofDays(10).plusSeconds(1));
    browser.driver.get(portal.link());
    assertThat(browser.waitFor(By.tagName("h1")).getText()).isEqualTo("This link has expired");
    assertThat(browser.driver.findElement(By.tagName("main")).getText()).contains("send you a new link");
    assertAccessible("expired link");
    browser.screenshot("06-expired");

    browser.driver.get(portal.base().resolve("r/" + "Z".repeat(43)).toString());
    assertThat(browser.waitFor(By.tagName("h1")).getText()).isEqualTo("This link does not work");
    assertAccessible("unknown link");
    browser.screenshot("07-unknown");
  }

  @Test
  @DisplayName("errors appear in a summary whose links move focus to the field, and the page stays accessible")
  void errorSummary() {
    browser = new Browser(true);
    browser.driver.get(portal.link());
    browser.waitFor(By.id("submit-button")).click();
    WebElement summary = browser.waitFor(By.className("govuk-error-summary"));
    assertThat(summary.getText()).contains("Select at least one file").contains("Select the declaration");
    assertAccessible("error");
    browser.screenshot("08-errors");
    summary.findElement(By.linkText("Select the declaration to confirm that the files are relevant to the incident")).click();
    assertThat(browser.driver.switchTo().activeElement().getAttribute("id")).isEqualTo("declaration");
  }

  @Test
  @DisplayName("without JavaScript the plain form uploads files, lists them, and submits to a receipt")
  void withoutJavaScript() throws Exception {
    browser = new Browser(false);
    byte[] one = "no script one".getBytes(StandardCharsets.UTF_8);
    byte[] two = "no script two".getBytes(StandardCharsets.UTF_8);
    Path a = file("one.mp4", one);
    Path b = file("two.mp4", two);
    browser.driver.get(portal.link());
    assertThat(browser.waitFor(By.id("upload-button")).isDisplayed()).isTrue();
    assertThat(browser.driver.findElement(By.id("dropzone-text")).isDisplayed()).isFalse();
    browser.screenshot("09-nojs-request");
    browser.driver.findElement(By.id("files")).sendKeys(a + "\n" + b);
    browser.driver.findElement(By.id("upload-button")).click();
    waitForReceived(2, Duration.ofSeconds(20));
    assertThat(browser.driver.findElement(By.id("declaration-text")).getText()).contains("these 2 files");
    browser.screenshot("10-nojs-listed");
    browser.driver.findElement(By.cssSelector("label[for=declaration]")).click();
    browser.driver.findElement(By.id("submit-button")).click();
    browser.waiting(Duration.ofSeconds(20)).until(ExpectedConditions.textToBe(By.className("govuk-panel__title"), "Evidence sent"));
    assertThat(browser.driver.findElement(By.id("receipt-files")).getText())
        .contains(PortalPagesTest.sha256(one)).contains(PortalPagesTest.sha256(two));
    browser.screenshot("11-nojs-receipt");
  }

  private static String recipients(Message m) {
    try {
      return Arrays.toString(m.getAllRecipients());
    } catch (jakarta.mail.MessagingException e) {
      throw new IllegalStateException(e);
    }
  }
}
