package io.evidencekit.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** {@code --version} on every command: the project version the build wrote into the jar. */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() throws IOException {
    Properties properties = new Properties();
    try (InputStream in = VersionProvider.class.getResourceAsStream("/evidencekit-version.properties")) {
      if (in != null) {
        properties.load(in);
      }
    }
    return new String[] {"evidencekit " + properties.getProperty("version", "(version unknown)"),
        "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"};
  }
}
