/**
 * A {@link io.evidencekit.spi.VideoSource} over a consultation platform's bulk export directory, for
 * platforms without an API: {@link io.evidencekit.video.folder.FolderVideoSource}. The manifest format is
 * described in the module's README section and in {@code FolderVideoSource}'s javadoc.
 */
@NullMarked
package io.evidencekit.video.folder;

import org.jspecify.annotations.NullMarked;
