package io.lambdaguard.lambda;

import java.util.Map;
import java.util.Optional;

/**
 * The current configuration and tags of one function, read from the Lambda API: what rules check.
 *
 * <p>{@link #toString()} prints names and keys only: environment values, tag values and the
 * description may hold the very data the service protects.
 *
 * @param name function name
 * @param arn unqualified function ARN
 * @param revisionId the revision read; writes carry it so a concurrent change wins
 * @param state {@code Pending}, {@code Active}, {@code Inactive} or {@code Failed}
 * @param lastUpdateStatus {@code InProgress}, {@code Successful} or {@code Failed}
 * @param kmsKeyArn the key encrypting environment variables; empty means the AWS managed {@code
 *     aws/lambda}
 * @param environment environment variables (empty when none, or when they cannot be decrypted)
 * @param environmentError set when Lambda could not decrypt the variables for this caller
 * @param description the function description, possibly empty
 * @param tags the function's tags
 * @param logGroup the log group named in {@code LoggingConfig}, when set
 * @param activeTracing {@code TracingConfig.Mode} is {@code Active}: the function sends traces to
 *     X-Ray
 */
public record FunctionSnapshot(
    String name,
    String arn,
    String revisionId,
    String state,
    String lastUpdateStatus,
    Optional<String> kmsKeyArn,
    Map<String, String> environment,
    Optional<String> environmentError,
    String description,
    Map<String, String> tags,
    Optional<String> logGroup,
    boolean activeTracing) {

  public FunctionSnapshot {
    environment = Map.copyOf(environment);
    tags = Map.copyOf(tags);
  }

  /** A function without active tracing. */
  public FunctionSnapshot(
      String name,
      String arn,
      String revisionId,
      String state,
      String lastUpdateStatus,
      Optional<String> kmsKeyArn,
      Map<String, String> environment,
      Optional<String> environmentError,
      String description,
      Map<String, String> tags,
      Optional<String> logGroup) {
    this(
        name,
        arn,
        revisionId,
        state,
        lastUpdateStatus,
        kmsKeyArn,
        environment,
        environmentError,
        description,
        tags,
        logGroup,
        false);
  }

  /** The function has environment variables, whether or not this caller can read them. */
  public boolean hasEnvironment() {
    return !environment.isEmpty() || environmentError.isPresent();
  }

  /** No creation or update is in progress, so a configuration update can be made now. */
  public boolean settled() {
    return !"Pending".equals(state) && !"InProgress".equals(lastUpdateStatus);
  }

  @Override
  public String toString() {
    return "FunctionSnapshot[name="
        + name
        + ", arn="
        + arn
        + ", revisionId="
        + revisionId
        + ", state="
        + state
        + ", lastUpdateStatus="
        + lastUpdateStatus
        + ", kmsKeyArn="
        + kmsKeyArn.orElse("(aws/lambda)")
        + ", environmentKeys="
        + environment.keySet().stream().sorted().toList()
        + ", tagKeys="
        + tags.keySet().stream().sorted().toList()
        + ", activeTracing="
        + activeTracing
        + "]";
  }
}
