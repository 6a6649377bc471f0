/** Sample officers and requests for {@link io.evidencekit.tck.AccessPolicyContract} and a policy's own tests. */
@NullMarked
package io.evidencekit.tck.access;

import org.jspecify.annotations.NullMarked;
