package io.evidencekit.notify.email;

import com.icegreen.greenmail.util.ServerSetup;

/** GreenMail's servers on a dynamic port, given 30 s to start: its 2 s default is too short on a loaded 2-core CI machine. */
final class PatientServerSetup {
  private static final long STARTUP_MILLIS = 30_000;

  private PatientServerSetup() {}

  static ServerSetup of(ServerSetup setup) {
    ServerSetup copy = setup.dynamicPort();
    copy.setServerStartupTimeout(STARTUP_MILLIS);
    return copy;
  }
}
