package io.evidencekit.portal;

import io.evidencekit.tck.tools.ExternalTool;
import io.evidencekit.tck.tools.ToolEnvironment;
import io.evidencekit.tck.tools.ToolLocation;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium, headless, driven by Debian's chromedriver (Selenium Manager stays offline), with
 * a fresh profile each time; axe-core (from npm) injected into pages; screenshots under target/screenshots.
 * Both programs are found on PATH or through EVIDENCEKIT_CHROMIUM / EVIDENCEKIT_CHROMEDRIVER; a test
 * using this carries {@code @RequiresTool(ExternalTool.CHROMIUM)}, so it is skipped (or, in CI, fails)
 * before it starts when they are missing.
 */
final class Browser implements AutoCloseable {
  private static final String AXE = loadAxe();
  final ChromeDriver driver;
  private final Path profile;

  Browser(boolean javascript) {
    this(javascript, 0);
  }

  /**
   * @param phoneWidth 0 for a desktop window; else a phone's viewport this many CSS pixels wide (mobile
   *     emulation: the page's meta viewport applies, as on a phone)
   */
  Browser(boolean javascript, int phoneWidth) {
    System.setProperty("SE_OFFLINE", "true");
    try {
      profile = Files.createTempDirectory("chromium-profile");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ToolLocation chromium = ExternalTool.CHROMIUM.locate(ToolEnvironment.ofThisProcess());
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium.executable("chromium").toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
        "--window-size=1280,1800", "--user-data-dir=" + profile);

    if (phoneWidth > 0) {
      options.setExperimentalOption("mobileEmulation", Map.of("deviceMetrics",
          Map.of("width", phoneWidth, "height", 780, "pixelRatio", 2.0, "mobile", true, "touch", true)));
    }
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(chromium.executable("chromedriver").toFile())
        .usingAnyFreePort()
        .build();
    driver = new ChromeDriver(service, options);
    if (!javascript) {
      // The page's own scripts never load: the page is exactly what a browser without JavaScript shows.
      // (Switching JavaScript off in the profile instead would also stop axe-core, which the tests inject.)
      driver.executeCdpCommand("Network.enable", Map.of());
      driver.executeCdpCommand("Network.setBlockedURLs", Map.of("urls",
          List.of("*/static/*.js", "*/static/*.mjs", "*/assets/*.js", "*/assets/*.mjs")));
    }
  }

  WebDriverWait waiting(Duration timeout) {
    return new WebDriverWait(driver, timeout);
  }

  WebElement waitFor(By by) {
    return waiting(Duration.ofSeconds(20)).until(ExpectedConditions.visibilityOfElementLocated(by));
  }

  /** Runs axe-core on the page (WCAG 2.0-2.2 A and AA rules) and returns the violations found. */
  @SuppressWarnings("unchecked")
  List<String> axeViolations() {
    JavascriptExecutor js = driver;
    js.executeScript(AXE);
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
    Object result = js.executeAsyncScript("""
        const done = arguments[arguments.length - 1];
        axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } })
          .then(r => done(r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.help + ' at '
              + v.nodes.map(n => n.target.join(' ')).join(', '))))
          .catch(e => done(['axe failed: ' + e]));
        """);
    return (List<String>) result;
  }

  /** How far the page is wider than the viewport, in CSS pixels (0: no horizontal scrolling). */
  long horizontalOverflow() {
    Object overflow = driver.executeScript("""
        const doc = document.documentElement;
        return Math.max(doc.scrollWidth, document.body.scrollWidth) - window.innerWidth;
        """);
    return ((Number) overflow).longValue();
  }

  long viewportWidth() {
    return ((Number) driver.executeScript("return window.innerWidth;")).longValue();
  }

  /** The whole page, top to bottom (not only what the viewport shows), under target/screenshots. */
  void fullPageScreenshot(String name) {
    Path dir = Path.of(System.getProperty("screenshots.dir", "target/screenshots"));
    Object width = driver.executeScript("return document.documentElement.clientWidth;");
    Object height = driver.executeScript("return Math.max(document.documentElement.scrollHeight, document.body.scrollHeight);");
    Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png",
        "captureBeyondViewport", true,
        "clip", Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
    try {
      Files.createDirectories(dir);
      Files.write(dir.resolve(name + ".png"), java.util.Base64.getDecoder().decode((String) shot.get("data")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void screenshot(String name) {
    Path dir = Path.of(System.getProperty("screenshots.dir", "target/screenshots"));
    try {
      Files.createDirectories(dir);
      File shot = driver.getScreenshotAs(OutputType.FILE);
      Files.copy(shot.toPath(), dir.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String loadAxe() {
    try (InputStream in = Browser.class.getClassLoader().getResourceAsStream("axe.min.js")) {
      if (in == null) {
        throw new IllegalStateException("axe.min.js is not on the test class path (npm ci runs in the build)");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    driver.quit();
    try (var paths = Files.walk(profile)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a leftover profile under target/ is harmless
    }
  }

}
