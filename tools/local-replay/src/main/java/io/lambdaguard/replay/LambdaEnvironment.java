package io.lambdaguard.replay;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The environment variables Lambda gives a function: the template's, then the reserved ones Lambda
 * sets itself.
 */
final class LambdaEnvironment {

  private LambdaEnvironment() {}

  /**
   * @param backendVariables endpoint and credentials of the backend
   * @param forceReportMode overrides {@code MODE} with {@code report} (replays against real AWS)
   */
  static Map<String, String> of(
      FunctionDefinition function,
      AwsTarget target,
      Map<String, String> backendVariables,
      Path taskRoot,
      Path runtimeDirectory,
      boolean forceReportMode) {
    Map<String, String> variables = new LinkedHashMap<>(function.environment());
    if (forceReportMode) {
      variables.put("MODE", "report");
    }
    variables.putAll(backendVariables);
    variables.put("_HANDLER", function.handler());
    variables.put("AWS_REGION", target.region());
    variables.put("AWS_DEFAULT_REGION", target.region());
    if (function.runtime() != null) {
      variables.put("AWS_EXECUTION_ENV", "AWS_Lambda_" + function.runtime());
    }
    variables.put("AWS_LAMBDA_FUNCTION_NAME", function.functionName());
    variables.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(function.memorySizeMb()));
    variables.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
    variables.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
    variables.put("AWS_LAMBDA_LOG_GROUP_NAME", function.logGroup());
    variables.put("AWS_LAMBDA_LOG_STREAM_NAME", logStreamName());
    if ("JSON".equalsIgnoreCase(function.logFormat())) {
      variables.put("AWS_LAMBDA_LOG_FORMAT", "JSON");
      if (function.applicationLogLevel() != null) {
        variables.put("AWS_LAMBDA_LOG_LEVEL", function.applicationLogLevel());
      }
    }
    variables.put("LAMBDA_TASK_ROOT", taskRoot.toString());
    variables.put("LAMBDA_RUNTIME_DIR", runtimeDirectory.toString());
    variables.put("LANG", "en_US.UTF-8");
    variables.put("TZ", ":UTC");
    variables.put("PATH", "/usr/local/bin:/usr/bin:/bin");
    return variables;
  }

  /** {@code 2026/11/27/[$LATEST]<32 hex digits>}, the form of Lambda's log stream names. */
  private static String logStreamName() {
    byte[] id = new byte[16];
    ThreadLocalRandom.current().nextBytes(id);
    return LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy/MM/dd"))
        + "/[$LATEST]"
        + HexFormat.of().formatHex(id);
  }
}
