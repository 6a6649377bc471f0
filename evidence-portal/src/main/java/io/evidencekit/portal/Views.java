package io.evidencekit.portal;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.evidencekit.portal.view.Chrome;
import io.evidencekit.portal.view.MessagePage;
import java.util.List;

/**
 * Renders the precompiled jte templates (HTML content type: every expression is escaped) with the
 * wording from {@link Messages}. Thread-safe.
 */
final class Views {
  private final TemplateEngine templates =
      TemplateEngine.createPrecompiled(null, ContentType.Html, Views.class.getClassLoader(), "io.evidencekit.portal.templates");
  private final Portal.Settings settings;
  private final Messages messages;

  Views(Portal.Settings settings, Messages messages) {
    this.settings = settings;
    this.messages = messages;
  }

  Messages messages() {
    return messages;
  }

  String text(String key, Object... args) {
    return messages.text(key, args);
  }

  Chrome chrome(String contextPath, String title, boolean uploadScripts) {
    return new Chrome(contextPath, settings.forceName(), serviceName(), title, uploadScripts, messages);
  }

  /** The configured service name, or the bundle's wording of the default one. */
  String serviceName() {
    return settings.serviceName().orElseGet(() -> messages.text("service.name"));
  }

  String render(String template, Object page) {
    StringOutput out = new StringOutput();
    templates.render(template, page, out);
    return out.toString();
  }

  /** A page that explains something: a heading and paragraphs, all already worded. */
  String message(String contextPath, String heading, List<String> paragraphs) {
    return render("message.jte", new MessagePage(chrome(contextPath, heading, false), heading, paragraphs));
  }
}
