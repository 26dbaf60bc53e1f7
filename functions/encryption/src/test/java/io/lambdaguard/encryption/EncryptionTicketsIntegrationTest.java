package io.lambdaguard.encryption;

import static io.lambdaguard.encryption.Invoker.outcomeOf;
import static io.lambdaguard.encryption.Invoker.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lambdaguard.remediation.RemediationFailedException;
import io.lambdaguard.testkit.MotoServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.securityhub.model.AwsSecurityFinding;

/**
 * Every path that cannot fix raises exactly one ticket: the real handler and SDK clients against
 * the patched moto.
 */
class EncryptionTicketsIntegrationTest {
  private static final String DATABASE_URL =
      "postgres://reporting:" + "Tr0ub4dor-s3cret" + "@db.internal:5432/reports";

  private static MotoServer moto;
  private static Emulator aws;
  private String keyArn;
  private Invoker function;

  @BeforeAll
  static void startEmulator() {
    moto = MotoServer.start();
    aws = new Emulator(moto);
  }

  @AfterAll
  static void stopEmulator() {
    moto.close();
  }

  @BeforeEach
  void resetEmulator() {
    moto.reset();
    aws.createTicketTargets();
    keyArn = aws.createKey();
    function = new Invoker(moto, keyArn);
  }

  private static JsonNode ticketOf(JsonNode outcome) {
    return outcome
        .field("tickets")
        .orElseThrow(() -> new AssertionError("no tickets in " + outcome))
        .asArray()
        .getFirst();
  }

  @Test
  void credentialsInAUrl_shouldRaiseOneTicketNamingTheVariableNeverTheValue() {
    // given
    aws.createFunction(
        "report-exporter", Map.of("DATABASE_URL", DATABASE_URL, "STAGE", "prod"), keyArn);
    // when
    JsonNode result = function.invoke("create_function_with_credentials_in_url.json");
    // then
    JsonNode credentials = outcomeOf(result, EnvVarsHoldNoCredentials.ID);
    assertEquals("error", text(credentials, "outcome"));
    assertEquals("queued", text(credentials, "ticket"));
    assertEquals("DATABASE_URL", text(ticketOf(credentials), "subject"));
    assertEquals("securityhub", text(ticketOf(credentials), "sink"));
    assertEquals("compliant", text(outcomeOf(result, EnvVarsUseCustomerManagedKey.ID), "outcome"));
    List<AwsSecurityFinding> findings = aws.findings();
    assertEquals(1, findings.size());
    assertEquals("", text(ticketOf(credentials), "id"), "queued: the tickets function opens it");
    assertTrue(
        findings.getFirst().id().contains("env-vars-no-credentials"), findings.getFirst().id());
    assertEquals("HIGH", findings.getFirst().severity().labelAsString());
    assertTrue(findings.getFirst().title().contains("DATABASE_URL"));
    assertFalse(findings.getFirst().toString().contains("Tr0ub4dor"));
    assertFalse(result.toString().contains("Tr0ub4dor"));
  }

  @Test
  void sameEventTwiceAndInNewContainers_shouldRaiseOneTicket() {
    aws.createFunction("report-exporter", Map.of("DATABASE_URL", DATABASE_URL), keyArn);

    JsonNode first = function.invoke("create_function_with_credentials_in_url.json");
    JsonNode second = function.invoke("create_function_with_credentials_in_url.json");
    JsonNode third = function.invoke("create_function_with_credentials_in_url.json");

    assertEquals("queued", text(outcomeOf(first, EnvVarsHoldNoCredentials.ID), "ticket"));
    assertEquals("queued", text(outcomeOf(second, EnvVarsHoldNoCredentials.ID), "ticket"));
    assertEquals("queued", text(outcomeOf(third, EnvVarsHoldNoCredentials.ID), "ticket"));
    assertEquals(1, aws.findings().size());
    assertEquals(1, aws.ticketItems().size());
  }

  @Test
  void secretFormatSetByAnUpdate_shouldRaiseOneTicketPerVariable() {
    String stripeKey = "sk" + "_live_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3";
    aws.createFunction(
        "payments-webhook",
        Map.of("STRIPE_API_KEY", stripeKey, "DATABASE_URL", DATABASE_URL),
        keyArn);

    JsonNode credentials =
        outcomeOf(
            function.invoke("update_function_configuration_with_api_token.json"),
            EnvVarsHoldNoCredentials.ID);

    List<String> subjects =
        credentials.field("tickets").orElseThrow().asArray().stream()
            .map(t -> text(t, "subject"))
            .toList();
    assertEquals(List.of("DATABASE_URL", "STRIPE_API_KEY"), subjects);
    assertEquals(2, aws.findings().size());
    assertTrue(aws.findings().stream().noneMatch(f -> f.toString().contains(stripeKey)));
  }

  @Test
  void defaultSink_shouldOpenOneOpsItemForARepeatedEvent() {
    // given: no TICKET_SINK, as the template's default
    function.with("TICKET_SINK", "");
    aws.createFunction("report-exporter", Map.of("DATABASE_URL", DATABASE_URL), keyArn);
    // when
    JsonNode first =
        outcomeOf(
            function.invoke("create_function_with_credentials_in_url.json"),
            EnvVarsHoldNoCredentials.ID);
    JsonNode second =
        outcomeOf(
            function.invoke("create_function_with_credentials_in_url.json"),
            EnvVarsHoldNoCredentials.ID);
    // then
    assertEquals("opscenter", text(ticketOf(first), "sink"));
    assertEquals("queued", text(first, "ticket"));
    assertEquals("queued", text(second, "ticket"));
    assertEquals(
        1, moto.calls().stream().filter(c -> "CreateOpsItem".equals(c.operation())).count());
  }

  @Test
  void snsSink_shouldPublishOneMessageWithRoutingAttributesForARepeatedEvent() {
    String[] topic = aws.topicWithSubscriber("lambdaguard-tickets");
    function.with("TICKET_SINK", "sns").with("TICKET_TOPIC_ARN", topic[0]);
    aws.createFunction("report-exporter", Map.of("DATABASE_URL", DATABASE_URL), keyArn);

    function.invoke("create_function_with_credentials_in_url.json");
    function.invoke("create_function_with_credentials_in_url.json");

    List<String> messages = aws.drain(topic[1]);
    assertEquals(1, messages.size());
    JsonNode notification = JsonNode.parser().parse(messages.getFirst());
    JsonNode attributes = notification.field("MessageAttributes").orElseThrow();
    assertEquals("env-vars-no-credentials", text(attributes.field("rule").orElseThrow(), "Value"));
    assertEquals("HIGH", text(attributes.field("severity").orElseThrow(), "Value"));
    assertFalse(messages.getFirst().contains("Tr0ub4dor"));
  }

  @Test
  void sinkDown_shouldNotFailTheRemediationAndTheTicketFollowsOnceTheSinkIsBack() {
    // given: the topic does not exist yet, so publishing fails
    String topicArn = "arn:aws:sns:us-east-1:123456789012:lambdaguard-tickets";
    function.with("TICKET_SINK", "sns").with("TICKET_TOPIC_ARN", topicArn);
    aws.createFunction("report-exporter", Map.of("DATABASE_URL", DATABASE_URL), keyArn);
    // when: the rule function handles the event (the tickets function behind it fails to publish)
    JsonNode result = function.invoke("create_function_with_credentials_in_url.json");
    // then: the remediation is done and the finding waits on the tickets queue, unclaimed
    assertEquals("queued", text(outcomeOf(result, EnvVarsHoldNoCredentials.ID), "ticket"));
    assertTrue(aws.ticketItems().isEmpty(), "the failed raise left no claim behind");
    // and once the topic is there, the next delivery raises the ticket, once
    String[] topic = aws.topicWithSubscriber("lambdaguard-tickets");
    assertEquals(topicArn, topic[0]);
    function.invoke("create_function_with_credentials_in_url.json");
    assertEquals(1, aws.drain(topic[1]).size());
    assertEquals(1, aws.ticketItems().size());
  }

  @Test
  void reportThatCannotBeQueued_shouldFailTheInvocationSoLambdaRetriesIt() {
    // given: the tickets queue is unreachable (gone)
    function.with(
        "TICKET_QUEUE_URL",
        TicketsFunction.queue(moto).replace("lambdaguard-TicketQueue.fifo", "gone.fifo"));
    aws.createFunction("report-exporter", Map.of("DATABASE_URL", DATABASE_URL), keyArn);
    // when / then: the invocation fails, so Lambda retries it (and dead-letters it after the last
    // retry)
    RemediationFailedException failed =
        assertThrows(
            RemediationFailedException.class,
            () -> function.invoke("create_function_with_credentials_in_url.json"));
    assertTrue(
        failed.getMessage().contains("ticket-queue")
            && failed.getMessage().contains("QueueDoesNotExist"),
        failed.getMessage());
    assertFalse(failed.getMessage().contains("Tr0ub4dor"));
  }

  @Test
  void reportModeConfiguredToTicket_shouldRaiseAWouldFixTicketAndChangeNothing() {
    function.with("MODE", "report").with("TICKET_IN_REPORT_MODE", "true");
    aws.createFunction("orders-api", Map.of("STAGE", "prod"), null);

    JsonNode encryption =
        outcomeOf(
            function.invoke("create_function_without_key.json"), EnvVarsUseCustomerManagedKey.ID);

    assertEquals("reported", text(encryption, "outcome"));
    assertEquals("queued", text(encryption, "ticket"));
    assertTrue(
        aws.findings()
            .getFirst()
            .description()
            .contains(
                "The service runs in report mode and changes nothing; in enforce mode it would attach the configured customer managed key."),
        () -> aws.findings().getFirst().description());
    assertNull(aws.configuration("orders-api").kmsKeyArn());
  }

  @Test
  void reportModeConfiguredToTicket_shouldRaiseTheSameCredentialsTicketAsEnforceMode() {
    function.with("MODE", "report").with("TICKET_IN_REPORT_MODE", "true");
    aws.createFunction("report-exporter", Map.of("DATABASE_URL", DATABASE_URL), keyArn);

    JsonNode credentials =
        outcomeOf(
            function.invoke("create_function_with_credentials_in_url.json"),
            EnvVarsHoldNoCredentials.ID);

    assertEquals("reported", text(credentials, "outcome"));
    assertEquals("queued", text(credentials, "ticket"));
    String description = aws.findings().getFirst().description();
    assertTrue(
        description.contains("No automatic fix: only the owner can rotate the credential"),
        description);
    assertFalse(description.contains("report mode"), description);
  }

  @Test
  void reportModeByDefault_shouldRaiseNoTicket() {
    function.with("MODE", "report");
    aws.createFunction("report-exporter", Map.of("DATABASE_URL", DATABASE_URL), keyArn);

    JsonNode credentials =
        outcomeOf(
            function.invoke("create_function_with_credentials_in_url.json"),
            EnvVarsHoldNoCredentials.ID);

    assertEquals("reported", text(credentials, "outcome"));
    assertEquals("none", text(credentials, "ticket"));
    assertTrue(text(credentials, "reason").contains("would open a ticket"));
    assertTrue(aws.findings().isEmpty());
    assertTrue(aws.ticketItems().isEmpty());
  }

  @Test
  void ticketsOff_shouldStillReportTheErrorWithoutAnyTicketCall() {
    function.with("TICKET_SINK", "none").with("TICKET_TABLE", "");
    aws.createFunction("report-exporter", Map.of("DATABASE_URL", DATABASE_URL), keyArn);
    aws.createEncryptedLogGroup("report-exporter", keyArn);
    moto.resetCalls();

    JsonNode credentials =
        outcomeOf(
            function.invoke("create_function_with_credentials_in_url.json"),
            EnvVarsHoldNoCredentials.ID);

    assertEquals("error", text(credentials, "outcome"));
    assertEquals("none", text(credentials, "ticket"));
    assertEquals(
        List.of("lambda:GetFunction", "logs:DescribeLogGroups"),
        moto.calls().stream()
            .filter(c -> !"testing".equals(c.accessKeyId()))
            .map(c -> c.service() + ":" + c.operation())
            .toList());
  }
}
