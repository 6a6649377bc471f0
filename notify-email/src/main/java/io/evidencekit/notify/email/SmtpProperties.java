package io.evidencekit.notify.email;

import java.util.Properties;

/** The Jakarta Mail properties for one {@link SmtpSettings}: timeouts always set, TLS never optional. */
final class SmtpProperties {
  private SmtpProperties() {}

  static Properties of(SmtpSettings settings, String protocol) {
    Properties props = new Properties();
    String p = "mail." + protocol + ".";
    props.setProperty("mail.transport.protocol", protocol);
    props.setProperty(p + "host", settings.host());
    props.setProperty(p + "port", Integer.toString(settings.port()));
    // Jakarta Mail waits forever by default; the engine's outbox worker must not.
    props.setProperty(p + "connectiontimeout", Long.toString(settings.connectTimeout().toMillis()));
    props.setProperty(p + "timeout", Long.toString(settings.readTimeout().toMillis()));
    props.setProperty(p + "writetimeout", Long.toString(settings.readTimeout().toMillis()));
    props.setProperty(p + "auth", Boolean.toString(settings.username().isPresent()));
    // The message is accepted once DATA is answered; waiting for QUIT's reply only adds latency.
    props.setProperty(p + "quitwait", "false");
    switch (settings.security()) {
      case NONE -> { }
      case STARTTLS -> {
        props.setProperty(p + "starttls.enable", "true");
        // Without "required", a server (or an attacker in the middle) that hides STARTTLS gets plain text.
        props.setProperty(p + "starttls.required", "true");
        props.setProperty(p + "ssl.checkserveridentity", "true");
      }
      case SMTPS -> props.setProperty(p + "ssl.checkserveridentity", "true");
    }
    settings.sslSocketFactory().ifPresent(factory -> props.put(p + "ssl.socketFactory", factory));
    return props;
  }
}
