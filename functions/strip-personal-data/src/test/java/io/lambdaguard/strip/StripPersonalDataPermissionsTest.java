package io.lambdaguard.strip;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lambdaguard.config.Config;
import io.lambdaguard.lambda.FunctionReader;
import io.lambdaguard.pseudonyms.PseudonymSecret;
import io.lambdaguard.rules.Rule;
import io.lambdaguard.strip.detector.PersonalDataModule;
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
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Least privilege from what the code does: per ticket sink, what the strip-personal-data function
 * called in this module's integration tests (the emulator's call log, by the function's
 * credentials) is declared by its code, and the template grants its role exactly what is declared,
 * on scoped resources. Runs after the other test classes, whose calls it reads
 * (StripPersonalDataTicketSinksTest runs every sink, with Comprehend off and on).
 */
@Order(Integer.MAX_VALUE)
class StripPersonalDataPermissionsTest {
  /** The function's execution role in the template. */
  static final String ROLE = "StripPersonalDataRole";

  /**
   * What Lambda itself does with the role: the on-failure destination (a queue on the service's
   * key: a data key to send), the function's own log lines, and decrypting the function's own
   * variables (they are encrypted with the service's key). The same two key actions are what SNS
   * does publishing to the topic on the key, and decrypting what Secrets Manager does returning the
   * pseudonym secret or Jira's token. The SQS event source reads the function's sweep queue (on the
   * key: decrypting) with the role too.
   */
  private static final Set<String> PLATFORM =
      Set.of(
          "sqs:SendMessage",
          "kms:GenerateDataKey",
          "logs:CreateLogStream",
          "logs:PutLogEvents",
          "kms:Decrypt",
          "sqs:ReceiveMessage",
          "sqs:DeleteMessage",
          "sqs:GetQueueAttributes");

  static final List<String> SINKS = LeastPrivilege.SINKS;

  private static Config config(String sink, String comprehendPii) {
    Map<String, String> env =
        new HashMap<>(
            Map.of(
                "AWS_REGION",
                "us-east-1",
                "MODE",
                "enforce",
                "TICKET_SINK",
                sink,
                "COMPREHEND_PII",
                comprehendPii,
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
    return Config.from(env);
  }

  /**
   * What the function's real graph declares in this configuration: reader, every registered rule,
   * detector, the tickets queue (never a ticket sink or the ledger: the tickets function owns
   * them), pseudonyms.
   */
  private static Set<String> declared(String sink, String comprehendPii) {
    Config config = config(sink, comprehendPii);
    Set<String> declared = new TreeSet<>(PLATFORM);
    declared.addAll(FunctionReader.PERMISSIONS);
    declared.addAll(TicketQueue.permissions(config.tickets().sink()));
    declared.addAll(PseudonymSecret.PERMISSIONS);
    declared.addAll(PersonalDataModule.permissions(config));
    StaticCredentialsProvider credentials =
        StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
    for (Rule rule :
        DaggerStripPersonalDataComponent.factory().create(config, credentials).catalogue().all()) {
      declared.addAll(rule.permissions());
    }
    return declared;
  }

  @ParameterizedTest(name = "TicketSink={0}")
  @FieldSource("SINKS")
  void stripRole_shouldCallOnlyWhatItDeclaresAndBeGrantedExactlyThat(String sink) {
    // the sink's runs had Comprehend on and off: compare with the configuration that may call the
    // most
    assertEquals(
        List.of(),
        LeastPrivilege.problems(
            ROLE,
            sink,
            declared(sink, "on"),
            Set.of(),
            TemplatePolicies.ofProject(),
            Map.of("TicketSink", sink, "ComprehendPii", "on")));
  }

  @ParameterizedTest(name = "TicketSink={0}")
  @FieldSource("SINKS")
  void stripRoleWithoutComprehend_shouldBeGrantedExactlyWhatTheCodeDeclares(String sink) {
    assertEquals(
        declared(sink, "off"),
        TemplatePolicies.ofProject()
            .grantedActions(ROLE, Map.of("TicketSink", sink, "ComprehendPii", "off")));
  }

  @Test
  void everyDeclaredAction_shouldBeCalledByTheFunctionOrByLambdaForIt() {
    Set<String> declared = new TreeSet<>();
    SINKS.forEach(sink -> declared.addAll(declared(sink, "on")));
    // Lambda's on-failure destination sends too, but the function's own reports to the tickets
    // queue call it here.
    Set<String> expected = new TreeSet<>(PLATFORM);
    expected.removeAll(TicketQueue.PERMISSIONS);
    assertEquals(expected, LeastPrivilege.neverCalled(ROLE, declared));
  }

  /**
   * The tickets function owns the ledger, the sinks and the Jira secret: this role holds none of
   * their rights, with any sink.
   */
  @ParameterizedTest(name = "TicketSink={0}")
  @FieldSource("SINKS")
  void stripRole_shouldHoldNoTicketPermission(String sink) {
    Map<String, String> parameters = Map.of("TicketSink", sink, "ComprehendPii", "on");
    Set<String> granted = TemplatePolicies.ofProject().grantedActions(ROLE, parameters);
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
        TemplatePolicies.ofProject().statements(ROLE, parameters).stream()
            .filter(s -> s.actions().contains("secretsmanager:GetSecretValue"))
            .map(TemplatePolicies.Statement::sid)
            .toList());
  }
}
