/**
 * What each page shows, as plain records handed to the precompiled jte templates. Internal to the
 * portal: public only because the generated template classes live in another package.
 */
@NullMarked
package io.evidencekit.portal.view;

import org.jspecify.annotations.NullMarked;
