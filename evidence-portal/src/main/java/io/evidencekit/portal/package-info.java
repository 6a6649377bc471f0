/**
 * The public submission portal: the pages a member of the public sees after following an invitation
 * link, resumable uploads (tus 1.0) and a plain multipart path for browsers without JavaScript.
 *
 * <p>{@link io.evidencekit.portal.Portal} builds the servlets and the filter a host mounts in its own
 * Servlet 6 container; {@link io.evidencekit.portal.PortalServer} runs them on embedded Jetty.
 */
@NullMarked
package io.evidencekit.portal;

import org.jspecify.annotations.NullMarked;
