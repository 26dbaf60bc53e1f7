package io.lambdaguard.config;

import static io.lambdaguard.config.EnvironmentVariables.COMPREHEND_MIN_SCORE;
import static io.lambdaguard.config.EnvironmentVariables.COMPREHEND_PII;
import static io.lambdaguard.config.EnvironmentVariables.COMPREHEND_TIMEOUT_MILLIS;

import java.time.Duration;
import java.util.Map;

/**
 * Whether Amazon Comprehend looks for person names and postal addresses, and how far it is trusted.
 *
 * @param enabled {@code COMPREHEND_PII=on}; off by default, since it sends text to another service
 *     and costs per call
 * @param minScore the lowest confidence Comprehend must report for an entity to count
 * @param timeout how long the one call per function may take, its single retry included
 */
public record ComprehendPii(boolean enabled, double minScore, Duration timeout) {
  public static final double DEFAULT_MIN_SCORE = 0.9;
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

  public static final ComprehendPii OFF =
      new ComprehendPii(false, DEFAULT_MIN_SCORE, DEFAULT_TIMEOUT);

  static ComprehendPii from(Map<String, String> env) {
    boolean enabled =
        switch (Config.optional(env, COMPREHEND_PII).orElse("off")) {
          case "on" -> true;
          case "off" -> false;
          default -> throw new ConfigException(COMPREHEND_PII, "must be on or off");
        };
    double minScore =
        Config.optional(env, COMPREHEND_MIN_SCORE)
            .map(ComprehendPii::score)
            .orElse(DEFAULT_MIN_SCORE);
    Duration timeout =
        Config.optional(env, COMPREHEND_TIMEOUT_MILLIS)
            .map(ComprehendPii::millis)
            .orElse(DEFAULT_TIMEOUT);
    return new ComprehendPii(enabled, minScore, timeout);
  }

  private static double score(String value) {
    try {
      double score = Double.parseDouble(value);
      if (score >= 0 && score <= 1) {
        return score;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ConfigException(COMPREHEND_MIN_SCORE, "must be a number between 0 and 1");
  }

  private static Duration millis(String value) {
    try {
      long ms = Long.parseLong(value);
      if (ms >= 1 && ms <= 30_000) {
        return Duration.ofMillis(ms);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ConfigException(
        COMPREHEND_TIMEOUT_MILLIS, "must be a whole number of milliseconds between 1 and 30000");
  }
}
