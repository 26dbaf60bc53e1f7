package io.lambdaguard.replay;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Where the replayed functions' AWS calls go, and what the replay may do there besides. */
sealed interface AwsBackend extends AutoCloseable permits EmbeddedMoto, ExistingEndpoint, RealAws {

  /**
   * For the report: {@code embedded moto}, {@code endpoint http://...}, {@code real AWS (account
   * ...)}.
   */
  String description();

  /** The region and account the functions run in. */
  AwsTarget target();

  /** The variables that point a function at this backend: endpoint and credentials. */
  Map<String, String> functionEnvironment();

  /**
   * The ARN of the configured key this backend created, to pass as the template's key parameter;
   * null if none.
   */
  String seededKeyArn();

  /** Makes the backend show what the event describes, as far as this backend may be changed. */
  void prepare(SeedPlan plan);

  /**
   * Starts recording the AWS calls of the invocation that follows; a backend without a call log
   * does nothing.
   */
  default void startRecording() {}

  /**
   * The calls since {@link #startRecording()}; null when this backend keeps no call log (the
   * default).
   */
  default List<AwsCall> recordedCalls() {
    return null;
  }

  /**
   * Delivers what waits in one of the stack's queues (the tickets queue) to its consumer, as
   * Lambda's event source does: {@code consumer} takes the SQS event and answers with the
   * function's response. A backend where the replay cannot (real AWS: Lambda itself delivers, to
   * the deployed consumer) does nothing.
   */
  default void deliver(String queueUrl, UnaryOperator<byte[]> consumer) {}

  /** The function's state now; null when it cannot be read. */
  FunctionState readState(String functionName);

  @Override
  void close();
}
