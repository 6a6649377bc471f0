package io.evidencekit.tck;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a contract's nested group only if the plugin's test class overrides the named hook, and
 * otherwise skips the whole group with one reason. Decided from the classes alone, before any test
 * instance exists, so a hook may use the plugin test's per-test state ({@code @TempDir} and the like).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(OptionalHook.Condition.class)
@interface OptionalHook {
  /** The name of the hook method (without parameters) the group needs. */
  String value();

  final class Condition implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      Optional<OptionalHook> hook = context.getElement().map(e -> e.getAnnotation(OptionalHook.class));
      Optional<Class<?>> pluginTest = context.getParent().flatMap(ExtensionContext::getTestClass);
      if (hook.isEmpty() || pluginTest.isEmpty()) {
        return ConditionEvaluationResult.enabled("not a hook group");
      }
      String name = hook.get().value();
      Class<?> declaring = context.getRequiredTestClass().getEnclosingClass();
      for (Class<?> c = pluginTest.get(); c != null && c != declaring; c = c.getSuperclass()) {
        if (Arrays.stream(c.getDeclaredMethods()).map(Method::getName).anyMatch(name::equals)) {
          return ConditionEvaluationResult.enabled(c.getSimpleName() + " supplies " + name + "()");
        }
      }
      return ConditionEvaluationResult.disabled("the plugin's test does not override " + name + "()");
    }
  }
}
