package io.lambdaguard.aws;

import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.awscore.AwsRequest;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Caps every AWS call, retries included, at the time the invocation has left, so a slow or stuck
 * dependency ends the invocation cleanly (and it is retried, then dead-lettered) before Lambda's
 * timeout would kill it mid-write.
 */
public final class DeadlineInterceptor implements ExecutionInterceptor {
  private static final ThreadLocal<Deadline> CURRENT = new ThreadLocal<>();

  private final Duration callTimeout;

  /**
   * {@code callTimeout}: the client's own per-call timeout, which the deadline may only shorten.
   */
  public DeadlineInterceptor(Duration callTimeout) {
    this.callTimeout = callTimeout;
  }

  /** Sets the deadline for the calls this thread makes until {@link #clear()}. */
  public static void set(Deadline deadline) {
    CURRENT.set(deadline);
  }

  public static void clear() {
    CURRENT.remove();
  }

  static Optional<Deadline> current() {
    return Optional.ofNullable(CURRENT.get());
  }

  @Override
  public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
    Optional<Deadline> deadline = current();
    if (deadline.isEmpty() || !(context.request() instanceof AwsRequest request)) {
      return context.request();
    }
    Duration remaining = deadline.get().remaining();
    if (remaining.isZero()) {
      throw new DeadlineExceededException();
    }
    Duration cap = remaining.compareTo(callTimeout) < 0 ? remaining : callTimeout;
    AwsRequestOverrideConfiguration override =
        request
            .overrideConfiguration()
            .map(AwsRequestOverrideConfiguration::toBuilder)
            .orElseGet(AwsRequestOverrideConfiguration::builder)
            .apiCallTimeout(cap)
            .build();
    return request.toBuilder().overrideConfiguration(override).build();
  }
}
