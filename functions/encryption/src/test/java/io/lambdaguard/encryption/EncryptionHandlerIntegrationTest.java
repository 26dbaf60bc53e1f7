package io.lambdaguard.encryption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lambdaguard.config.Config;
import io.lambdaguard.testkit.ApiCall;
import io.lambdaguard.testkit.FunctionPrincipal;
import io.lambdaguard.testkit.LogCapture;
import io.lambdaguard.testkit.MotoServer;
import io.lambdaguard.testkit.TestContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * The function end to end in-process: the real handler, Dagger graph and SDK clients over HTTP
 * against the patched moto on loopback, driven by the recorded events.
 */
class EncryptionHandlerIntegrationTest {
  private static MotoServer moto;
  private static Emulator aws;

  /** The configured key, created anew for each test. */
  private static String keyArn;

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
  }

  private static JsonNode invoke(String eventFile, String mode) {
    return aws.invoke(eventFile, mode, keyArn);
  }

  /** The outcome of the environment rule, or of the whole event when no rule ran. */
  private static String outcome(JsonNode result) {
    return Emulator.outcomeOf(result, EnvVarsUseCustomerManagedKey.ID, "outcome");
  }

  private static String reason(JsonNode result) {
    return Emulator.outcomeOf(result, EnvVarsUseCustomerManagedKey.ID, "reason");
  }

  private static String ticket(JsonNode result) {
    return Emulator.outcomeOf(result, EnvVarsUseCustomerManagedKey.ID, "ticket");
  }

  /**
   * The calls of the function under test (not the test's set-up, nor the tickets function behind
   * it).
   */
  private static List<ApiCall> functionCalls() {
    return moto.calls().stream()
        .filter(
            c ->
                FunctionPrincipal.signerOf(c)
                    .filter(p -> p.role().equals(Emulator.ROLE))
                    .isPresent())
        .toList();
  }

  /**
   * Writes to Lambda: what the environment rule may do (its findings go to the tickets queue, no
   * write).
   */
  private static List<ApiCall> writes() {
    return functionCalls().stream()
        .filter(MotoServer::isWrite)
        .filter(c -> !c.service().equals("logs") && !c.service().equals("sqs"))
        .toList();
  }

  /** Writes to functions and keys, leaving out the ticket's. */
  private static List<ApiCall> functionWrites() {
    return writes().stream()
        .filter(c -> c.service().equals("lambda") || c.service().equals("kms"))
        .toList();
  }

  /** Lambda and KMS calls, in order (the log-group rule's calls are covered by its own test). */
  private static List<String> operations() {
    return functionCalls().stream()
        .filter(c -> !c.service().equals("logs"))
        .map(c -> c.service() + ":" + c.operation())
        .toList();
  }

  @Test
  void functionWithVariablesAndDefaultKey_shouldGetTheConfiguredKeyInOneWrite() {
    // given
    aws.createFunction("orders-api", Map.of("STAGE", "prod"), null);
    aws.createEncryptedLogGroup("orders-api", keyArn);
    moto.resetCalls();
    // when
    JsonNode result = invoke("create_function_without_key.json", "enforce");
    // then
    assertEquals("fixed", outcome(result));
    // Later rules check the state read before the fix, and re-read only when they must write; with
    // tickets on, one
    // report to the tickets queue, whose function forgets the tickets the fix resolved.
    assertEquals(
        List.of(
            "lambda:GetFunction",
            "kms:DescribeKey",
            "lambda:UpdateFunctionConfiguration",
            "sqs:SendMessage"),
        operations());
    assertEquals(keyArn, aws.configuration("orders-api").kmsKeyArn());
    assertEquals("none", ticket(result));
  }

  @Test
  void fixedFunction_shouldKeepItsVariables() {
    aws.createFunction("orders-api", Map.of("STAGE", "prod", "TABLE", "orders"), null);
    aws.createEncryptedLogGroup("orders-api", keyArn);
    invoke("create_function_without_key.json", "enforce");
    assertEquals(
        Map.of("STAGE", "prod", "TABLE", "orders"),
        aws.configuration("orders-api").environment().variables());
  }

  @Test
  void compliantFunction_shouldCostOneLambdaReadAndNoWrite() {
    // given
    aws.createFunction("search-indexer", Map.of("STAGE", "prod"), keyArn);
    aws.createEncryptedLogGroup("search-indexer", keyArn);
    moto.resetCalls();
    // when
    JsonNode result = invoke("update_function_configuration_memory_compliant.json", "enforce");
    // then
    assertEquals("compliant", outcome(result));
    // with tickets on, one report to the tickets queue (its function forgets the tickets it
    // resolved); no write
    assertEquals(List.of("lambda:GetFunction", "sqs:SendMessage"), operations());
  }

  @Test
  void compliantFunctionInReportModeWithoutTickets_shouldCostOneLambdaReadOnly() {
    aws.createFunction("search-indexer", Map.of("STAGE", "prod"), keyArn);
    aws.createEncryptedLogGroup("search-indexer", keyArn);
    moto.resetCalls();

    JsonNode result = invoke("update_function_configuration_memory_compliant.json", "report");

    assertEquals("compliant", outcome(result));
    assertEquals(List.of("lambda:GetFunction"), operations());
  }

  @Test
  void functionWithAnotherCustomerKey_shouldBeCompliant() {
    String other = aws.createKey();
    aws.createFunction("billing-worker", Map.of("STAGE", "prod"), other);
    aws.createEncryptedLogGroup("billing-worker", keyArn);
    moto.resetCalls();
    JsonNode result = invoke("create_function_with_customer_key.json", "enforce");
    assertEquals("compliant", outcome(result));
    assertTrue(writes().isEmpty());
    assertEquals(other, aws.configuration("billing-worker").kmsKeyArn());
  }

  @Test
  void functionWithoutVariables_shouldBeCompliant() {
    aws.createFunction("thumbnailer", Map.of(), null);
    aws.createEncryptedLogGroup("thumbnailer", keyArn);
    moto.resetCalls();
    JsonNode result = invoke("create_function_without_environment.json", "enforce");
    assertEquals("compliant", outcome(result));
    assertTrue(writes().isEmpty());
  }

  @Test
  void reportMode_shouldReportAndWriteNothing() {
    // given
    aws.createFunction("inventory-sync", Map.of("STAGE", "prod"), null);
    aws.createEncryptedLogGroup("inventory-sync", keyArn);
    moto.resetCalls();
    // when
    JsonNode result = invoke("update_function_configuration_removed_key.json", "report");
    // then
    assertEquals("reported", outcome(result));
    assertTrue(reason(result).contains("would attach"));
    assertTrue(writes().isEmpty(), () -> "writes in report mode: " + writes());
    assertNull(aws.configuration("inventory-sync").kmsKeyArn());
  }

  @Test
  void eventCausedByTheServicesOwnRole_shouldBeANoOpWithoutAnyCall() {
    aws.createFunction("orders-api", Map.of("STAGE", "prod"), null);
    aws.createEncryptedLogGroup("orders-api", keyArn);
    moto.resetCalls();
    JsonNode result = invoke("update_function_configuration_by_lambdaguard.json", "enforce");
    assertEquals("ignored", outcome(result));
    assertTrue(reason(result).contains("own role"));
    assertTrue(functionCalls().isEmpty(), () -> "calls: " + functionCalls());
    assertEquals(1, result.field("outcomes").orElseThrow().asArray().size());
  }

  @Test
  void failedCall_shouldBeANoOpWithoutAnyCall() {
    moto.resetCalls();
    JsonNode result = invoke("create_function_failed.json", "enforce");
    assertEquals("ignored", outcome(result));
    assertTrue(reason(result).contains("InvalidParameterValueException"));
    assertTrue(functionCalls().isEmpty(), () -> "calls: " + functionCalls());
  }

  @Test
  void functionDeletedBeforeTheEvent_shouldEndCleanlyWithAnOutcome() {
    moto.resetCalls();
    JsonNode result = invoke("create_function_without_key.json", "enforce");
    assertEquals("ignored", outcome(result));
    assertEquals("function no longer exists", reason(result));
    assertTrue(writes().isEmpty());
  }

  @Test
  void updateInProgress_shouldWaitForItThenFix() {
    // given: the function reports LastUpdateStatus InProgress for the next three reads
    aws.createFunction("inventory-sync", Map.of("STAGE", "prod"), null);
    aws.createEncryptedLogGroup("inventory-sync", keyArn);
    moto.markInProgress("inventory-sync", 3);
    moto.resetCalls();
    // when
    JsonNode result = invoke("update_function_configuration_removed_key.json", "enforce");
    // then
    assertEquals("fixed", outcome(result));
    assertEquals(keyArn, aws.configuration("inventory-sync").kmsKeyArn());
    long reads = functionCalls().stream().filter(c -> c.operation().equals("GetFunction")).count();
    assertTrue(reads >= 4, "waited by polling GetFunction, reads=" + reads);
    assertEquals(1, writes().size());
  }

  @Test
  void disabledConfiguredKey_shouldBeAnErrorOutcomeWithATicketAndNoWriteToTheFunction() {
    aws.createFunction("orders-api", Map.of("STAGE", "prod"), null);
    aws.createEncryptedLogGroup("orders-api", keyArn);
    aws.kms.disableKey(k -> k.keyId(keyArn));
    moto.resetCalls();
    JsonNode result = invoke("create_function_without_key.json", "enforce");
    assertEquals("error", outcome(result));
    assertTrue(reason(result).contains("key state is Disabled"), () -> reason(result));
    assertTrue(functionWrites().isEmpty());
    assertEquals("queued", ticket(result));
    assertEquals(1, aws.findings().size());
    assertTrue(
        aws.findings()
            .getFirst()
            .description()
            .contains("Configured key unusable: key state is Disabled."));
  }

  @Test
  void fixThenItsOwnEventThenTheSameEventAgain_shouldWriteExactlyOnce() {
    // given
    aws.createFunction("orders-api", Map.of("STAGE", "prod"), null);
    aws.createEncryptedLogGroup("orders-api", keyArn);
    moto.resetCalls();
    // when: the fix, the event the fix causes, and a redelivery of the original event
    assertEquals("fixed", outcome(invoke("create_function_without_key.json", "enforce")));
    assertEquals(
        "ignored", outcome(invoke("update_function_configuration_by_lambdaguard.json", "enforce")));
    assertEquals("compliant", outcome(invoke("create_function_without_key.json", "enforce")));
    // then
    assertEquals(1, writes().size(), () -> "writes: " + writes());
  }

  @Test
  void invalidEvent_shouldBeIgnoredWithAStructuredReasonAndNoCall() throws IOException {
    // given
    Map<String, String> env =
        Map.of(
            "AWS_REGION",
            "us-east-1",
            "MODE",
            "enforce",
            "KMS_KEY_ARN",
            keyArn,
            "LOG_GROUP_RETENTION_DAYS",
            "30",
            "AWS_ENDPOINT_URL",
            moto.endpoint().toString(),
            "TICKET_TABLE",
            Emulator.TICKET_TABLE,
            "PSEUDONYM_SECRET_ARN",
            MotoServer.PSEUDONYM_SECRET_ARN,
            "TICKET_QUEUE_URL",
            TicketsFunction.queue(moto));
    EncryptionHandler handler =
        new EncryptionHandler(
            DaggerEncryptionComponent.factory()
                .create(Config.from(env), Emulator.functionCredentials(env))
                .runner());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    moto.resetCalls();
    // when
    handler.handleRequest(
        new ByteArrayInputStream(
            "{\"source\":\"aws.s3\",\"detail-type\":\"x\"}".getBytes(StandardCharsets.UTF_8)),
        out,
        new TestContext("encryption"));
    // then
    JsonNode result = JsonNode.parser().parse(out.toString(StandardCharsets.UTF_8));
    assertEquals("ignored", outcome(result));
    assertTrue(reason(result).startsWith("invalid event: WRONG_SOURCE"), () -> reason(result));
    assertTrue(moto.calls().isEmpty());
  }

  @Test
  void freeTextInEventFields_shouldNeverReachTheResultOrTheLogs() throws Exception {
    // given: an event whose name and error code carry an e-mail address
    String canary = "jane.canary" + System.nanoTime() + "@example.com";
    String event =
        new String(
                Files.readAllBytes(
                    Path.of(
                        getClass()
                            .getResource("/events/lambda/create_function_failed.json")
                            .toURI()
                            .getPath())),
                StandardCharsets.UTF_8)
            .replace("\"InvalidParameterValueException\"", "\"mail " + canary + "\"");
    String unknown =
        new String(
                Files.readAllBytes(
                    Path.of(
                        getClass()
                            .getResource("/events/lambda/create_function_without_key.json")
                            .toURI()
                            .getPath())),
                StandardCharsets.UTF_8)
            .replace("\"CreateFunction20150331\"", "\"Ask " + canary + "\"");
    try (LogCapture logs = new LogCapture()) {
      // when
      String failed = invokeRaw(event);
      String noRule = invokeRaw(unknown);
      // then: both still decided, with the free text replaced
      assertTrue(failed.contains("failed-call") && noRule.contains("no-rule"), failed + noRule);
      for (String output : List.of(failed, noRule, logs.text())) {
        assertFalse(output.contains(canary), "event text leaked");
      }
    }
  }

  private String invokeRaw(String event) throws IOException {
    Map<String, String> env =
        Map.of(
            "AWS_REGION",
            "us-east-1",
            "MODE",
            "enforce",
            "KMS_KEY_ARN",
            keyArn,
            "LOG_GROUP_RETENTION_DAYS",
            "30",
            "AWS_ENDPOINT_URL",
            moto.endpoint().toString(),
            "TICKET_TABLE",
            Emulator.TICKET_TABLE,
            "PSEUDONYM_SECRET_ARN",
            MotoServer.PSEUDONYM_SECRET_ARN,
            "TICKET_QUEUE_URL",
            TicketsFunction.queue(moto));
    EncryptionHandler handler =
        new EncryptionHandler(
            DaggerEncryptionComponent.factory()
                .create(Config.from(env), Emulator.functionCredentials(env))
                .runner());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(
        new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)),
        out,
        new TestContext("encryption"));
    return out.toString(StandardCharsets.UTF_8);
  }
}
