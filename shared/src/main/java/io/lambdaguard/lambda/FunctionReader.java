package io.lambdaguard.lambda;

import io.lambdaguard.aws.Deadline;
import io.lambdaguard.config.Config;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.arns.Arn;
import software.amazon.awssdk.arns.ArnResource;
import software.amazon.awssdk.core.retry.backoff.FixedDelayBackoffStrategy;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.core.waiters.WaiterResponse;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.EnvironmentResponse;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.GetFunctionRequest;
import software.amazon.awssdk.services.lambda.model.GetFunctionResponse;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.TracingMode;
import software.amazon.awssdk.services.lambda.waiters.LambdaWaiter;

/** Reads a function's configuration and tags with one {@code GetFunction} call. */
@Singleton
public final class FunctionReader {
  /** IAM actions this reader needs. */
  public static final Set<String> PERMISSIONS = Set.of("lambda:GetFunction");

  private final LambdaClient lambda;
  private final Duration pollInterval;

  @Inject
  public FunctionReader(LambdaClient lambda, Config config) {
    this.lambda = lambda;
    this.pollInterval = config.waiterPollInterval();
  }

  /** The function's current state; throws {@link FunctionGoneException} when it does not exist. */
  public FunctionSnapshot read(String functionArn) {
    try {
      return toSnapshot(
          lambda.getFunction(GetFunctionRequest.builder().functionName(functionArn).build()));
    } catch (ResourceNotFoundException e) {
      throw new FunctionGoneException(functionArn);
    }
  }

  /**
   * Waits, within the deadline, until no creation or update is in progress, then returns the state
   * read by the last poll. Uses the SDK's own Lambda waiters.
   */
  public FunctionSnapshot awaitSettled(FunctionSnapshot current, Deadline deadline) {
    FunctionSnapshot snapshot = current;
    try (LambdaWaiter waiter = LambdaWaiter.builder().client(lambda).build()) {
      GetFunctionRequest request = GetFunctionRequest.builder().functionName(current.arn()).build();
      WaiterOverrideConfiguration limits =
          WaiterOverrideConfiguration.builder()
              .waitTimeout(deadline.remaining())
              .maxAttempts(Integer.MAX_VALUE)
              .backoffStrategy(FixedDelayBackoffStrategy.create(pollInterval))
              .build();
      if ("Pending".equals(snapshot.state())) {
        snapshot = settledOrThrow(waiter.waitUntilFunctionActiveV2(request, limits), current.arn());
      }
      if ("InProgress".equals(snapshot.lastUpdateStatus())) {
        snapshot =
            settledOrThrow(waiter.waitUntilFunctionUpdatedV2(request, limits), current.arn());
      }
      return snapshot;
    }
  }

  private FunctionSnapshot settledOrThrow(WaiterResponse<GetFunctionResponse> outcome, String arn) {
    return outcome
        .matched()
        .response()
        .map(this::toSnapshot)
        .orElseThrow(
            () ->
                outcome.matched().exception().orElse(null) instanceof ResourceNotFoundException
                    ? new FunctionGoneException(arn)
                    : new IllegalStateException("waiter ended without a response: " + arn));
  }

  private FunctionSnapshot toSnapshot(GetFunctionResponse response) {
    FunctionConfiguration c = response.configuration();
    EnvironmentResponse env = c.environment();
    Map<String, String> variables =
        env == null || env.variables() == null ? Map.of() : env.variables();
    Optional<String> envError =
        Optional.ofNullable(env)
            .map(EnvironmentResponse::error)
            .map(e -> e.errorCode() == null ? "unknown" : e.errorCode());
    return new FunctionSnapshot(
        c.functionName(),
        unqualified(c.functionArn()),
        c.revisionId(),
        c.stateAsString() == null ? "Active" : c.stateAsString(),
        c.lastUpdateStatusAsString() == null ? "Successful" : c.lastUpdateStatusAsString(),
        Optional.ofNullable(c.kmsKeyArn()).filter(k -> !k.isBlank()),
        variables,
        envError,
        c.description() == null ? "" : c.description(),
        response.tags() == null ? Map.of() : response.tags(),
        Optional.ofNullable(c.loggingConfig()).map(l -> l.logGroup()).filter(g -> !g.isBlank()),
        c.tracingConfig() != null && c.tracingConfig().mode() == TracingMode.ACTIVE);
  }

  /**
   * {@code arn:<partition>:lambda:<region>:<account>:function:<name>}, without a version or alias
   * qualifier.
   */
  private static String unqualified(String arn) {
    Arn parsed = Arn.fromString(arn);
    ArnResource resource = parsed.resource();
    return resource.qualifier().isEmpty()
        ? arn
        : parsed.toBuilder()
            .resource(resource.resourceType().orElse("function") + ":" + resource.resource())
            .build()
            .toString();
  }
}
