package io.lambdaguard.replay;

import java.util.Map;

/**
 * A function's configuration as read back from AWS (or the emulator) after the invocation.
 *
 * @param exists false when GetFunction found no such function
 * @param kmsKeyArn the key encrypting its environment variables; null for the AWS managed key
 *     {@code aws/lambda}
 * @param logGroup the log group it writes to ({@code LoggingConfig.LogGroup}, by default {@code
 *     /aws/lambda/<name>}); null when the function does not exist
 * @param logGroupExists whether that log group exists
 * @param logGroupKmsKeyArn the key encrypting the log group; null when CloudWatch Logs' own
 *     encryption is used
 */
public record FunctionState(
    String functionName,
    boolean exists,
    String kmsKeyArn,
    Map<String, String> tags,
    String logGroup,
    boolean logGroupExists,
    String logGroupKmsKeyArn) {

  public FunctionState {
    tags = Map.copyOf(tags);
  }

  static FunctionState absent(String functionName) {
    return new FunctionState(functionName, false, null, Map.of(), null, false, null);
  }

  /**
   * {@code KMSKeyArn=…key/0b3c8f4e logs=…key/0b3c8f4e tags=2}, or {@code absent}; {@code -} is
   * AWS's own encryption.
   */
  public String summary() {
    if (!exists) {
      return "absent";
    }
    String logs = !logGroupExists ? "absent" : shortKey(logGroupKmsKeyArn);
    return "KMSKeyArn=" + shortKey(kmsKeyArn) + " logs=" + logs + " tags=" + tags.size();
  }

  private static String shortKey(String arn) {
    if (arn == null) {
      return "-";
    }
    int slash = arn.lastIndexOf('/');
    String id = slash < 0 ? arn : arn.substring(slash + 1);
    String prefix = slash < 0 ? "" : arn.substring(arn.lastIndexOf(':', slash) + 1, slash + 1);
    return "…" + prefix + (id.length() > 8 ? id.substring(0, 8) : id);
  }
}
