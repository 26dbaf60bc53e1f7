package io.lambdaguard.aws;

import com.amazonaws.services.lambda.runtime.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The time this invocation may still spend, kept below the function timeout so a stuck dependency
 * ends in a clean failure (retried, then dead-lettered) rather than a Lambda timeout.
 */
public final class Deadline {
  /** Reserved for logging the outcome and returning after the last call. */
  static final Duration MARGIN = Duration.ofSeconds(2);

  private final Instant end;
  private final Clock clock;

  Deadline(Instant end, Clock clock) {
    this.end = end;
    this.clock = clock;
  }

  /** The invocation's remaining time minus a safety margin. */
  public static Deadline of(Context context) {
    Clock clock = Clock.systemUTC();
    Duration remaining = Duration.ofMillis(context.getRemainingTimeInMillis()).minus(MARGIN);
    return new Deadline(
        clock.instant().plus(remaining.isNegative() ? Duration.ZERO : remaining), clock);
  }

  /**
   * A deadline {@code remaining} from now on {@code clock}, for callers without a Lambda context.
   */
  public static Deadline in(Duration remaining, Clock clock) {
    return new Deadline(clock.instant().plus(remaining), clock);
  }

  /**
   * When the invocation itself ends (the deadline plus its safety margin): after this instant no
   * work of this invocation can still be in flight.
   */
  public Instant invocationEnd() {
    return end.plus(MARGIN);
  }

  /** Time left, never negative. */
  public Duration remaining() {
    Duration left = Duration.between(clock.instant(), end);
    return left.isNegative() ? Duration.ZERO : left;
  }

  public boolean expired() {
    return remaining().isZero();
  }
}
