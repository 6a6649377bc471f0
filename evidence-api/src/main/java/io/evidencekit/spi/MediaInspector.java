package io.evidencekit.spi;

/**
 * Tells what a received file holds (container, duration, streams, embedded creation time and time code,
 * whether it decodes) and makes a still image from it, so the submitter and the officer learn about each
 * file as soon as it is received. The engine calls it from its background work, never on the upload path,
 * with a verified read-only copy of the item; what it reports is derived data, kept apart from the
 * evidence.
 *
 * <p>The rules every implementation keeps (each is checked by {@code MediaInspectorContract} in
 * {@code evidence-tck}):
 *
 * <ol>
 *   <li><b>Read only.</b> The inspector never writes, renames, deletes or changes the permissions of
 *       {@link MediaInput#file()}; its bytes and hash are the same afterwards. It writes only inside
 *       {@link MediaInput#scratch()}, and a {@link Still} it returns lies there.
 *   <li><b>Not recognised is a result.</b> A file that is empty, is not a video or audio format the tool
 *       knows, or is a CCTV system's own format is {@link MediaReport.NotRecognised}, not a failure.
 *   <li><b>One failure channel.</b> {@code inspect} never throws for a failure of the tool or the file:
 *       every such failure is a {@link MediaReport.CouldNotInspect} with a {@link MediaFailure}. Only a
 *       caller's bug throws (a null argument).
 *   <li><b>Bounded.</b> An inspection that runs past the inspector's time limit ends with
 *       {@link MediaFailure#TIMEOUT}, every process it started ended; the programs it runs get no shell
 *       and no network, and their output is read only up to a limit.
 *   <li><b>Claims are checked.</b> A duration is reported only when it is plausible (at most
 *       {@link io.evidencekit.api.MediaInfo#MAX_DURATION}); a damaged or cut-short file that the tool
 *       still recognises reports {@link io.evidencekit.api.DecodeCheck#FAILS}, not a clean decode.
 *   <li><b>Safe details.</b> Details never carry the file's path, its content or the tool's raw output.
 *   <li><b>Versions.</b> {@link #name()} is stable and every report's {@link MediaReport#tool()} names it;
 *       {@link #version()} answers an unknown version, not an exception, when the tool cannot be asked.
 *   <li><b>Thread-safe.</b> {@code inspect} may be called from many threads at once.
 *   <li><b>Closing.</b> {@link #close()} is idempotent and never throws; afterwards {@code inspect}
 *       answers {@link MediaFailure#TOOL_UNAVAILABLE}.
 * </ol>
 */
public interface MediaInspector extends AutoCloseable {

  /** The inspector's stable name, e.g. {@code ffprobe}. */
  String name();

  /** The version that would inspect now; unknown when the tool cannot say. */
  ToolVersion version();

  /** Inspects the file; blocks until the report or the time limit. Never null. */
  MediaReport inspect(MediaInput input);

  /** Idempotent; never throws. */
  @Override
  default void close() {}
}
