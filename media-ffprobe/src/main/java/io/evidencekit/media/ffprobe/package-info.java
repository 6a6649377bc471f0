/**
 * A {@link io.evidencekit.spi.MediaInspector} that runs Debian's {@code ffprobe} (and {@code ffmpeg}, for
 * the still image and the test decode) as separate processes. Start at
 * {@link io.evidencekit.media.ffprobe.FfprobeInspector} and {@link io.evidencekit.media.ffprobe.FfprobeSettings};
 * everything else here is internal.
 */
@NullMarked
package io.evidencekit.media.ffprobe;

import org.jspecify.annotations.NullMarked;
