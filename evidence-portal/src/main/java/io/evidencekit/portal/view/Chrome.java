package io.evidencekit.portal.view;

import java.util.Objects;

/**
 * What every page carries: where the portal is mounted, the force's name and service name, the page
 * title, which scripts the page loads, and the wording ({@link Copy}) in the configured language.
 */
public record Chrome(String contextPath, String forceName, String serviceName, String title, boolean uploadScripts,
    Copy t) {
  public Chrome {
    Objects.requireNonNull(contextPath, "contextPath");
    Objects.requireNonNull(forceName, "forceName");
    Objects.requireNonNull(serviceName, "serviceName");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(t, "t");
  }

  public String asset(String path) {
    return contextPath + "/assets/" + path;
  }

  public String script(String path) {
    return contextPath + "/static/" + path;
  }
}
