package io.lambdaguard.config;

import static io.lambdaguard.config.EnvironmentVariables.JIRA_BASE_URL;
import static io.lambdaguard.config.EnvironmentVariables.JIRA_ISSUE_TYPE;
import static io.lambdaguard.config.EnvironmentVariables.JIRA_PROJECT_KEY;
import static io.lambdaguard.config.EnvironmentVariables.JIRA_SECRET_ARN;
import static io.lambdaguard.config.EnvironmentVariables.TICKET_IN_REPORT_MODE;
import static io.lambdaguard.config.EnvironmentVariables.TICKET_QUEUE_URL;
import static io.lambdaguard.config.EnvironmentVariables.TICKET_SINK;
import static io.lambdaguard.config.EnvironmentVariables.TICKET_TABLE;
import static io.lambdaguard.config.EnvironmentVariables.TICKET_TOPIC_ARN;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where tickets go, and where the service records which tickets exist.
 *
 * @param sink the ticket system and its settings
 * @param table the DynamoDB dedup table; required by every sink but {@code none}, checked when the
 *     ticket service is built (like the KMS key, so functions and tests that raise no tickets need
 *     not set it)
 * @param inReportMode report mode raises tickets for what it would fix
 * @param queueUrl the tickets queue the rule functions send findings to; required by them with
 *     every sink but {@code none}, checked when the sender is built
 */
public record TicketConfig(
    Sink sink, Optional<String> table, boolean inReportMode, Optional<String> queueUrl) {

  public TicketConfig(Sink sink, Optional<String> table, boolean inReportMode) {
    this(sink, table, inReportMode, Optional.empty());
  }

  private static final Pattern TABLE = Pattern.compile("[A-Za-z0-9_.-]{3,255}");
  private static final Pattern TOPIC_ARN =
      Pattern.compile("arn:aws[a-z-]*:sns:[a-z0-9-]+:\\d{12}:[A-Za-z0-9_-]{1,256}(\\.fifo)?");
  private static final Pattern SECRET_ARN =
      Pattern.compile(
          "arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\\d{12}:secret:[A-Za-z0-9/_+=.@-]+");
  private static final Pattern QUEUE_URL =
      Pattern.compile("https?://[A-Za-z0-9.:-]+/\\d{12}/[A-Za-z0-9_-]{1,75}\\.fifo");
  private static final Pattern PROJECT_KEY = Pattern.compile("[A-Z][A-Z0-9_]{1,254}");

  /** The configured ticket system; {@link #id()} is the value of {@code TICKET_SINK}. */
  public sealed interface Sink {
    String id();
  }

  /** Systems Manager OpsCenter, deduplicated by OpsCenter itself as well. */
  public record OpsCenter() implements Sink {
    @Override
    public String id() {
      return "opscenter";
    }
  }

  /** Security Hub findings in the account's default product. */
  public record SecurityHub() implements Sink {
    @Override
    public String id() {
      return "securityhub";
    }
  }

  /** An SNS topic that subscribers filter by the {@code rule} and {@code severity} attributes. */
  public record Sns(String topicArn) implements Sink {
    @Override
    public String id() {
      return "sns";
    }
  }

  /**
   * Jira Cloud.
   *
   * @param baseUrl the site, e.g. {@code https://example.atlassian.net}
   * @param projectKey the project issues are created in
   * @param issueType the issue type name
   * @param secretArn the secret holding {@code {"email": ..., "apiToken": ...}}
   */
  public record Jira(URI baseUrl, String projectKey, String issueType, String secretArn)
      implements Sink {
    @Override
    public String id() {
      return "jira";
    }
  }

  /** No tickets: findings are only logged and returned. */
  public record NoSink() implements Sink {
    @Override
    public String id() {
      return "none";
    }
  }

  /** The dedup table, for the ticket service that cannot work without one. */
  public String requireTable() {
    return table.orElseThrow(
        () -> new ConfigException(TICKET_TABLE, "is required by TICKET_SINK=" + sink.id()));
  }

  /** The tickets queue, for the sender that cannot work without one. */
  public String requireQueueUrl() {
    return queueUrl.orElseThrow(
        () -> new ConfigException(TICKET_QUEUE_URL, "is required by TICKET_SINK=" + sink.id()));
  }

  static TicketConfig from(Map<String, String> env) {
    String choice = Config.optional(env, TICKET_SINK).orElse("opscenter").toLowerCase(Locale.ROOT);
    Sink sink =
        switch (choice) {
          case "opscenter" -> new OpsCenter();
          case "securityhub" -> new SecurityHub();
          case "sns" ->
              new Sns(matching(env, TICKET_TOPIC_ARN, TOPIC_ARN, "must be an SNS topic ARN"));
          case "jira" -> jira(env);
          case "none" -> new NoSink();
          default ->
              throw new ConfigException(
                  TICKET_SINK, "must be opscenter, securityhub, sns, jira or none");
        };
    Optional<String> table = Config.optional(env, TICKET_TABLE);
    table.ifPresent(
        name -> {
          if (!TABLE.matcher(name).matches()) {
            throw new ConfigException(TICKET_TABLE, "must be a DynamoDB table name");
          }
        });
    boolean inReportMode =
        switch (Config.optional(env, TICKET_IN_REPORT_MODE)
            .orElse("false")
            .toLowerCase(Locale.ROOT)) {
          case "true" -> true;
          case "false" -> false;
          default -> throw new ConfigException(TICKET_IN_REPORT_MODE, "must be true or false");
        };
    Optional<String> queueUrl = Config.optional(env, TICKET_QUEUE_URL);
    queueUrl.ifPresent(
        url -> {
          if (!QUEUE_URL.matcher(url).matches()) {
            throw new ConfigException(TICKET_QUEUE_URL, "must be the URL of an SQS FIFO queue");
          }
        });
    return new TicketConfig(sink, table, inReportMode, queueUrl);
  }

  private static Jira jira(Map<String, String> env) {
    URI base = jiraUrl(Config.required(env, JIRA_BASE_URL));
    String project =
        matching(env, JIRA_PROJECT_KEY, PROJECT_KEY, "must be a Jira project key (upper case)");
    String issueType = Config.optional(env, JIRA_ISSUE_TYPE).orElse("Task");
    String secret =
        matching(env, JIRA_SECRET_ARN, SECRET_ARN, "must be a Secrets Manager secret ARN");
    return new Jira(base, project, issueType, secret);
  }

  /**
   * https, or plain http to a loopback address (a stub server in tests); no path, query or
   * credentials.
   */
  private static URI jiraUrl(String value) {
    String problem = "must be the https URL of the Jira site, e.g. https://example.atlassian.net";
    try {
      URI uri = new URI(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
      boolean loopback =
          "http".equals(uri.getScheme())
              && ("127.0.0.1".equals(uri.getHost()) || "localhost".equals(uri.getHost()));
      if (!("https".equals(uri.getScheme()) || loopback)
          || uri.getHost() == null
          || uri.getRawUserInfo() != null
          || uri.getRawQuery() != null
          || !(uri.getRawPath() == null || uri.getRawPath().isEmpty())) {
        throw new ConfigException(JIRA_BASE_URL, problem);
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new ConfigException(JIRA_BASE_URL, problem);
    }
  }

  private static String matching(
      Map<String, String> env, String name, Pattern pattern, String problem) {
    String value = Config.required(env, name);
    if (!pattern.matcher(value).matches()) {
      throw new ConfigException(name, problem);
    }
    return value;
  }
}
