package io.lambdaguard.benchmark;

import java.nio.file.Path;
import java.util.Map;

/**
 * Another build or JVM setting of a function, measured side by side with it in the same run, so
 * that an optimisation is judged on numbers the machine's load affected alike.
 *
 * @param label how the report names it, after the function's name
 * @param function the template function it is a copy of
 * @param packageZip its package; null for the function's own
 * @param environment variables added to the function's, such as {@code JAVA_TOOL_OPTIONS}
 */
record Variant(String label, String function, Path packageZip, Map<String, String> environment) {

  Variant {
    environment = Map.copyOf(environment);
  }

  /** The copy's logical id in the replay: the function's, then the label. */
  String logicalId() {
    return function + "-" + label.replaceAll("[^A-Za-z0-9]", "");
  }
}
