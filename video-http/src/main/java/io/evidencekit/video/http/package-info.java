/**
 * A {@link io.evidencekit.spi.VideoSource} for a consultation platform that offers JSON over HTTPS:
 * {@link io.evidencekit.video.http.HttpVideoSource}. The HTTP contract the platform meets is shipped in
 * this module as an OpenAPI 3.0 document, {@code io/evidencekit/video/http/video-source-openapi.yaml}.
 */
@NullMarked
package io.evidencekit.video.http;

import org.jspecify.annotations.NullMarked;
