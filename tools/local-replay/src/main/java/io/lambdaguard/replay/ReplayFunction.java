package io.lambdaguard.replay;

import java.nio.file.Path;
import java.util.List;

/**
 * A function as the replay runs it.
 *
 * @param logicalId         its logical id in the template (or the one it was deployed with)
 * @param packageZip        its deployment package
 * @param memorySizeMb      {@code MemorySize}, which sets the JVM's heap limit
 * @param eventBridgeRouted whether an EventBridge rule of the template invokes it
 * @param jvmOptions        the options its JVM starts with, as Lambda's Java runtime sets them
 * @param javaToolOptions   {@code JAVA_TOOL_OPTIONS} from its environment, which the JVM adds; null when not set
 */
public record ReplayFunction(String logicalId, Path packageZip, int memorySizeMb, boolean eventBridgeRouted,
                             List<String> jvmOptions, String javaToolOptions) {

    public ReplayFunction {
        jvmOptions = List.copyOf(jvmOptions);
    }

    static ReplayFunction of(FunctionDefinition function) {
        return new ReplayFunction(function.logicalId(), function.packageZip(), function.memorySizeMb(),
                !function.eventPatterns().isEmpty(), JavaRuntime.jvmOptions(function.memorySizeMb()),
                function.environment().get("JAVA_TOOL_OPTIONS"));
    }
}
