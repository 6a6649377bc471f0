package io.evidencekit.tck.tools;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The annotated test class (or method) drives these external programs. When one is not found, the whole
 * class is skipped with one reason that says how to install it; when {@code evidencekit.require} (or
 * {@code EVIDENCEKIT_REQUIRE}) names it or says {@code all}, the class fails instead. Find the paths
 * inside the test with {@code tool.locate(ToolEnvironment.ofThisProcess())}.
 *
 * <pre>{@code
 * @RequiresTool(ExternalTool.CHROMIUM)
 * class BrowserTest { ... }
 * }</pre>
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(ExternalToolCondition.class)
public @interface RequiresTool {
  ExternalTool[] value();
}
