package io.evidencekit.core.export;

import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * Lays out the exhibit schedule as a plain A4 PDF with PDFBox: text only, flowing over as many pages as
 * it needs, no scripts, forms, links or embedded files. The standard fonts carry Windows-1252 only, so a
 * character outside it (a name in another script) is printed as '?'; the HTML and CSV beside it hold every
 * name exactly. Not thread-safe: one document, one writer.
 */
final class PdfSchedule implements AutoCloseable {
  private static final float MARGIN = 50;
  private static final float TEXT = 9;
  private static final float LEADING = 12;

  private final PDDocument document = new PDDocument();
  private final PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
  private final PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
  private final PDType1Font mono = new PDType1Font(Standard14Fonts.FontName.COURIER);
  private final float width = PDRectangle.A4.getWidth() - 2 * MARGIN;
  private PDPageContentStream page;
  private float y;

  PdfSchedule() {
    try {
      newPage();
    } catch (IOException e) {
      throw failed(e);
    }
  }

  void heading(String text) throws IOException {
    paragraph(bold, 14, text);
    y -= LEADING / 2;
  }

  void paragraph(String text) throws IOException {
    paragraph(regular, TEXT, text);
  }

  void label(String label, String value, boolean monospace) throws IOException {
    paragraph(bold, TEXT, label);
    paragraph(monospace ? mono : regular, monospace ? 8 : TEXT, value);
  }

  void gap() {
    y -= LEADING / 2;
  }

  byte[] bytes() {
    try {
      page.close();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      document.save(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw failed(e);
    }
  }

  @Override
  public void close() {
    try {
      document.close();
    } catch (IOException e) {
      // Only memory is held: nothing to recover.
    }
  }

  private void paragraph(PDType1Font font, float size, String text) throws IOException {
    for (String line : wrap(font, size, printable(font, text))) {
      if (y < MARGIN + LEADING) {
        page.close();
        newPage();
      }
      page.beginText();
      page.setFont(font, size);
      page.newLineAtOffset(MARGIN, y);
      page.showText(line);
      page.endText();
      y -= size > TEXT ? size + 4 : LEADING;
    }
  }

  private List<String> wrap(PDType1Font font, float size, String text) throws IOException {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : text.split(" ", -1)) {
      String candidate = line.length() == 0 ? word : line + " " + word;
      if (fits(font, size, candidate) || line.length() == 0 && fits(font, size, word)) {
        line.setLength(0);
        line.append(candidate);
        continue;
      }
      if (line.length() > 0) {
        lines.add(line.toString());
        line.setLength(0);
      }
      // A word wider than the page (a hash, a long file name) is broken where it must be.
      String rest = word;
      while (!fits(font, size, rest)) {
        int cut = rest.length() - 1;
        while (cut > 1 && !fits(font, size, rest.substring(0, cut))) {
          cut--;
        }
        lines.add(rest.substring(0, cut));
        rest = rest.substring(cut);
      }
      line.append(rest);
    }
    lines.add(line.toString());
    return lines;
  }

  private boolean fits(PDType1Font font, float size, String text) throws IOException {
    return font.getStringWidth(text) / 1000 * size <= width;
  }

  private static String printable(PDType1Font font, String text) {
    StringBuilder out = new StringBuilder(text.length());
    text.codePoints().forEach(cp -> {
      String c = Character.isISOControl(cp) ? " " : new String(Character.toChars(cp));
      try {
        font.encode(c);
        out.append(c);
      } catch (IOException | IllegalArgumentException unencodable) {
        out.append('?');
      }
    });
    return out.toString();
  }

  private void newPage() throws IOException {
    PDPage next = new PDPage(PDRectangle.A4);
    document.addPage(next);
    page = new PDPageContentStream(document, next);
    y = PDRectangle.A4.getHeight() - MARGIN;
  }

  private static EvidenceException failed(IOException e) {
    return new EvidenceException(ErrorCode.INTERNAL, "the exhibit schedule could not be laid out as PDF", e);
  }
}
