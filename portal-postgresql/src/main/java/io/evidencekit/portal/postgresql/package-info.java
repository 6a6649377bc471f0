/** The portal's link-guessing budget kept in PostgreSQL, so every node behind a load balancer shares it. */
@NullMarked
package io.evidencekit.portal.postgresql;

import org.jspecify.annotations.NullMarked;
