package io.lambdaguard.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The replay of the repository's recorded events, end to end: the real template, the built function
 * packages run through the runtime interface client, the embedded patched moto seeded from each
 * event.
 *
 * <p>Events never describe log groups, so none is seeded: the log-group rule creates them
 * encrypted, whatever the other rules decide. Assertions about the environment-variable rule
 * therefore look at its outcome and at Lambda's writes only.
 */
class LocalReplayEndToEndTest {
  private static final String ENCRYPTION = "EncryptionFunction";
  private static final String STRIP = "StripPersonalDataFunction";

  private static final Path EVENTS = FixturePackage.ROOT.resolve("events");
  private static final String ENV_VARS_RULE = "env-vars-customer-key";
  private static final String LOG_GROUP_RULE = "log-group-customer-key";
  private static final String CONFIGURED_KEY =
      AwsTarget.emulator("us-east-1").keyArn(LocalReplay.CONFIGURED_KEY_ID);

  private static ReplayReport enforced;

  /**
   * What each function does with each recorded event in enforce mode (see the README's table of
   * recorded events).
   */
  record Expected(String eventFile, String function, List<String> outcomes, List<String> writes) {}

  /**
   * Every routed event and function: each rule's outcome (with its ticket, if any) and the writes,
   * sorted. Log groups are never seeded, so the log-group rule creates one (encrypted) for every
   * function it checks.
   */
  private static final List<Expected> EXPECTED =
      List.of(
          expect("create_function_failed.json", ENCRYPTION, List.of("-: ignored"), List.of()),
          expect("create_function_failed.json", STRIP, List.of("-: ignored"), List.of()),
          expect(
              "create_function_with_credentials_in_url.json",
              ENCRYPTION,
              List.of(
                  "env-vars-customer-key: compliant",
                  "env-vars-no-credentials: error, ticket queued",
                  "log-group-customer-key: fixed",
                  "xray-customer-key: compliant"),
              List.of(
                  "dynamodb:PutItem",
                  "dynamodb:UpdateItem",
                  "logs:CreateLogGroup",
                  "logs:PutRetentionPolicy",
                  "ssm:CreateOpsItem")),
          expect(
              "create_function_with_credentials_in_url.json",
              STRIP,
              List.of(
                  "description-no-personal-data: compliant",
                  "name-no-personal-data: compliant",
                  "tags-no-personal-data: compliant"),
              List.of()),
          expect(
              "create_function_with_customer_key.json",
              ENCRYPTION,
              List.of(
                  "env-vars-customer-key: compliant",
                  "env-vars-no-credentials: compliant",
                  "log-group-customer-key: fixed",
                  "xray-customer-key: compliant"),
              List.of("logs:CreateLogGroup", "logs:PutRetentionPolicy")),
          expect(
              "create_function_with_customer_key.json",
              STRIP,
              List.of(
                  "description-no-personal-data: compliant",
                  "name-no-personal-data: compliant",
                  "tags-no-personal-data: compliant"),
              List.of()),
          expect(
              "create_function_with_personal_data_in_name.json",
              ENCRYPTION,
              List.of(
                  "env-vars-customer-key: fixed",
                  "env-vars-no-credentials: compliant",
                  "log-group-customer-key: fixed",
                  "xray-customer-key: compliant"),
              List.of(
                  "lambda:UpdateFunctionConfiguration",
                  "logs:CreateLogGroup",
                  "logs:PutRetentionPolicy")),
          expect(
              "create_function_with_personal_data_in_name.json",
              STRIP,
              List.of(
                  "description-no-personal-data: compliant",
                  "name-no-personal-data: error, ticket queued",
                  "tags-no-personal-data: compliant"),
              List.of("dynamodb:PutItem", "dynamodb:UpdateItem", "ssm:CreateOpsItem")),
          expect(
              "create_function_with_personal_data_in_tags.json",
              ENCRYPTION,
              List.of(
                  "env-vars-customer-key: fixed",
                  "env-vars-no-credentials: compliant",
                  "log-group-customer-key: fixed",
                  "xray-customer-key: compliant"),
              List.of(
                  "lambda:UpdateFunctionConfiguration",
                  "logs:CreateLogGroup",
                  "logs:PutRetentionPolicy")),
          expect(
              "create_function_with_personal_data_in_tags.json",
              STRIP,
              List.of(
                  "description-no-personal-data: compliant",
                  "name-no-personal-data: compliant",
                  "tags-no-personal-data: fixed"),
              List.of("lambda:UntagResource")),
          expect(
              "create_function_with_active_tracing.json",
              ENCRYPTION,
              List.of(
                  "env-vars-customer-key: fixed",
                  "env-vars-no-credentials: compliant",
                  "log-group-customer-key: fixed",
                  "xray-customer-key: error, ticket queued"),
              List.of(
                  "dynamodb:PutItem",
                  "dynamodb:UpdateItem",
                  "lambda:UpdateFunctionConfiguration",
                  "logs:CreateLogGroup",
                  "logs:PutRetentionPolicy",
                  "ssm:CreateOpsItem")),
          expect(
              "create_function_with_active_tracing.json",
              STRIP,
              List.of(
                  "description-no-personal-data: compliant",
                  "name-no-personal-data: compliant",
                  "tags-no-personal-data: compliant"),
              List.of()),
          expect(
              "create_function_without_environment.json",
              ENCRYPTION,
              List.of(
                  "env-vars-customer-key: compliant",
                  "env-vars-no-credentials: compliant",
                  "log-group-customer-key: fixed",
                  "xray-customer-key: compliant"),
              List.of("logs:CreateLogGroup", "logs:PutRetentionPolicy")),
          expect(
              "create_function_without_environment.json",
              STRIP,
              List.of(
                  "description-no-personal-data: compliant",
                  "name-no-personal-data: compliant",
                  "tags-no-personal-data: compliant"),
              List.of()),
          expect(
              "create_function_without_key.json",
              ENCRYPTION,
              List.of(
                  "env-vars-customer-key: fixed",
                  "env-vars-no-credentials: compliant",
                  "log-group-customer-key: fixed",
                  "xray-customer-key: compliant"),
              List.of(
                  "lambda:UpdateFunctionConfiguration",
                  "logs:CreateLogGroup",
                  "logs:PutRetentionPolicy")),
          expect(
              "create_function_without_key.json",
              STRIP,
              List.of(
                  "description-no-personal-data: compliant",
                  "name-no-personal-data: compliant",
                  "tags-no-personal-data: compliant"),
              List.of()),
          expect(
              "publish_version_description_with_personal_data.json",
              ENCRYPTION,
              List.of("versions-env-vars-customer-key: compliant"),
              List.of()),
          expect(
              "publish_version_description_with_personal_data.json",
              STRIP,
              List.of("versions-description-no-personal-data: error, ticket queued"),
              List.of("dynamodb:PutItem", "dynamodb:UpdateItem", "ssm:CreateOpsItem")),
          expect(
              "publish_version_on_aws_managed_key.json",
              ENCRYPTION,
              List.of("versions-env-vars-customer-key: error, ticket queued"),
              List.of("dynamodb:PutItem", "dynamodb:UpdateItem", "ssm:CreateOpsItem")),
          expect(
              "publish_version_on_aws_managed_key.json",
              STRIP,
              List.of("versions-description-no-personal-data: compliant"),
              List.of()),
          expect(
              "tag_resource_with_personal_data.json",
              STRIP,
              List.of("tags-no-personal-data: fixed"),
              List.of("lambda:UntagResource")),
          expect(
              "update_function_configuration_by_lambdaguard.json",
              ENCRYPTION,
              List.of("-: ignored"),
              List.of()),
          expect(
              "update_function_configuration_by_lambdaguard.json",
              STRIP,
              List.of("-: ignored"),
              List.of()),
          expect(
              "update_function_configuration_custom_log_group.json",
              ENCRYPTION,
              List.of(
                  "env-vars-customer-key: fixed",
                  "env-vars-no-credentials: compliant",
                  "log-group-customer-key: fixed",
                  "xray-customer-key: compliant"),
              List.of(
                  "lambda:UpdateFunctionConfiguration",
                  "logs:CreateLogGroup",
                  "logs:PutRetentionPolicy")),
          expect(
              "update_function_configuration_custom_log_group.json",
              STRIP,
              List.of("description-no-personal-data: compliant"),
              List.of()),
          expect(
              "update_function_configuration_description_with_personal_data.json",
              ENCRYPTION,
              List.of(
                  "env-vars-customer-key: fixed",
                  "env-vars-no-credentials: compliant",
                  "log-group-customer-key: fixed",
                  "xray-customer-key: compliant"),
              List.of(
                  "lambda:UpdateFunctionConfiguration",
                  "logs:CreateLogGroup",
                  "logs:PutRetentionPolicy")),
          expect(
              "update_function_configuration_description_with_personal_data.json",
              STRIP,
              List.of("description-no-personal-data: fixed"),
              List.of("lambda:UpdateFunctionConfiguration")),
          expect(
              "update_function_configuration_memory_compliant.json",
              ENCRYPTION,
              List.of(
                  "env-vars-customer-key: compliant",
                  "env-vars-no-credentials: compliant",
                  "log-group-customer-key: fixed",
                  "xray-customer-key: compliant"),
              List.of("logs:CreateLogGroup", "logs:PutRetentionPolicy")),
          expect(
              "update_function_configuration_memory_compliant.json",
              STRIP,
              List.of("description-no-personal-data: compliant"),
              List.of()),
          expect(
              "update_function_configuration_removed_key.json",
              ENCRYPTION,
              List.of(
                  "env-vars-customer-key: fixed",
                  "env-vars-no-credentials: compliant",
                  "log-group-customer-key: fixed",
                  "xray-customer-key: compliant"),
              List.of(
                  "lambda:UpdateFunctionConfiguration",
                  "logs:CreateLogGroup",
                  "logs:PutRetentionPolicy")),
          expect(
              "update_function_configuration_removed_key.json",
              STRIP,
              List.of("description-no-personal-data: compliant"),
              List.of()),
          expect(
              "update_function_configuration_with_api_token.json",
              ENCRYPTION,
              List.of(
                  "env-vars-customer-key: compliant",
                  "env-vars-no-credentials: error, ticket queued",
                  "log-group-customer-key: fixed",
                  "xray-customer-key: compliant"),
              List.of(
                  "dynamodb:PutItem",
                  "dynamodb:UpdateItem",
                  "logs:CreateLogGroup",
                  "logs:PutRetentionPolicy",
                  "ssm:CreateOpsItem")),
          expect(
              "update_function_configuration_with_api_token.json",
              STRIP,
              List.of("description-no-personal-data: compliant"),
              List.of()),
          // X-Ray's encryption changed (account-level: no function is read); the emulator's X-Ray
          // is on AWS's key.
          expect(
              "put_encryption_config.json",
              ENCRYPTION,
              List.of("xray-customer-key: error, ticket queued"),
              List.of("dynamodb:PutItem", "dynamodb:UpdateItem", "ssm:CreateOpsItem")),
          expect(
              "put_encryption_config_default_key.json",
              ENCRYPTION,
              List.of("xray-customer-key: error, ticket queued"),
              List.of("dynamodb:PutItem", "dynamodb:UpdateItem", "ssm:CreateOpsItem")));

  @BeforeAll
  static void replayInEnforceMode() throws InterruptedException {
    enforced =
        LocalReplay.run(
            ReplayOptions.builder(FixturePackage.ROOT)
                .java(FixturePackage.JAVA)
                .parameter("Mode", "enforce")
                .build());
  }

  @Test
  void everyRecordedEvent_isRoutedAndAnswered() throws Exception {
    List<String> files;
    try (var found = Files.walk(EVENTS)) {
      files =
          found
              .filter(file -> file.toString().endsWith(".json"))
              .map(file -> FixturePackage.ROOT.relativize(file).toString())
              .sorted()
              .toList();
    }

    assertEquals(files, enforced.rows().stream().map(ReplayRow::eventFile).distinct().toList());
    for (ReplayRow row : enforced.rows()) {
      if (row.eventFile().startsWith("events/sqs/")) {
        // Dead-letter queue messages: the tickets function reads them from SQS, EventBridge never
        // routes them.
        assertEquals(InvocationStatus.NO_ROUTE, row.status(), row.eventFile());
        continue;
      }
      assertEquals(InvocationStatus.RESPONDED, row.status(), row.eventFile() + ": " + row.error());
      assertFalse(row.outcomes().isEmpty(), row.eventFile());
      assertNotNull(row.calls(), row.eventFile());
    }
    assertEquals(0, enforced.exitCode());
  }

  @Test
  void everyRecordedEvent_hasItsExpectedOutcomesAndWrites() {
    List<ReplayRow> invoked =
        enforced.rows().stream().filter(row -> row.status() != InvocationStatus.NO_ROUTE).toList();

    assertEquals(
        EXPECTED.stream().map(e -> e.eventFile() + " -> " + e.function()).sorted().toList(),
        invoked.stream()
            .map(row -> Path.of(row.eventFile()).getFileName() + " -> " + row.function())
            .sorted()
            .toList(),
        "the functions each event is routed to");
    for (ReplayRow row : invoked) {
      String file = Path.of(row.eventFile()).getFileName().toString();
      Expected expected =
          EXPECTED.stream()
              .filter(e -> e.eventFile().equals(file) && e.function().equals(row.function()))
              .findFirst()
              .orElseThrow();
      String where = file + " -> " + row.function();
      assertEquals(InvocationStatus.RESPONDED, row.status(), where + ": " + row.error());
      assertEquals(
          expected.outcomes(),
          row.outcomes().stream()
              .map(
                  o ->
                      o.rule()
                          + ": "
                          + o.outcome()
                          + (o.ticket() == null || o.ticket().equals("none")
                              ? ""
                              : ", ticket " + o.ticket()))
              .sorted()
              .toList(),
          where);
      assertEquals(
          expected.writes(),
          row.calls().stream().filter(AwsCall::write).map(AwsCall::toString).sorted().toList(),
          where + ": " + row.calls());
      if (row.outcomes().stream().allMatch(o -> o.outcome().equals("ignored"))) {
        assertEquals(List.of(), row.calls(), where + ": ignored before any AWS call");
      }
    }
  }

  private static Expected expect(
      String eventFile, String function, List<String> outcomes, List<String> writes) {
    return new Expected(eventFile, function, outcomes, writes);
  }

  @Test
  void functionWithoutOrWithRemovedKey_isFixedWithTheConfiguredKey() {
    List<ReplayRow> rows =
        rows(name -> name.contains("without_key") || name.contains("removed_key"));

    assertFalse(rows.isEmpty());
    for (ReplayRow row : rows) {
      assertEquals("fixed", outcome(row, ENV_VARS_RULE), row.eventFile() + ": " + row.outcomes());
      assertEquals(CONFIGURED_KEY, row.finalState().kmsKeyArn(), row.eventFile());
      assertEquals(
          List.of("lambda:UpdateFunctionConfiguration"), lambdaWrites(row), row.eventFile());
    }
  }

  @Test
  void compliantFunction_isNeverWrittenByTheEnvironmentRule() {
    List<ReplayRow> rows =
        rows(
            name ->
                name.contains("compliant")
                    || name.contains("with_customer_key")
                    || name.contains("without_environment"));

    assertFalse(rows.isEmpty());
    for (ReplayRow row : rows) {
      assertEquals(
          "compliant", outcome(row, ENV_VARS_RULE), row.eventFile() + ": " + row.outcomes());
      assertEquals(List.of(), lambdaWrites(row), row.eventFile());
      assertTrue(row.finalState().exists(), row.eventFile());
    }
  }

  @Test
  void movedLogGroup_isTheOneEncrypted() {
    ReplayRow row = rows(name -> name.contains("custom_log_group")).getFirst();

    assertEquals("fixed", outcome(row, LOG_GROUP_RULE), row.outcomes().toString());
    assertEquals("/platform/orders", row.finalState().logGroup());
    assertEquals(CONFIGURED_KEY, row.finalState().logGroupKmsKeyArn());
  }

  @Test
  void failedCallAndTheServicesOwnChange_areIgnoredWithoutWrites() {
    List<ReplayRow> rows = rows(name -> name.contains("failed") || name.contains("by_lambdaguard"));

    assertEquals(2, rows.size());
    for (ReplayRow row : rows) {
      row.outcomes()
          .forEach(outcome -> assertEquals("ignored", outcome.outcome(), row.eventFile()));
      assertEquals(0, row.writeCalls(), row.eventFile() + ": " + row.calls());
    }
  }

  @Test
  void warmJvm_measuresInitOnlyOnItsFirstInvocation() {
    List<ReplayRow> invoked =
        enforced.rows().stream().filter(row -> row.status() != InvocationStatus.NO_ROUTE).toList();
    for (String function : invoked.stream().map(ReplayRow::function).distinct().toList()) {
      List<ReplayRow> ofFunction =
          invoked.stream().filter(row -> row.function().equals(function)).toList();
      assertTrue(ofFunction.getFirst().initDurationMs() > 0, function);
      ofFunction.stream()
          .skip(1)
          .forEach(row -> assertNull(row.initDurationMs(), function + " " + row.eventFile()));
    }
    ReplayRow first = invoked.getFirst();
    invoked.forEach(
        row -> {
          assertTrue(row.durationMs() > 0, row.eventFile());
          assertTrue(row.peakRssMb() > 0, row.eventFile());
        });
    assertTrue(Files.isRegularFile(first.log()));
  }

  @Test
  void reportModeWithColdStarts_reportsAndChangesNothing() throws InterruptedException {
    ReplayReport reported =
        LocalReplay.run(
            ReplayOptions.builder(FixturePackage.ROOT)
                .java(FixturePackage.JAVA)
                .input(EVENTS.resolve("lambda/create_function_without_key.json"))
                .input(EVENTS.resolve("lambda/update_function_configuration_removed_key.json"))
                .parameter("Mode", "report")
                .cold(true)
                .build());

    assertEquals(4, reported.rows().size(), "two events, each to two functions");
    for (ReplayRow row :
        reported.rows().stream().filter(r -> ENCRYPTION.equals(r.function())).toList()) {
      assertEquals(
          "reported", outcome(row, ENV_VARS_RULE), row.eventFile() + ": " + row.outcomes());
      assertEquals(0, row.writeCalls(), row.eventFile() + ": " + row.calls());
      assertNull(row.finalState().kmsKeyArn(), row.eventFile());
      assertNotNull(
          row.initDurationMs(), "--cold starts a JVM for every event: " + row.eventFile());
    }
  }

  private static String outcome(ReplayRow row, String rule) {
    return row.outcomes().stream()
        .filter(outcome -> rule.equals(outcome.rule()))
        .map(RuleOutcome::outcome)
        .findFirst()
        .orElse("(rule " + rule + " did not answer)");
  }

  private static List<String> lambdaWrites(ReplayRow row) {
    return row.calls().stream()
        .filter(call -> call.write() && call.service().equals("lambda"))
        .map(AwsCall::toString)
        .toList();
  }

  /**
   * The encryption function's rows of the matching event files (the personal-data function has its
   * own tests).
   */
  @Test
  void xrayEncryptionChange_isCheckedWithoutReadingAnyFunction() {
    List<ReplayRow> rows = rows(name -> name.startsWith("put_encryption_config"));

    assertEquals(2, rows.size());
    for (ReplayRow row : rows) {
      assertTrue(
          row.calls().stream().anyMatch(call -> call.toString().equals("xray:GetEncryptionConfig")),
          row.eventFile());
      assertTrue(
          row.calls().stream().noneMatch(call -> call.service().equals("lambda")),
          row.eventFile() + ": " + row.calls());
    }
  }

  private static List<ReplayRow> rows(Predicate<String> fileName) {
    return enforced.rows().stream()
        .filter(row -> ENCRYPTION.equals(row.function()))
        .filter(row -> fileName.test(Path.of(row.eventFile()).getFileName().toString()))
        .toList();
  }
}
