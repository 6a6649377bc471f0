package io.evidencekit.spi;

/** Why a {@link MediaInspector} could not inspect a file. Says nothing about the file itself. */
public enum MediaFailure {
  /** The inspection did not end within the inspector's time limit; its processes were ended. */
  TIMEOUT,
  /** The inspecting program could not be started, or the inspector was closed. */
  TOOL_UNAVAILABLE,
  /** The program's output went past the inspector's size limit. */
  OUTPUT_TOO_LARGE,
  /** The input file could not be read. */
  INPUT_UNREADABLE,
  /** Anything else: the program failed in a way the inspector did not understand. */
  ERROR
}
