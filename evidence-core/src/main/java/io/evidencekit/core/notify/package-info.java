/**
 * The notification outbox: messages written in the same transaction as the act that causes them,
 * delivered afterwards through the registered notifiers with retries and backoff. Engine-internal
 * except {@link io.evidencekit.core.notify.DeliveryPolicy}.
 */
@NullMarked
package io.evidencekit.core.notify;

import org.jspecify.annotations.NullMarked;
