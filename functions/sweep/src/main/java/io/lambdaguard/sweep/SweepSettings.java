package io.lambdaguard.sweep;

import io.lambdaguard.config.ConfigException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What the sweep needs beyond the shared configuration.
 *
 * @param queueUrls the sweep queues, one per function that checks rules: each gets one message per
 *     function
 */
public record SweepSettings(List<String> queueUrls) {
  static final String SWEEP_QUEUE_URLS = "SWEEP_QUEUE_URLS";
  private static final Pattern QUEUE_URL =
      Pattern.compile("https?://\\S+/\\d{12}/[A-Za-z0-9_-]{1,80}");

  public SweepSettings {
    queueUrls = List.copyOf(queueUrls);
  }

  /** One queue. */
  public SweepSettings(String queueUrl) {
    this(List.of(queueUrl));
  }

  /** Reads and validates the settings; throws {@link ConfigException} naming the bad variable. */
  public static SweepSettings from(Map<String, String> env) {
    List<String> urls =
        Arrays.stream(env.getOrDefault(SWEEP_QUEUE_URLS, "").split(","))
            .map(String::trim)
            .distinct()
            .toList();
    if (urls.stream().anyMatch(url -> !QUEUE_URL.matcher(url).matches())) {
      throw new ConfigException(
          SWEEP_QUEUE_URLS,
          "must be SQS queue URLs (https://sqs.<region>.amazonaws.com/<account>/<name>), separated by commas");
    }
    return new SweepSettings(urls);
  }
}
