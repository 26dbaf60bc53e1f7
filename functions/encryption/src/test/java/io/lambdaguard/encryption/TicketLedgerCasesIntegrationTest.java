package io.lambdaguard.encryption;

import static io.lambdaguard.encryption.Invoker.outcomeOf;
import static io.lambdaguard.encryption.Invoker.text;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lambdaguard.testkit.MotoServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tickets the ledger must not swallow: the ledger (DynamoDB on the patched moto) remembers a ticket
 * per rule, outcome, function, subject and sink, and forgets it when a later check finds the
 * subject gone. Each case through the real handler, each in a new container.
 */
class TicketLedgerCasesIntegrationTest {
  private static final String DATABASE_URL =
      "postgres://reporting:" + "Tr0ub4dor-s3cret" + "@db.internal:5432/reports";
  private static final String MISSING_KEY =
      "arn:aws:kms:us-east-1:123456789012:key/0b3c8f4e-0000-4c6e-9f1a-7d2b9e4c1a55";

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

  private static long securityHubImports() {
    return moto.calls("securityhub").stream()
        .filter(c -> c.operation().equals("BatchImportFindings"))
        .count();
  }

  @Test
  void enforceModeCannotFixAfterAReportModeWouldFix_shouldRaiseItsOwnTicket() {
    // given: report mode ticketed "would attach the key"; the configured key does not exist
    aws.createFunction("orders-api", Map.of("STAGE", "prod"), null);
    Result reported =
        new Result(
            function
                .with("KMS_KEY_ARN", MISSING_KEY)
                .with("MODE", "report")
                .with("TICKET_IN_REPORT_MODE", "true")
                .invoke("create_function_without_key.json"));
    assertEquals("queued", reported.ticket(EnvVarsUseCustomerManagedKey.ID));
    // when: enforce mode cannot attach it
    Result enforced =
        new Result(function.with("MODE", "enforce").invoke("create_function_without_key.json"));
    // then: the owner hears that it could not be fixed, not only that it would be
    assertEquals("error", enforced.outcome(EnvVarsUseCustomerManagedKey.ID));
    assertEquals("queued", enforced.ticket(EnvVarsUseCustomerManagedKey.ID));
    assertEquals(
        2,
        aws.findings().stream()
            .filter(f -> f.generatorId().endsWith(EnvVarsUseCustomerManagedKey.ID))
            .count());
  }

  @Test
  void credentialReAddedAfterTheOwnerRemovedIt_shouldRaiseANewTicket() {
    // given: a ticket for the credential, then the owner removes it and the next check finds the
    // function compliant
    aws.createFunction(
        "report-exporter", Map.of("DATABASE_URL", DATABASE_URL, "STAGE", "prod"), keyArn);
    assertEquals(
        "queued",
        new Result(function.invoke("create_function_with_credentials_in_url.json"))
            .ticket(EnvVarsHoldNoCredentials.ID));
    aws.lambda.updateFunctionConfiguration(
        u ->
            u.functionName("report-exporter")
                .environment(e -> e.variables(Map.of("STAGE", "prod"))));
    assertEquals(
        "compliant",
        new Result(function.invoke("create_function_with_credentials_in_url.json"))
            .outcome(EnvVarsHoldNoCredentials.ID));
    // when: the credential comes back
    aws.lambda.updateFunctionConfiguration(
        u ->
            u.functionName("report-exporter")
                .environment(
                    e -> e.variables(Map.of("DATABASE_URL", DATABASE_URL, "STAGE", "prod"))));
    Result readded = new Result(function.invoke("create_function_with_credentials_in_url.json"));
    Result repeated = new Result(function.invoke("create_function_with_credentials_in_url.json"));
    // then: a new ticket, and still one per finding while it stays
    assertEquals("queued", readded.ticket(EnvVarsHoldNoCredentials.ID));
    assertEquals("queued", repeated.ticket(EnvVarsHoldNoCredentials.ID));
    assertEquals(2, securityHubImports());
  }

  @Test
  void oneOfTwoCredentialsRemovedAndReAdded_shouldRaiseANewTicketForThatOneOnly() {
    String stripeKey = "sk" + "_live_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3";
    aws.createFunction(
        "payments-webhook",
        Map.of("STRIPE_API_KEY", stripeKey, "DATABASE_URL", DATABASE_URL),
        keyArn);
    function.invoke("update_function_configuration_with_api_token.json");
    aws.lambda.updateFunctionConfiguration(
        u ->
            u.functionName("payments-webhook")
                .environment(e -> e.variables(Map.of("DATABASE_URL", DATABASE_URL))));
    function.invoke("update_function_configuration_with_api_token.json");
    aws.lambda.updateFunctionConfiguration(
        u ->
            u.functionName("payments-webhook")
                .environment(
                    e ->
                        e.variables(
                            Map.of("STRIPE_API_KEY", stripeKey, "DATABASE_URL", DATABASE_URL))));

    Result readded =
        new Result(function.invoke("update_function_configuration_with_api_token.json"));

    assertEquals(
        Map.of("DATABASE_URL", "queued", "STRIPE_API_KEY", "queued"),
        readded.ticketsBySubject(EnvVarsHoldNoCredentials.ID));
  }

  @Test
  void newSink_shouldGetItsOwnTicket() {
    // given: the finding is ticketed in Security Hub
    aws.createFunction("report-exporter", Map.of("DATABASE_URL", DATABASE_URL), keyArn);
    function.invoke("create_function_with_credentials_in_url.json");
    // when: the stack switches to SNS
    String[] topic = aws.topicWithSubscriber("lambdaguard-tickets");
    Result switched =
        new Result(
            function
                .with("TICKET_SINK", "sns")
                .with("TICKET_TOPIC_ARN", topic[0])
                .invoke("create_function_with_credentials_in_url.json"));
    // then: the new sink's subscribers hear of it
    assertEquals("queued", switched.ticket(EnvVarsHoldNoCredentials.ID));
    assertEquals(1, aws.drain(topic[1]).size());
  }

  /** One handler result. */
  private record Result(software.amazon.awssdk.protocols.jsoncore.JsonNode result) {
    String outcome(String rule) {
      return text(outcomeOf(result, rule), "outcome");
    }

    String ticket(String rule) {
      return text(outcomeOf(result, rule), "ticket");
    }

    Map<String, String> ticketsBySubject(String rule) {
      return outcomeOf(result, rule).field("tickets").orElseThrow().asArray().stream()
          .collect(
              java.util.stream.Collectors.toMap(t -> text(t, "subject"), t -> text(t, "state")));
    }
  }
}
