package io.lambdaguard.replay;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * A function as the replay runs it.
 *
 * @param logicalId its logical id in the template (or the one it was deployed with)
 * @param packageZip its deployment package
 * @param memorySizeMb {@code MemorySize}, which sets the JVM's heap limit
 * @param eventBridgeRouted whether an EventBridge rule of the template invokes it
 * @param eventTypes the types of its template {@code Events}: {@code EventBridgeRule}, {@code SQS},
 *     ...
 * @param jvmOptions the options its JVM starts with, as Lambda's Java runtime sets them
 * @param javaToolOptions {@code JAVA_TOOL_OPTIONS} from its environment, which the JVM adds; null
 *     when not set
 */
public record ReplayFunction(
    String logicalId,
    Path packageZip,
    int memorySizeMb,
    boolean eventBridgeRouted,
    Set<String> eventTypes,
    List<String> jvmOptions,
    String javaToolOptions) {

  public ReplayFunction {
    eventTypes = Set.copyOf(eventTypes);
    jvmOptions = List.copyOf(jvmOptions);
  }

  static ReplayFunction of(FunctionDefinition function, Set<String> eventTypes) {
    return new ReplayFunction(
        function.logicalId(),
        function.packageZip(),
        function.memorySizeMb(),
        !function.eventPatterns().isEmpty(),
        eventTypes,
        JavaRuntime.jvmOptions(function.memorySizeMb()),
        function.environment().get("JAVA_TOOL_OPTIONS"));
  }
}
