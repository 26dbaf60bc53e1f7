package io.lambdaguard.config;

import static io.lambdaguard.config.EnvironmentVariables.AWS_ATTEMPT_TIMEOUT_MILLIS;
import static io.lambdaguard.config.EnvironmentVariables.AWS_CALL_TIMEOUT_MILLIS;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * How long one HTTP attempt and one AWS call (all its retries) may take. The defaults suit Lambda;
 * fault-injection tests shorten them so a slow response is cut within the test's patience.
 *
 * @param attempt the per-attempt timeout
 * @param call the per-call timeout, retries and backoff included (the invocation's deadline caps it
 *     further)
 */
public record AwsTimeouts(Duration attempt, Duration call) {
  public static final Duration DEFAULT_ATTEMPT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_CALL = Duration.ofSeconds(12);

  public static final AwsTimeouts DEFAULTS = new AwsTimeouts(DEFAULT_ATTEMPT, DEFAULT_CALL);

  public AwsTimeouts {
    if (attempt.compareTo(call) > 0) {
      throw new ConfigException(
          AWS_ATTEMPT_TIMEOUT_MILLIS, "must not exceed " + AWS_CALL_TIMEOUT_MILLIS);
    }
  }

  static AwsTimeouts from(Map<String, String> env) {
    return new AwsTimeouts(
        millis(env, AWS_ATTEMPT_TIMEOUT_MILLIS).orElse(DEFAULT_ATTEMPT),
        millis(env, AWS_CALL_TIMEOUT_MILLIS).orElse(DEFAULT_CALL));
  }

  private static Optional<Duration> millis(Map<String, String> env, String name) {
    return Optional.ofNullable(env.get(name))
        .map(String::trim)
        .filter(v -> !v.isEmpty())
        .map(
            value -> {
              try {
                long ms = Long.parseLong(value);
                if (ms < 1 || ms > 300_000) {
                  throw new ConfigException(name, "must be between 1 and 300000");
                }
                return Duration.ofMillis(ms);
              } catch (NumberFormatException e) {
                throw new ConfigException(name, "must be a whole number of milliseconds");
              }
            });
  }
}
