package io.lambdaguard.sweep;

import io.lambdaguard.config.ConfigException;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What the sweep needs beyond the shared configuration.
 *
 * @param queueUrl the sweep queue, which the functions that check rules consume
 */
public record SweepSettings(String queueUrl) {
  static final String SWEEP_QUEUE_URL = "SWEEP_QUEUE_URL";
  private static final Pattern QUEUE_URL = Pattern.compile("https?://\\S+/\\d{12}/[A-Za-z0-9_-]{1,80}");

  /** Reads and validates the settings; throws {@link ConfigException} naming the bad variable. */
  public static SweepSettings from(Map<String, String> env) {
    String url = env.getOrDefault(SWEEP_QUEUE_URL, "").trim();
    if (!QUEUE_URL.matcher(url).matches()) {
      throw new ConfigException(SWEEP_QUEUE_URL, "must be an SQS queue URL (https://sqs.<region>.amazonaws.com/<account>/<name>)");
    }
    return new SweepSettings(url);
  }
}
