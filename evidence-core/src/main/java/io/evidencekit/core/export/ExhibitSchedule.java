package io.evidencekit.core.export;

import io.evidencekit.api.CustodyEvent;
import io.evidencekit.api.EvidenceItem;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;

/**
 * The exhibit schedule of a disclosure package, for the officer's witness statement (MG11: "I produce as
 * exhibit DW/1 ..."): each file with its exhibit reference, size, SHA-256, who submitted it and when, and
 * its custody history, as CSV (RFC 4180), as a self-contained HTML page (every value escaped; no
 * script, no outside resources) and as a plain A4 PDF. The words are in the {@code schedule} message bundle. Not thread-safe.
 */
public final class ExhibitSchedule {
  /** One exhibit: the item, its file in the bag, and the custody events about it. */
  public record Exhibit(String reference, String path, EvidenceItem item, String submittedBy, List<CustodyEvent> history) {
    public Exhibit {
      history = List.copyOf(history);
    }
  }

  private final ResourceBundle words;
  private final Locale locale;
  private final List<Exhibit> exhibits = new ArrayList<>();

  public ExhibitSchedule(Locale locale) {
    this.locale = locale;
    this.words = ResourceBundle.getBundle("io.evidencekit.core.export.schedule", locale);
  }

  /** The default exhibit prefix: the officer's initials, forename first ("Wright, D." is DW); "EX" if none. */
  public static String initials(String displayName) {
    String name = displayName;
    int comma = name.indexOf(',');
    if (comma >= 0) {
      name = name.substring(comma + 1) + " " + name.substring(0, comma);
    }
    StringBuilder initials = new StringBuilder();
    for (String word : name.trim().split("[\\s.]+")) {
      if (!word.isEmpty() && word.charAt(0) < 128 && Character.isLetter(word.charAt(0))) {
        initials.append(Character.toUpperCase(word.charAt(0)));
      }
    }
    return initials.length() == 0 ? "EX" : initials.toString();
  }

  public void add(Exhibit exhibit) {
    exhibits.add(exhibit);
  }

  public byte[] csv() {
    StringBuilder out = new StringBuilder();
    row(out, List.of(w("col.exhibit"), w("col.file"), w("col.name"), w("col.size"), w("col.sha256"), w("col.submittedBy"),
        w("col.receivedAt"), w("col.custody")));
    for (Exhibit e : exhibits) {
      row(out, List.of(e.reference(), e.path(), e.item().submittedName(), Long.toString(e.item().size()),
          e.item().sha256().hex(), e.submittedBy(), e.item().receivedAt().toString(), String.join("; ", history(e))));
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  public byte[] html(String reference, String recipient, String exportedBy, String date) {
    StringBuilder out = new StringBuilder("<!DOCTYPE html>\n<html lang=\"")
        .append(escape(locale.toLanguageTag())).append("\">\n<head><meta charset=\"utf-8\"><title>")
        .append(escape(f("title", reference))).append("</title>\n<style>body{font-family:sans-serif}"
            + "table{border-collapse:collapse}td,th{border:1px solid #444;padding:4px;vertical-align:top;text-align:left}"
            + ".hash{font-family:monospace;word-break:break-all}</style></head>\n<body>\n<h1>")
        .append(escape(f("title", reference))).append("</h1>\n<p>")
        .append(escape(f("intro", reference, recipient, exportedBy, date))).append("</p>\n");
    for (Exhibit e : exhibits) {
      out.append("<p>").append(escape(statement(e))).append("</p>\n");
    }
    out.append("<table>\n<tr>");
    for (String col : List.of("col.exhibit", "col.file", "col.name", "col.size", "col.sha256", "col.submittedBy",
        "col.receivedAt", "col.custody")) {
      out.append("<th>").append(escape(w(col))).append("</th>");
    }
    out.append("</tr>\n");
    for (Exhibit e : exhibits) {
      out.append("<tr><td>").append(escape(e.reference())).append("</td><td>").append(escape(e.path()))
          .append("</td><td>").append(escape(e.item().submittedName())).append("</td><td>").append(e.item().size())
          .append("</td><td class=\"hash\">").append(e.item().sha256().hex()).append("</td><td>")
          .append(escape(e.submittedBy())).append("</td><td>").append(escape(e.item().receivedAt().toString()))
          .append("</td><td><ul>");
      for (String line : history(e)) {
        out.append("<li>").append(escape(line)).append("</li>");
      }
      out.append("</ul></td></tr>\n");
    }
    out.append("</table>\n</body>\n</html>\n");
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The schedule as a printable A4 PDF: the statement for each exhibit, then its details and custody history. */
  public byte[] pdf(String reference, String recipient, String exportedBy, String date) {
    try (PdfSchedule pdf = new PdfSchedule()) {
      pdf.heading(f("title", reference));
      pdf.paragraph(f("intro", reference, recipient, exportedBy, date));
      for (Exhibit e : exhibits) {
        pdf.gap();
        pdf.heading(e.reference());
        pdf.paragraph(statement(e));
        pdf.label(w("col.file"), e.path(), false);
        pdf.label(w("col.name"), e.item().submittedName(), false);
        pdf.label(w("col.size"), Long.toString(e.item().size()), false);
        pdf.label(w("col.sha256"), e.item().sha256().hex(), true);
        pdf.label(w("col.submittedBy"), e.submittedBy(), false);
        pdf.label(w("col.receivedAt"), e.item().receivedAt().toString(), false);
        pdf.label(w("col.custody"), "", false);
        for (String line : history(e)) {
          pdf.paragraph(line);
        }
      }
      return pdf.bytes();
    } catch (java.io.IOException e) {
      throw new io.evidencekit.api.EvidenceException(io.evidencekit.api.ErrorCode.INTERNAL,
          "the exhibit schedule could not be laid out as PDF", e);
    }
  }

  /** The statement line for one exhibit. */
  public String statement(Exhibit e) {
    return f("statement", e.reference(), e.item().submittedName(), Long.toString(e.item().size()), e.item().sha256().hex(),
        e.submittedBy(), e.item().receivedAt().toString());
  }

  private List<String> history(Exhibit e) {
    List<String> lines = new ArrayList<>();
    for (CustodyEvent event : e.history()) {
      lines.add(f("history.entry", event.at().toString(), event.action().name(), event.actor().displayName()));
    }
    return lines;
  }

  private String w(String key) {
    return words.getString(key);
  }

  private String f(String key, Object... args) {
    return new MessageFormat(words.getString(key), locale).format(args);
  }

  private static void row(StringBuilder out, List<String> cells) {
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      String cell = cells.get(i);
      // A leading =, +, - or @ would be a formula in a spreadsheet: quote it as text.
      if (!cell.isEmpty() && "=+-@".indexOf(cell.charAt(0)) >= 0) {
        cell = "'" + cell;
      }
      out.append('"').append(cell.replace("\"", "\"\"")).append('"');
    }
    out.append("\r\n");
  }

  static String escape(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
