package io.lambdaguard.replay;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One {@code AWS::Serverless::Function} of the template with Globals merged in and every intrinsic
 * resolved.
 *
 * @param logicalId the resource's logical id, used as its short name in reports
 * @param functionName the name the function would have (FunctionName, else the logical id)
 * @param packageZip the deployment package {@code CodeUri} stands for (see {@link
 *     FunctionPackage#locate}), absolute
 * @param environment {@code Environment.Variables}, resolved
 * @param eventPatterns the EventBridge patterns of its {@code EventBridgeRule}/{@code
 *     CloudWatchEvent} events, as JSON
 * @param logFormat {@code LoggingConfig.LogFormat}, or null (Text)
 * @param applicationLogLevel {@code LoggingConfig.ApplicationLogLevel}, or null
 * @param logGroup the log group the function writes to
 */
record FunctionDefinition(
    String logicalId,
    String functionName,
    Path packageZip,
    String handler,
    String runtime,
    int memorySizeMb,
    int timeoutSeconds,
    Map<String, String> environment,
    List<String> eventPatterns,
    String logFormat,
    String applicationLogLevel,
    String logGroup) {}
