package io.evidencekit.portal;

import static io.evidencekit.portal.WebClient.form;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("All of the portal's copy comes from a message bundle: English shipped, another language without Java changes")
class MessageBundleTest {
  private static final Path MAIN = Path.of("src/main");
  private static final Locale WELSH = Locale.forLanguageTag("cy");

  @TempDir
  Path dir;

  private static Properties english() throws IOException {
    Properties p = new Properties();
    try (InputStream in = MessageBundleTest.class.getResourceAsStream("/io/evidencekit/portal/messages.properties")) {
      p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
    }
    return p;
  }

  @Test
  @DisplayName("in a second locale (Welsh, a test bundle on the class path) the pages, errors and declaration are in that language, and missing keys fall back to English")
  void secondLocale() {
    try (PortalFixture portal = new PortalFixture(dir, PortalFixture.smallLimits(), b -> b.locale(WELSH))) {
      WebClient web = new WebClient(portal.base());
      HttpResponse<String> page = web.get("r/" + portal.token());
      assertThat(page.body())
          .contains("<html lang=\"cy\"")
          .contains("Cais am Dystiolaeth: " + portal.request.reference())
          .contains("Gwahoddiad gan Wright, D.")
          .contains("Drwy ddewis 'Cyflwyno', rwy'n cytuno bod y 0 ffeil hyn yn berthnasol i'r digwyddiad.")
          .contains("23 Mai 2024 am 10:00")
          .contains("Anfon tystiolaeth i'r heddlu")
          .contains("Caption (optional)"); // not translated in the test bundle: English
      String csrf = WebClient.csrf(page.body());
      HttpResponse<String> posted = web.postFiles("r/" + portal.token() + "/files", form("csrf", csrf), Map.of("a.mp4", new byte[] {1}));
      String listed = web.get(posted.headers().firstValue("Location").orElseThrow().substring(1)).body();
      assertThat(listed).contains("rwy'n cytuno bod yr 1 ffeil hon yn berthnasol").contains("1 beit");
      assertThat(web.postFiles("r/" + portal.token() + "/files", form("csrf", csrf), Map.of()).body())
          .contains("Mae problem").contains("Dewiswch ffeil i'w huwchlwytho");
      assertThat(web.get("r/" + "Q".repeat(43)).body()).contains("Nid yw'r ddolen hon yn gweithio");
      assertThat(web.get("nowhere").body()).contains("Heb ddod o hyd i'r dudalen");
      RawHttp.Answer tooBig = RawHttp.send(portal.port, RawHttp.get("GET", "/r/x", "X-Padding: " + "a".repeat(9_000)));
      assertThat(tooBig.status()).isEqualTo(431);
      assertThat(tooBig.body()).contains("Mae'n ddrwg gennym, roedd hynny'n rhy fawr i'w dderbyn").contains("lang=\"cy\"");
      // The script's copy comes from the same bundle, in the same language.
      assertThat(page.body()).contains("Wedi dod i law");
    }
  }

  @Test
  @DisplayName("plurals come from ChoiceFormat in the bundle: 1 file, 2 files, 0 files, 1,000 files")
  void plurals() {
    Messages m = new Messages(Locale.UK);
    assertThat(m.text("declaration", 1)).isEqualTo("By selecting 'Submit', I agree that this 1 file is relevant to the incident.");
    assertThat(m.text("declaration", 2)).isEqualTo("By selecting 'Submit', I agree that these 2 files are relevant to the incident.");
    assertThat(m.text("declaration", 0)).isEqualTo("By selecting 'Submit', I agree that these 0 files are relevant to the incident.");
    assertThat(m.text("declaration", 1000)).contains("these 1,000 files");
    assertThat(m.size(1)).isEqualTo("1 byte");
    assertThat(m.size(12)).isEqualTo("12 bytes");
    assertThat(m.size(2L << 20)).isEqualTo("2.1 MB");
    assertThat(m.text("error.files.tooMany", 1, 0, 1)).isEqualTo(
        "You selected 1 file, but you can add no more files. You can send up to 1 file in total");
  }

  @Test
  @DisplayName("every English message formats cleanly: no unbalanced quotes (an apostrophe is written ''), no leftover braces")
  void everyMessageFormats() throws IOException {
    Properties english = english();
    Messages m = new Messages(Locale.UK);
    for (String key : english.stringPropertyNames()) {
      if (key.startsWith("format.")) {
        continue;
      }
      String raw = english.getProperty(key);
      assertThat(raw.replace("''", "")).as(key + ": write an apostrophe as ''").doesNotContain("'");
      Object[] args = {1, 2, 3, 4};
      String formatted = m.text(key, args);
      assertThat(formatted).as(key).doesNotContain("{").doesNotContain("}");
    }
  }

  @Test
  @DisplayName("every message the code and templates ask for exists in the English bundle, and the script's keys too")
  void everyKeyExists() throws IOException {
    Properties english = english();
    Pattern call = Pattern.compile("(?:text|t\\.text|messages\\.text|views\\.text)\\(\"([a-zA-Z0-9.]*[a-zA-Z0-9])\"");
    List<String> missing = new ArrayList<>();
    try (Stream<Path> files = Files.walk(MAIN)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java") || p.toString().endsWith(".jte")).toList()) {
        Matcher matcher = call.matcher(Files.readString(f));
        while (matcher.find()) {
          if (english.getProperty(matcher.group(1)) == null) {
            missing.add(f.getFileName() + ": " + matcher.group(1));
          }
        }
      }
    }
    Matcher script = Pattern.compile("(?<![A-Za-z0-9_.])t\\('([a-zA-Z0-9.]*[a-zA-Z0-9])'").matcher(Files.readString(
        MAIN.resolve("resources/io/evidencekit/portal/static/portal.js")));
    while (script.find()) {
      if (!Messages.SCRIPT_KEYS.contains(script.group(1))) {
        missing.add("portal.js asks for " + script.group(1) + ", which the page does not hand it");
      }
    }
    Messages.SCRIPT_KEYS.forEach(k -> {
      if (english.getProperty(k) == null) {
        missing.add("script key " + k);
      }
    });
    assertThat(missing).isEmpty();
  }

  @Test
  @DisplayName("no sentence of the bundle is written out in Java, the templates or the script: the copy lives only in the bundle")
  void noCopyOutsideTheBundle() throws IOException {
    Properties english = english();
    List<String> sources = new ArrayList<>();
    try (Stream<Path> files = Files.walk(MAIN)) {
      for (Path f : files.filter(p -> p.toString().matches(".*\\.(java|jte|js|mjs)$")).toList()) {
        // Comments may quote the copy they explain; code and markup may not hold it.
        String code = Files.readString(f).replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("(?m)^\\s*//.*$", " ");
        sources.add(f + "\n" + code);
      }
    }
    List<String> found = new ArrayList<>();
    for (String key : english.stringPropertyNames()) {
      // The longest run of plain words in the message (between placeholders) is what would be copied.
      for (String piece : english.getProperty(key).replace("''", "'").split("\\{[^}]*}|[|#<]")) {
        String words = piece.strip();
        if (words.length() < 16 || !words.contains(" ")) {
          continue;
        }
        for (String source : sources) {
          if (source.contains(words)) {
            found.add(key + " in " + source.substring(0, source.indexOf('\n')) + ": " + words);
          }
        }
      }
    }
    assertThat(found).isEmpty();

    // Templates hold markup and expressions only: no text of their own between the tags.
    try (Stream<Path> templates = Files.walk(MAIN.resolve("jte"))) {
      for (Path t : templates.filter(p -> p.toString().endsWith(".jte")).toList()) {
        String text = Files.readString(t)
            .replaceAll("(?s)!\\{.*?}", " ")
            .replaceAll("(?m)^\\s*@.*$", " ")
            .replaceAll("\\$\\{[^}]*}", " ")
            .replaceAll("(?s)<[^>]*>", " ")
            .replaceAll("&#?[a-z0-9]+;", " ")
            .replaceAll("[`)(@\\s]", " ");
        assertThat(text.strip()).as(t.getFileName().toString()).matches("[\\s,.=\"a-zA-Z()]*|");
        assertThat(text).as(t.getFileName() + " has words of its own").doesNotContainPattern("[A-Za-z]{3,}\\s+[a-z]{3,}");
      }
    }
  }

  @Test
  @DisplayName("a locale with no bundle of its own gets English, whatever the machine's default language")
  void unknownLocaleFallsBackToEnglish() {
    Locale before = Locale.getDefault();
    try {
      Locale.setDefault(WELSH); // a default-locale fallback would pick the Welsh test bundle
      Messages m = new Messages(Locale.JAPANESE);
      assertThat(m.text("request.submit")).isEqualTo("Submit");
      assertThat(m.lang()).isEqualTo("en-GB");
    } finally {
      Locale.setDefault(before);
    }
  }
}
