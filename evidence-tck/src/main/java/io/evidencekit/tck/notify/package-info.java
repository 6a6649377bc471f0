/** Sample notifications for {@link io.evidencekit.tck.NotifierContract} and for a notifier's own tests. */
@NullMarked
package io.evidencekit.tck.notify;

import org.jspecify.annotations.NullMarked;
