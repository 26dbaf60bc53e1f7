package io.lambdaguard.encryption;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lambdaguard.config.Config;
import io.lambdaguard.encryption.keys.KmsKeyLookup;
import io.lambdaguard.lambda.FunctionReader;
import io.lambdaguard.pseudonyms.PseudonymSecret;
import io.lambdaguard.rules.Rule;
import io.lambdaguard.testkit.LeastPrivilege;
import io.lambdaguard.testkit.TemplatePolicies;
import io.lambdaguard.tickets.TicketQueue;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Least privilege from what the code does: per ticket sink, what the encryption function called in
 * this module's integration tests (the emulator's call log, by the function's credentials) is
 * declared by its code, and the template grants its role exactly what is declared, on scoped
 * resources. Runs after the other test classes, whose calls it reads.
 */
@Order(Integer.MAX_VALUE)
class EncryptionPermissionsTest {
  /**
   * What Lambda itself does with the role: the on-failure destination (a queue on the stack's key:
   * a data key to send), the function's own log lines, and the SQS event source reading the
   * function's sweep queue (on the key: decrypting, which {@link #THROUGH_SERVICES} holds).
   */
  private static final Set<String> PLATFORM =
      Set.of(
          "sqs:SendMessage",
          "kms:GenerateDataKey",
          "logs:CreateLogStream",
          "logs:PutLogEvents",
          "sqs:ReceiveMessage",
          "sqs:DeleteMessage",
          "sqs:GetQueueAttributes");

  /**
   * What services do with the caller's permissions, never called directly: Lambda's grant on the
   * key and encryption of the variables when UpdateFunctionConfiguration sets KMSKeyArn, and
   * decrypting them when GetFunction returns them; decrypting is also what Secrets Manager does
   * reading the pseudonym secret and Jira's token, and SNS publishing to the topic on the key.
   */
  private static final Set<String> THROUGH_SERVICES =
      Set.of("kms:CreateGrant", "kms:Encrypt", "kms:Decrypt");

  /**
   * What CloudWatch Logs needs of the caller of PutDataProtectionPolicy to deliver audit findings
   * to a log group (CloudWatch Logs User Guide, "IAM permissions required to create or work with a
   * data protection policy"); the function never calls them, the emulator does not check them.
   */
  private static final Set<String> FOR_FINDINGS_DELIVERY =
      Set.of("logs:CreateLogDelivery", "logs:PutResourcePolicy", "logs:DescribeResourcePolicies");

  static final List<String> SINKS = LeastPrivilege.SINKS;

  private static Config config(String sink) {
    return config(sink, false);
  }

  /**
   * With {@code dataProtection}: XRayEncryption=fix and LogDataProtection=on, else the defaults
   * (ticket, off).
   */
  private static Config config(String sink, boolean dataProtection) {
    Map<String, String> env =
        new HashMap<>(
            Map.of(
                "AWS_REGION",
                "us-east-1",
                "MODE",
                "enforce",
                "TICKET_SINK",
                sink,
                "LOG_GROUP_RETENTION_DAYS",
                "30",
                "KMS_KEY_ARN",
                "arn:aws:kms:us-east-1:123456789012:key/0b3c8f4e-5a2d-4c6e-9f1a-7d2b9e4c1a55",
                "TICKET_TOPIC_ARN",
                "arn:aws:sns:us-east-1:123456789012:lambdaguard-tickets",
                "JIRA_BASE_URL",
                "https://example.atlassian.net",
                "JIRA_PROJECT_KEY",
                "SEC",
                "JIRA_SECRET_ARN",
                "arn:aws:secretsmanager:us-east-1:123456789012:secret:lambdaguard/jira-AbCdEf"));
    if (!sink.equals("none")) {
      env.put(
          "TICKET_QUEUE_URL",
          "https://sqs.us-east-1.amazonaws.com/123456789012/lambdaguard-TicketQueue.fifo");
    }
    if (dataProtection) {
      env.put("XRAY_ENCRYPTION", "fix");
      env.put("LOG_DATA_PROTECTION", "on");
      env.put("DATA_PROTECTION_FINDINGS_LOG_GROUP", "lambdaguard-findings");
    }
    return Config.from(env);
  }

  /**
   * What the function's real graph declares with this sink: reader, key lookup, every registered
   * rule, the tickets queue (never a ticket sink or the ledger: the tickets function owns them),
   * pseudonyms.
   */
  private static Set<String> declared(String sink) {
    return declared(sink, false);
  }

  private static Set<String> declared(String sink, boolean dataProtection) {
    Config config = config(sink, dataProtection);
    Set<String> declared = new TreeSet<>(PLATFORM);
    declared.addAll(FunctionReader.PERMISSIONS);
    declared.addAll(KmsKeyLookup.PERMISSIONS);
    declared.addAll(TicketQueue.permissions(config.tickets().sink()));
    declared.addAll(PseudonymSecret.PERMISSIONS);
    for (Rule rule :
        DaggerEncryptionComponent.factory()
            .create(config, Emulator.CREDENTIALS)
            .catalogue()
            .all()) {
      declared.addAll(rule.permissions());
    }
    return declared;
  }

  @ParameterizedTest(name = "TicketSink={0}")
  @FieldSource("SINKS")
  void encryptionRole_shouldCallOnlyWhatItDeclaresAndBeGrantedExactlyThat(String sink) {
    assertEquals(
        List.of(),
        LeastPrivilege.problems(
            Emulator.ROLE,
            sink,
            declared(sink),
            Set.of(),
            TemplatePolicies.ofProject(),
            Map.of("TicketSink", sink)));
  }

  /**
   * XRayEncryption=fix and LogDataProtection=on: the functions run so
   * (TracesAndLogsIntegrationTest, sink securityhub, their calls labelled apart) call only what the
   * code then declares, and the template grants exactly that with those parameters.
   */
  @Test
  void encryptionRole_withDataProtectionOn_shouldCallOnlyWhatItDeclaresAndBeGrantedExactlyThat() {
    String sink = "securityhub";
    assertEquals(
        List.of(),
        LeastPrivilege.problems(
            Emulator.ROLE,
            sink + Emulator.DATA_PROTECTION_ON,
            declared(sink, true),
            Set.of(),
            TemplatePolicies.ofProject(),
            Map.of("TicketSink", sink, "XRayEncryption", "fix", "LogDataProtection", "on")));
  }

  @Test
  void defaultParameters_shouldGrantNoXRayWriteAndNoDataProtection() {
    Set<String> granted =
        TemplatePolicies.ofProject().grantedActions(Emulator.ROLE, Map.of("TicketSink", "none"));
    assertEquals(
        Set.of("xray:GetEncryptionConfig"),
        granted.stream()
            .filter(a -> a.startsWith("xray:"))
            .collect(java.util.stream.Collectors.toSet()));
    assertEquals(false, granted.contains("logs:PutDataProtectionPolicy"));
    Set<String> off =
        TemplatePolicies.ofProject()
            .grantedActions(Emulator.ROLE, Map.of("TicketSink", "none", "XRayEncryption", "off"));
    assertEquals(false, off.contains("xray:GetEncryptionConfig"));
  }

  @Test
  void everyDeclaredAction_shouldBeCalledByTheFunctionOrByLambdaForIt() {
    Set<String> declared = new TreeSet<>();
    LeastPrivilege.SINKS.forEach(sink -> declared.addAll(declared(sink)));
    declared.addAll(declared("securityhub", true));
    Set<String> expected = new TreeSet<>(PLATFORM);
    expected.addAll(THROUGH_SERVICES);
    expected.addAll(FOR_FINDINGS_DELIVERY);
    // Lambda's on-failure destination sends too, but the function's own reports to the tickets
    // queue call it here.
    expected.removeAll(TicketQueue.PERMISSIONS);
    assertEquals(expected, LeastPrivilege.neverCalled(Emulator.ROLE, declared));
  }

  /**
   * The tickets function owns the ledger, the sinks and the Jira secret: this role holds none of
   * their rights, with any sink.
   */
  @ParameterizedTest(name = "TicketSink={0}")
  @FieldSource("SINKS")
  void encryptionRole_shouldHoldNoTicketPermission(String sink) {
    Set<String> granted =
        TemplatePolicies.ofProject().grantedActions(Emulator.ROLE, Map.of("TicketSink", sink));
    assertEquals(
        Set.of(),
        granted.stream()
            .filter(
                a ->
                    a.startsWith("dynamodb:")
                        || a.startsWith("ssm:")
                        || a.startsWith("securityhub:")
                        || a.startsWith("sns:"))
            .collect(java.util.stream.Collectors.toSet()));
    assertEquals(
        List.of("PseudonymSecret"),
        TemplatePolicies.ofProject().statements(Emulator.ROLE, Map.of("TicketSink", sink)).stream()
            .filter(s -> s.actions().contains("secretsmanager:GetSecretValue"))
            .map(TemplatePolicies.Statement::sid)
            .toList());
  }
}
