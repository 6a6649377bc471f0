/** Requests, their force references, and the invitation links sent to the public. Engine-internal except {@link io.evidencekit.core.request.ReferenceFormat}. */
@NullMarked
package io.evidencekit.core.request;

import org.jspecify.annotations.NullMarked;
