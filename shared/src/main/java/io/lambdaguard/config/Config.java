package io.lambdaguard.config;

import static io.lambdaguard.config.EnvironmentVariables.AWS_ENDPOINT_URL;
import static io.lambdaguard.config.EnvironmentVariables.AWS_REGION;
import static io.lambdaguard.config.EnvironmentVariables.DISABLED_RULES;
import static io.lambdaguard.config.EnvironmentVariables.KMS_KEY_ARN;
import static io.lambdaguard.config.EnvironmentVariables.LOG_GROUP_RETENTION_DAYS;
import static io.lambdaguard.config.EnvironmentVariables.MODE;
import static io.lambdaguard.config.EnvironmentVariables.PHONE_REGIONS;
import static io.lambdaguard.config.EnvironmentVariables.PSEUDONYM_SECRET_ARN;
import static io.lambdaguard.config.EnvironmentVariables.SERVICE_FUNCTION_NAMES;
import static io.lambdaguard.config.EnvironmentVariables.SERVICE_ROLE_ARNS;
import static io.lambdaguard.config.EnvironmentVariables.TAG_ACTION;
import static io.lambdaguard.config.EnvironmentVariables.WAITER_POLL_MILLIS;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The validated configuration of one function container, read once at init.
 *
 * @param region the region the function runs in
 * @param mode enforce or report
 * @param kmsKeyArn the customer managed key rules attach, when the function needs one
 * @param serviceRoleArns this service's own roles: events they cause are no-ops
 * @param serviceFunctionNames this stack's own functions: events about them are no-ops
 * @param endpoint an endpoint override for every AWS service (emulator), if any
 * @param waiterPollInterval poll interval of the Lambda "function updated" waiter
 * @param logGroupRetentionDays retention of log groups that rules create, when configured
 * @param tickets where tickets go and how they are deduplicated
 * @param awsTimeouts per-attempt and per-call timeouts of every AWS call
 * @param tagAction what the tag rule does with personal data in a tag value
 * @param phoneRegions regions whose national phone number formats the detector knows
 * @param comprehendPii whether and how Amazon Comprehend adds person names and postal addresses
 * @param pseudonymSecretArn the secret that keys pseudonyms, when configured
 * @param dataProtection X-Ray encryption and log data protection settings
 * @param disabledRules ids of rules switched off for this deployment: not in any function's
 *     catalogue
 */
public record Config(
    String region,
    Mode mode,
    Optional<String> kmsKeyArn,
    Set<String> serviceRoleArns,
    Set<String> serviceFunctionNames,
    Optional<URI> endpoint,
    Duration waiterPollInterval,
    Optional<Integer> logGroupRetentionDays,
    TicketConfig tickets,
    AwsTimeouts awsTimeouts,
    TagAction tagAction,
    Set<String> phoneRegions,
    ComprehendPii comprehendPii,
    Optional<String> pseudonymSecretArn,
    DataProtectionSettings dataProtection,
    Set<String> disabledRules) {

  private static final Pattern KEY_ARN =
      Pattern.compile("arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:key/[A-Za-z0-9-]+");
  // The values CloudWatch Logs PutRetentionPolicy accepts.
  private static final Set<Integer> RETENTION_DAYS =
      Set.of(
          1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557,
          2922, 3288, 3653);
  static final Set<String> DEFAULT_PHONE_REGIONS = Set.of("US", "GB", "DE", "FR", "IN");
  private static final Pattern SECRET_ARN =
      Pattern.compile(
          "arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\\d{12}:secret:[A-Za-z0-9/_+=.@-]+");
  private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/\\S+");
  private static final Pattern FUNCTION_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  public Config {
    serviceRoleArns = Set.copyOf(serviceRoleArns);
    serviceFunctionNames = Set.copyOf(serviceFunctionNames);
    phoneRegions = Set.copyOf(phoneRegions);
    disabledRules = Set.copyOf(disabledRules);
  }

  /**
   * Reads and validates the configuration; throws {@link ConfigException} naming the bad variable.
   */
  public static Config from(Map<String, String> env) {
    String region = required(env, AWS_REGION);
    Mode mode = Mode.parse(required(env, MODE));
    Optional<String> key = optional(env, KMS_KEY_ARN);
    key.ifPresent(
        arn -> {
          if (!KEY_ARN.matcher(arn).matches()) {
            throw new ConfigException(
                KMS_KEY_ARN, "must be a key ARN (arn:aws:kms:<region>:<account>:key/<id>)");
          }
        });
    Set<String> roles =
        optional(env, SERVICE_ROLE_ARNS)
            .map(v -> Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()))
            .map(s -> s.collect(Collectors.toUnmodifiableSet()))
            .orElse(Set.of());
    for (String role : roles) {
      if (!ROLE_ARN.matcher(role).matches()) {
        throw new ConfigException(
            SERVICE_ROLE_ARNS, "must hold IAM role ARNs (arn:aws:iam::<account>:role/<name>)");
      }
    }
    Set<String> functions = list(env, SERVICE_FUNCTION_NAMES);
    for (String function : functions) {
      if (!FUNCTION_NAME.matcher(function).matches()) {
        throw new ConfigException(SERVICE_FUNCTION_NAMES, "must hold Lambda function names");
      }
    }
    Optional<URI> endpoint = optional(env, AWS_ENDPOINT_URL).map(Config::uri);
    Duration poll =
        optional(env, WAITER_POLL_MILLIS).map(Config::millis).orElse(Duration.ofSeconds(1));
    Optional<Integer> retention =
        optional(env, LOG_GROUP_RETENTION_DAYS).map(Config::retentionDays);
    TagAction tagAction = optional(env, TAG_ACTION).map(TagAction::parse).orElse(TagAction.REMOVE);
    Set<String> phoneRegions =
        optional(env, PHONE_REGIONS)
            .map(
                v ->
                    Arrays.stream(v.split(","))
                        .map(String::trim)
                        .filter(r -> !r.isEmpty())
                        .collect(Collectors.toUnmodifiableSet()))
            .orElse(DEFAULT_PHONE_REGIONS);
    for (String phoneRegion : phoneRegions) {
      if (!phoneRegion.matches("[A-Z]{2}")) {
        throw new ConfigException(
            PHONE_REGIONS, "must hold two-letter ISO region codes such as US,GB");
      }
    }
    Optional<String> pseudonymSecret = optional(env, PSEUDONYM_SECRET_ARN);
    if (pseudonymSecret.filter(arn -> !SECRET_ARN.matcher(arn).matches()).isPresent()) {
      throw new ConfigException(PSEUDONYM_SECRET_ARN, "must be a Secrets Manager secret ARN");
    }
    Set<String> disabled = list(env, DISABLED_RULES);
    Set<String> unknown =
        disabled.stream()
            .filter(id -> !RuleIds.ALL.contains(id))
            .collect(Collectors.toCollection(TreeSet::new));
    if (!unknown.isEmpty()) {
      // A typo would leave the rule on while its owner believes it off.
      throw new ConfigException(
          DISABLED_RULES,
          "names unknown rules " + unknown + "; known: " + new TreeSet<>(RuleIds.ALL));
    }
    return new Config(
        region,
        mode,
        key,
        roles,
        functions,
        endpoint,
        poll,
        retention,
        TicketConfig.from(env),
        AwsTimeouts.from(env),
        tagAction,
        phoneRegions,
        ComprehendPii.from(env),
        pseudonymSecret,
        DataProtectionSettings.from(env),
        disabled);
  }

  /** The configured key, for rules that cannot work without one. */
  public String requireKmsKeyArn() {
    return kmsKeyArn.orElseThrow(
        () -> new ConfigException(KMS_KEY_ARN, "is required by this function"));
  }

  /**
   * The secret that keys pseudonyms. Required only when a pseudonym is first needed, so that a
   * function and a test that never name personal data or raise a ticket need not set it; the
   * template always does.
   */
  public String requirePseudonymSecretArn() {
    return pseudonymSecretArn.orElseThrow(
        () ->
            new ConfigException(
                PSEUDONYM_SECRET_ARN,
                "is required to name personal data" + " and tickets by pseudonym"));
  }

  /** The retention for created log groups, for rules that create them. */
  public int requireLogGroupRetentionDays() {
    return logGroupRetentionDays.orElseThrow(
        () -> new ConfigException(LOG_GROUP_RETENTION_DAYS, "is required by this function"));
  }

  private static int retentionDays(String value) {
    try {
      int days = Integer.parseInt(value);
      if (RETENTION_DAYS.contains(days)) {
        return days;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ConfigException(
        LOG_GROUP_RETENTION_DAYS, "must be one of " + RETENTION_DAYS.stream().sorted().toList());
  }

  private static Set<String> list(Map<String, String> env, String name) {
    return optional(env, name)
        .map(
            v ->
                Arrays.stream(v.split(","))
                    .map(String::trim)
                    .filter(s -> !s.isEmpty())
                    .collect(Collectors.toUnmodifiableSet()))
        .orElse(Set.of());
  }

  static String required(Map<String, String> env, String name) {
    return optional(env, name).orElseThrow(() -> new ConfigException(name, "is required"));
  }

  static Optional<String> optional(Map<String, String> env, String name) {
    return Optional.ofNullable(env.get(name)).map(String::trim).filter(v -> !v.isEmpty());
  }

  private static URI uri(String value) {
    try {
      URI uri = new URI(value);
      if (uri.getScheme() == null || uri.getHost() == null) {
        throw new ConfigException(AWS_ENDPOINT_URL, "must be an absolute http(s) URL");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new ConfigException(AWS_ENDPOINT_URL, "must be an absolute http(s) URL");
    }
  }

  private static Duration millis(String value) {
    try {
      long ms = Long.parseLong(value);
      if (ms < 1 || ms > 60_000) {
        throw new ConfigException(WAITER_POLL_MILLIS, "must be between 1 and 60000");
      }
      return Duration.ofMillis(ms);
    } catch (NumberFormatException e) {
      throw new ConfigException(WAITER_POLL_MILLIS, "must be a whole number of milliseconds");
    }
  }
}
