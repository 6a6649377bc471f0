package io.evidencekit.notify.email;

/** How the connection to the SMTP server is protected. */
public enum TransportSecurity {
  /** Plain SMTP. Only for a relay on the same host or a trusted internal network. */
  NONE,
  /** Plain connection upgraded with STARTTLS; the upgrade is required, never skipped silently. */
  STARTTLS,
  /** TLS from the first byte (SMTPS, usually port 465). */
  SMTPS
}
