package io.lambdaguard.encryption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lambdaguard.config.RuleIds;
import io.lambdaguard.events.SweepMessage;
import io.lambdaguard.rules.Rule;
import io.lambdaguard.testkit.ApiCall;
import io.lambdaguard.testkit.LogCapture;
import io.lambdaguard.testkit.MotoServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonWriter;

/**
 * Exemptions ({@code lambdaguard:exempt} tags) and the per-rule switch ({@code DISABLED_RULES})
 * through the real handler, Dagger graph and SDK clients against the patched moto, for events and
 * for sweep messages alike.
 */
class ExemptionIntegrationTest {
  private static final String FUNCTION = "orders-api";
  private static final String EVENT = "create_function_without_key.json";
  private static MotoServer moto;
  private static Emulator aws;
  private String keyArn;

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
  void reset() {
    moto.reset();
    aws.createTicketTargets();
    keyArn = aws.createKey();
  }

  /** The recorded event's function, on aws/lambda, with these tags. */
  private String unencryptedFunction(Map<String, String> tags) {
    String arn = aws.createFunction(FUNCTION, Map.of("STAGE", "prod"), null).functionArn();
    if (!tags.isEmpty()) {
      aws.lambda.tagResource(t -> t.resource(arn).tags(tags));
    }
    moto.resetCalls();
    return arn;
  }

  private static Map<String, String> exemption(String rules, String reason) {
    Map<String, String> tags = new HashMap<>(Map.of("team", "orders", "lambdaguard:exempt", rules));
    if (reason != null) {
      tags.put("lambdaguard:exempt-reason", reason);
    }
    return tags;
  }

  private Invoker invoker() {
    return new Invoker(moto, keyArn);
  }

  private static List<String> lambdaWrites() {
    return moto.calls("lambda").stream()
        .filter(MotoServer::isWrite)
        .map(ApiCall::operation)
        .toList();
  }

  private static List<String> operations() {
    return moto.calls().stream().map(c -> c.service() + ":" + c.operation()).toList();
  }

  private static String field(JsonNode result, String rule, String field) {
    return Invoker.text(Invoker.outcomeOf(result, rule), field);
  }

  private static Set<String> rulesWithOutcomes(JsonNode result) {
    return result.field("outcomes").orElseThrow().asArray().stream()
        .map(o -> o.field("rule").orElseThrow().asString())
        .collect(Collectors.toSet());
  }

  /** What {@code run} writes to stdout, where the outcome metrics go, and its result. */
  private static <T> T withStdout(StringBuilder stdout, Supplier<T> run) {
    PrintStream original = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      return run.get();
    } finally {
      System.setOut(original);
      stdout.append(bytes.toString(StandardCharsets.UTF_8));
    }
  }

  @Test
  void exemptFunction_shouldBeReportedWithItsReason_notFixed_andCountedAsExempt() {
    aws.createEncryptedLogGroup(FUNCTION, keyArn);
    unencryptedFunction(exemption("all", "vendor appliance CHG-1042"));

    StringBuilder stdout = new StringBuilder();
    JsonNode result;
    try (LogCapture logs = new LogCapture()) {
      result = withStdout(stdout, () -> invoker().invoke(EVENT));
      assertTrue(logs.text().contains("code=exempt"), logs.text());
    }

    assertEquals("reported", field(result, EnvVarsUseCustomerManagedKey.ID, "outcome"));
    assertEquals("exempt", field(result, EnvVarsUseCustomerManagedKey.ID, "code"));
    String reason = field(result, EnvVarsUseCustomerManagedKey.ID, "reason");
    assertTrue(reason.contains("exempt by its owner, reason: vendor appliance CHG-1042"), reason);
    assertEquals("none", field(result, EnvVarsUseCustomerManagedKey.ID, "ticket"));
    assertNull(aws.configuration(FUNCTION).kmsKeyArn(), "never written");
    assertEquals(List.of(), lambdaWrites());
    assertEquals(List.of(), aws.findings(), "the owner decided: no ticket");
    assertTrue(
        stdout
            .toString()
            .contains(
                "\"rule\":\"env-vars-customer-key\",\"outcome\":\"reported\",\"reasonCode\":\"exempt\""),
        stdout.toString());
  }

  @Test
  void exemptionOfOneRule_shouldLeaveTheOtherRulesActing() {
    // No log group: the log-group rule would create one; it is exempt, the variables rule is not.
    unencryptedFunction(
        exemption(LogGroupUsesCustomerManagedKey.ID, "log group managed by the vendor"));

    JsonNode result = invoker().invoke(EVENT);

    assertEquals("exempt", field(result, LogGroupUsesCustomerManagedKey.ID, "code"));
    assertEquals("fixed", field(result, EnvVarsUseCustomerManagedKey.ID, "outcome"));
    assertEquals(keyArn, aws.configuration(FUNCTION).kmsKeyArn());
    assertTrue(
        moto.calls("logs").stream().noneMatch(MotoServer::isWrite),
        "no log group created: " + operations());
  }

  @Test
  void exemptionUntilAFutureDay_shouldHold() {
    aws.createEncryptedLogGroup(FUNCTION, keyArn);
    Map<String, String> tags = exemption("env-vars-customer-key", "migration");
    tags.put("lambdaguard:exempt-until", "2099-12-31");
    unencryptedFunction(tags);

    JsonNode result = invoker().invoke(EVENT);

    assertEquals("exempt", field(result, EnvVarsUseCustomerManagedKey.ID, "code"));
    assertTrue(
        field(result, EnvVarsUseCustomerManagedKey.ID, "reason")
            .contains("until 2099-12-31 (UTC)"));
    assertNull(aws.configuration(FUNCTION).kmsKeyArn());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        // rules, reason, until, code
        "all | | | exemption-ignored-no-reason",
        "all | migration | 2020-01-01 | exemption-ignored-expired",
        "all | migration | 31/12/2099 | exemption-ignored-bad-date",
        "env-vars-customer-kee | migration | | exemption-ignored-unknown-rule"
      })
  void brokenExemption_shouldBeIgnoredWithALoggedReason_andTheFunctionFixed(
      String rules, String reason, String until, String code) {
    aws.createEncryptedLogGroup(FUNCTION, keyArn);
    Map<String, String> tags = exemption(rules, reason);
    if (until != null) {
      tags.put("lambdaguard:exempt-until", until);
    }
    unencryptedFunction(tags);

    JsonNode result;
    StringBuilder stdout = new StringBuilder();
    try (LogCapture logs = new LogCapture()) {
      result = withStdout(stdout, () -> invoker().invoke(EVENT));
      assertTrue(logs.text().contains("code=" + code), logs.text());
    }

    assertEquals(code, field(result, "-", "code"));
    assertEquals("ignored", field(result, "-", "outcome"));
    assertTrue(
        field(result, "-", "reason").startsWith("exemption ignored, the rules act normally: "));
    assertEquals("fixed", field(result, EnvVarsUseCustomerManagedKey.ID, "outcome"));
    assertEquals(keyArn, aws.configuration(FUNCTION).kmsKeyArn());
    assertTrue(stdout.toString().contains("\"reasonCode\":\"" + code + "\""), stdout.toString());
  }

  @Test
  void
      exemptFunctionInReportModeWithTickets_shouldRaiseNoTicket_whereTheSameFunctionWithoutItWould() {
    aws.createEncryptedLogGroup(FUNCTION, keyArn);
    String arn = unencryptedFunction(exemption("all", "vendor appliance"));
    Invoker reportWithTickets =
        invoker().with("MODE", "report").with("TICKET_IN_REPORT_MODE", "true");

    JsonNode exempt = reportWithTickets.invoke(EVENT);
    assertEquals("exempt", field(exempt, EnvVarsUseCustomerManagedKey.ID, "code"));
    assertEquals(List.of(), aws.findings());

    aws.lambda.untagResource(
        u -> u.resource(arn).tagKeys("lambdaguard:exempt", "lambdaguard:exempt-reason"));
    JsonNode control = reportWithTickets.invoke(EVENT);
    assertEquals("would-fix", field(control, EnvVarsUseCustomerManagedKey.ID, "code"));
    assertEquals(1, aws.findings().size(), "the control raises the ticket the exemption withheld");
  }

  @Test
  void reasonWithPersonalData_shouldNeverReachLogsOrResults_raw() {
    String email = "canary.exempt.4417@example.com";
    String phone = "+44 20 7946 0321";
    aws.createEncryptedLogGroup(FUNCTION, keyArn);
    unencryptedFunction(exemption("all", "vendor box ask " + email + " or " + phone));

    String output;
    JsonNode result;
    StringBuilder stdout = new StringBuilder();
    try (LogCapture logs = new LogCapture()) {
      result = withStdout(stdout, () -> invoker().invoke(EVENT));
      output = logs.text() + "\n" + result + "\n" + stdout;
    }

    for (String canary : List.of("canary.exempt.4417", "7946 0321", "79460321")) {
      assertFalse(output.contains(canary), () -> "canary " + canary + " leaked into:\n" + output);
    }
    assertEquals(
        "exempt",
        field(result, EnvVarsUseCustomerManagedKey.ID, "code"),
        "control: the exemption held");
    assertTrue(
        field(result, EnvVarsUseCustomerManagedKey.ID, "reason")
            .contains("reason: vendor box ask [redacted:"),
        "control: the reason is shown, redacted");
  }

  /** The SQS event Lambda's event source passes: one record per sweep message. */
  private static String sqsEvent(List<String> functionArns) {
    JsonWriter json = JsonWriter.create();
    json.writeStartObject().writeFieldName("Records").writeStartArray();
    for (int i = 0; i < functionArns.size(); i++) {
      json.writeStartObject()
          .writeFieldName("messageId")
          .writeValue("00000000-0000-4000-8000-" + String.format("%012d", i))
          .writeFieldName("body")
          .writeValue(
              new SweepMessage(
                      "sweep-1", functionArns.get(i), Instant.parse("2026-12-01T09:00:00Z"))
                  .toJson())
          .writeFieldName("eventSource")
          .writeValue("aws:sqs")
          .writeFieldName("eventSourceARN")
          .writeValue("arn:aws:sqs:us-east-1:123456789012:EncryptionSweepQueue")
          .writeEndObject();
    }
    json.writeEndArray().writeEndObject();
    return new String(json.getBytes(), StandardCharsets.UTF_8);
  }

  @Test
  void sweepMessage_shouldRespectTheExemption_andFixTheFunctionWithout() {
    String exempt = unencryptedFunction(exemption("all", "vendor appliance"));
    aws.createEncryptedLogGroup(FUNCTION, keyArn);
    String plain = aws.createFunction("billing-api", Map.of("STAGE", "prod"), null).functionArn();
    aws.createEncryptedLogGroup("billing-api", keyArn);
    moto.resetCalls();

    JsonNode answer;
    try (LogCapture logs = new LogCapture()) {
      answer = invoker().invokeJson(sqsEvent(List.of(exempt, plain)));
      assertTrue(logs.text().contains("code=exempt"), logs.text());
    }

    assertEquals(List.of(), answer.field("batchItemFailures").orElseThrow().asArray());
    assertNull(aws.configuration(FUNCTION).kmsKeyArn(), "the exempt function is left as it is");
    assertEquals(
        keyArn,
        aws.configuration("billing-api").kmsKeyArn(),
        "control: the other function is fixed");
    assertEquals(
        List.of("UpdateFunctionConfiguration"),
        lambdaWrites(),
        "one write, to the function without exemption");
    assertTrue(
        moto.calls("lambda").stream()
            .filter(MotoServer::isWrite)
            .allMatch(c -> c.path().contains("billing-api")));
  }

  @Test
  void disabledRule_shouldProduceNoOutcomeAndMakeNoCall() {
    aws.createEncryptedLogGroup(FUNCTION, keyArn);
    unencryptedFunction(Map.of());

    JsonNode result =
        invoker().with("DISABLED_RULES", EnvVarsUseCustomerManagedKey.ID).invoke(EVENT);

    assertFalse(
        rulesWithOutcomes(result).contains(EnvVarsUseCustomerManagedKey.ID), result.toString());
    assertTrue(
        rulesWithOutcomes(result).contains(LogGroupUsesCustomerManagedKey.ID),
        "control: the other rules run");
    assertNull(aws.configuration(FUNCTION).kmsKeyArn());
    assertFalse(
        operations().contains("kms:DescribeKey"), "the key is never looked at: " + operations());
    assertFalse(lambdaWrites().contains("UpdateFunctionConfiguration"), operations().toString());
  }

  @Test
  void everyRuleDisabled_shouldMakeNoCallForASweepMessage() {
    String arn = unencryptedFunction(Map.of());
    String all = String.join(",", new EncryptionRules().ids());

    JsonNode answer = invoker().with("DISABLED_RULES", all).invokeJson(sqsEvent(List.of(arn)));

    assertEquals(List.of(), answer.field("batchItemFailures").orElseThrow().asArray());
    assertEquals(
        List.of(),
        operations().stream().filter(call -> !call.startsWith("sqs:")).toList(),
        "not even a read (the tickets queue's own traffic aside)");
    assertNull(aws.configuration(FUNCTION).kmsKeyArn());
  }

  @Test
  void disabledRule_shouldBeRespectedBySweepMessages() {
    String arn = unencryptedFunction(Map.of());
    aws.createEncryptedLogGroup(FUNCTION, keyArn);
    moto.resetCalls();

    invoker()
        .with("DISABLED_RULES", EnvVarsUseCustomerManagedKey.ID)
        .invokeJson(sqsEvent(List.of(arn)));

    assertNull(aws.configuration(FUNCTION).kmsKeyArn());
    assertEquals(List.of(), lambdaWrites());
    assertTrue(
        operations().contains("lambda:GetFunction"), "control: the other rules read the function");
  }

  @Test
  void everyRuleOfThisFunction_shouldBeAKnownRuleId() {
    Set<String> ids = new EncryptionRules().ids();
    assertEquals(6, ids.size(), ids.toString());
    assertTrue(RuleIds.ALL.containsAll(ids), "RuleIds.ALL lacks some of " + ids);
  }

  /** The ids of every rule this function can run (X-Ray and log data protection on). */
  private final class EncryptionRules {
    Set<String> ids() {
      Map<String, String> env =
          new HashMap<>(
              Map.of(
                  "AWS_REGION",
                  "us-east-1",
                  "MODE",
                  "enforce",
                  "KMS_KEY_ARN",
                  keyArn,
                  "LOG_GROUP_RETENTION_DAYS",
                  "30",
                  "XRAY_ENCRYPTION",
                  "fix",
                  "LOG_DATA_PROTECTION",
                  "on",
                  "DATA_PROTECTION_FINDINGS_LOG_GROUP",
                  "lambdaguard-data-protection-findings",
                  "TICKET_SINK",
                  "none",
                  "AWS_ENDPOINT_URL",
                  moto.endpoint().toString()));
      return DaggerEncryptionComponent.factory()
          .create(io.lambdaguard.config.Config.from(env), Emulator.functionCredentials(env))
          .catalogue()
          .all()
          .stream()
          .map(Rule::id)
          .collect(Collectors.toSet());
    }
  }
}
