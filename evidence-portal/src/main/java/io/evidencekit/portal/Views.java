package io.evidencekit.portal;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.evidencekit.portal.view.Chrome;
import io.evidencekit.portal.view.MessagePage;
import java.util.List;

/** Renders the precompiled jte templates (HTML content type: every expression is escaped). Thread-safe. */
final class Views {
  private final TemplateEngine templates =
      TemplateEngine.createPrecompiled(null, ContentType.Html, Views.class.getClassLoader(), "io.evidencekit.portal.templates");
  private final Portal.Settings settings;

  Views(Portal.Settings settings) {
    this.settings = settings;
  }

  Chrome chrome(String contextPath, String title, boolean uploadScripts) {
    return new Chrome(contextPath, settings.forceName(), settings.serviceName(), title, uploadScripts);
  }

  String render(String template, Object page) {
    StringOutput out = new StringOutput();
    templates.render(template, page, out);
    return out.toString();
  }

  String message(String contextPath, String heading, List<String> paragraphs) {
    return render("message.jte", new MessagePage(chrome(contextPath, heading, false), heading, paragraphs));
  }
}
