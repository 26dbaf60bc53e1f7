package io.lambdaguard.config;

/**
 * Names of the environment variables the functions read; the template sets each from a stack
 * parameter.
 */
public final class EnvironmentVariables {
  /** {@code enforce} or {@code report}. */
  public static final String MODE = "MODE";

  /** ARN of the customer managed KMS key that rules attach. */
  public static final String KMS_KEY_ARN = "KMS_KEY_ARN";

  /** Retention in days of log groups that rules create (CloudWatch Logs' allowed values). */
  public static final String LOG_GROUP_RETENTION_DAYS = "LOG_GROUP_RETENTION_DAYS";

  /**
   * What the tag rule does with personal data in a tag value: {@code remove} (default) or {@code
   * redact}.
   */
  public static final String TAG_ACTION = "TAG_ACTION";

  /**
   * Regions whose national phone formats the detector knows, ISO codes, comma-separated (default
   * US,GB,DE,FR,IN).
   */
  public static final String PHONE_REGIONS = "PHONE_REGIONS";

  /**
   * {@code on}: Amazon Comprehend also looks for person names and postal addresses; {@code off}
   * (default).
   */
  public static final String COMPREHEND_PII = "COMPREHEND_PII";

  /** Optional: the lowest Comprehend confidence score that counts, 0 to 1 (default 0.9). */
  public static final String COMPREHEND_MIN_SCORE = "COMPREHEND_MIN_SCORE";

  /** Optional: timeout of the one Comprehend call per function, in milliseconds (default 2000). */
  public static final String COMPREHEND_TIMEOUT_MILLIS = "COMPREHEND_TIMEOUT_MILLIS";

  /** Comma-separated ARNs of this service's own IAM roles; events they cause are no-ops. */
  public static final String SERVICE_ROLE_ARNS = "SERVICE_ROLE_ARNS";

  /** Comma-separated names of this stack's own functions; events about them are no-ops. */
  public static final String SERVICE_FUNCTION_NAMES = "SERVICE_FUNCTION_NAMES";

  /**
   * ARN of the stack's Secrets Manager secret that keys pseudonyms (names, tag keys, dedup keys)
   * with HMAC-SHA-256; checked when a pseudonym is first needed.
   */
  public static final String PSEUDONYM_SECRET_ARN = "PSEUDONYM_SECRET_ARN";

  /**
   * What the X-Ray rule does when X-Ray is not on the configured key: {@code ticket} (default),
   * {@code fix} or {@code off}.
   */
  public static final String XRAY_ENCRYPTION = "XRAY_ENCRYPTION";

  /** {@code on}: function log groups get a data protection policy; {@code off} (default). */
  public static final String LOG_DATA_PROTECTION = "LOG_DATA_PROTECTION";

  /** The stack's log group that receives data protection audit findings. */
  public static final String DATA_PROTECTION_FINDINGS_LOG_GROUP =
      "DATA_PROTECTION_FINDINGS_LOG_GROUP";

  /** Optional: comma-separated rule ids switched off (default none); an unknown id fails init. */
  public static final String DISABLED_RULES = "DISABLED_RULES";

  /** Set by Lambda. */
  public static final String AWS_REGION = "AWS_REGION";

  /** Optional: one endpoint for every AWS service (an emulator in tests and local replay). */
  public static final String AWS_ENDPOINT_URL = "AWS_ENDPOINT_URL";

  /** Optional: poll interval of the "function updated" waiter, in milliseconds (default 1000). */
  public static final String WAITER_POLL_MILLIS = "WAITER_POLL_MILLIS";

  // --- Tickets
  // ---------------------------------------------------------------------------------------

  /**
   * Where tickets go: {@code opscenter} (default), {@code securityhub}, {@code sns}, {@code jira}
   * or {@code none}.
   */
  public static final String TICKET_SINK = "TICKET_SINK";

  /**
   * Name of the DynamoDB table that records which tickets exist; required unless the sink is {@code
   * none}.
   */
  public static final String TICKET_TABLE = "TICKET_TABLE";

  /**
   * URL of the tickets queue (SQS FIFO) the rule functions send their findings to; required by them
   * unless the sink is {@code none}.
   */
  public static final String TICKET_QUEUE_URL = "TICKET_QUEUE_URL";

  /** {@code true}: report mode raises tickets too ("would fix"); default {@code false}. */
  public static final String TICKET_IN_REPORT_MODE = "TICKET_IN_REPORT_MODE";

  /** SNS sink: ARN of the topic to publish to. */
  public static final String TICKET_TOPIC_ARN = "TICKET_TOPIC_ARN";

  /** Jira sink: site URL, e.g. {@code https://example.atlassian.net}. */
  public static final String JIRA_BASE_URL = "JIRA_BASE_URL";

  /** Jira sink: key of the project issues are created in. */
  public static final String JIRA_PROJECT_KEY = "JIRA_PROJECT_KEY";

  /** Jira sink: issue type name (default {@code Task}). */
  public static final String JIRA_ISSUE_TYPE = "JIRA_ISSUE_TYPE";

  /** Jira sink: ARN of the Secrets Manager secret {@code {"email": ..., "apiToken": ...}}. */
  public static final String JIRA_SECRET_ARN = "JIRA_SECRET_ARN";

  /** Optional: timeout of one HTTP attempt of an AWS call, in milliseconds (default 5000). */
  public static final String AWS_ATTEMPT_TIMEOUT_MILLIS = "AWS_ATTEMPT_TIMEOUT_MILLIS";

  /** Optional: timeout of one AWS call, retries included, in milliseconds (default 12000). */
  public static final String AWS_CALL_TIMEOUT_MILLIS = "AWS_CALL_TIMEOUT_MILLIS";

  private EnvironmentVariables() {}
}
