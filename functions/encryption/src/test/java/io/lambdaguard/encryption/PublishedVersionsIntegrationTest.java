package io.lambdaguard.encryption;

import static io.lambdaguard.encryption.Invoker.outcomeOf;
import static io.lambdaguard.encryption.Invoker.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lambdaguard.events.SweepMessage;
import io.lambdaguard.testkit.ApiCall;
import io.lambdaguard.testkit.LogCapture;
import io.lambdaguard.testkit.MotoServer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonWriter;
import software.amazon.awssdk.services.securityhub.model.AwsSecurityFinding;

/**
 * Published versions keep the key they were published with: the real handler and SDK clients
 * against the patched moto (ListVersionsByFunction as AWS documents it), triggered by the recorded
 * PublishVersion event, a CreateFunction that published, and a sweep message.
 */
class PublishedVersionsIntegrationTest {
  private static final String FUNCTION = "invoice-mailer";
  private static final String PUBLISHED = "publish_version_on_aws_managed_key.json";

  /** Canaries: a variable value and a description that must never leave the emulator. */
  private static final String VALUE_CANARY = "canary-value-7f3b9c21";

  private static final String DESCRIPTION_CANARY = "canary-description-4e8a1d55";
  private static final String FOREIGN_KEY =
      "arn:aws:kms:us-east-1:210987654321:key/7d1e5c9a-0000-4b2f-8c3d-5e6f7a8b9c0d";

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

  /** Versions 1 and 2 published without the key, then $LATEST fixed. */
  private void twoVersionsOffTheKeyThenLatestFixed() {
    aws.createFunction(FUNCTION, Map.of("MAIL_FROM", VALUE_CANARY), null);
    aws.lambda.updateFunctionConfiguration(
        u -> u.functionName(FUNCTION).description(DESCRIPTION_CANARY + " one"));
    aws.lambda.publishVersion(p -> p.functionName(FUNCTION));
    aws.lambda.updateFunctionConfiguration(
        u -> u.functionName(FUNCTION).description(DESCRIPTION_CANARY + " two"));
    aws.lambda.publishVersion(p -> p.functionName(FUNCTION));
    aws.lambda.updateFunctionConfiguration(u -> u.functionName(FUNCTION).kmsKeyArn(keyArn));
  }

  private List<AwsSecurityFinding> versionFindings() {
    return aws.findings().stream()
        .filter(f -> f.generatorId().endsWith(PublishedVersionsUseCustomerManagedKey.ID))
        .toList();
  }

  /** The function's writes to the account (the tickets queue's own traffic aside). */
  private static List<ApiCall> writes() {
    return moto.calls().stream()
        .filter(MotoServer::isWrite)
        .filter(call -> !"sqs".equals(call.service()))
        .toList();
  }

  @Test
  void twoVersionsOffTheKey_shouldRaiseOneTicketNamingBothVersionsAndNoData() {
    twoVersionsOffTheKeyThenLatestFixed();

    JsonNode result;
    String logs;
    try (LogCapture captured = new LogCapture()) {
      result = function.invoke(PUBLISHED);
      logs = captured.text();
    }

    JsonNode versions = outcomeOf(result, PublishedVersionsUseCustomerManagedKey.ID);
    assertEquals("error", text(versions, "outcome"));
    assertEquals("queued", text(versions, "ticket"));
    JsonNode ticket = versions.field("tickets").orElseThrow().asArray().getFirst();
    assertEquals("versions 1, 2", text(ticket, "subject"));
    assertEquals(
        1,
        versions.field("tickets").orElseThrow().asArray().size(),
        "one ticket per function, not per version");
    List<AwsSecurityFinding> findings = versionFindings();
    assertEquals(1, findings.size());
    assertTrue(findings.getFirst().title().contains("versions 1, 2"), findings.getFirst().title());
    assertEquals(
        List.of(PublishedVersionsUseCustomerManagedKey.ID),
        result.field("outcomes").orElseThrow().asArray().stream()
            .map(o -> text(o, "rule"))
            .toList(),
        "PublishVersion wakes the version rule only");
    for (String seen : List.of(result.toString(), findings.toString(), logs)) {
      assertFalse(seen.contains(VALUE_CANARY), "a variable value leaked");
      assertFalse(seen.contains(DESCRIPTION_CANARY), "a description leaked");
    }
  }

  @Test
  void sameFindingAgain_shouldNotRaiseASecondTicket() {
    twoVersionsOffTheKeyThenLatestFixed();
    function.invoke(PUBLISHED);

    JsonNode again =
        outcomeOf(function.invoke(PUBLISHED), PublishedVersionsUseCustomerManagedKey.ID);

    assertEquals(1, versionFindings().size());
    assertEquals("error", text(again, "outcome"));
  }

  @Test
  void compliantVersions_shouldRaiseNothingAndWriteNothing() {
    aws.createFunction(FUNCTION, Map.of("MAIL_FROM", VALUE_CANARY), keyArn);
    aws.lambda.publishVersion(p -> p.functionName(FUNCTION));
    aws.lambda.updateFunctionConfiguration(
        u -> u.functionName(FUNCTION).description("second release"));
    aws.lambda.publishVersion(p -> p.functionName(FUNCTION));
    moto.resetCalls();

    JsonNode result = function.invoke(PUBLISHED);

    assertEquals(
        "compliant", text(outcomeOf(result, PublishedVersionsUseCustomerManagedKey.ID), "outcome"));
    assertEquals(List.of(), writes());
    assertEquals(List.of(), versionFindings());
  }

  @Test
  void latestOnlyFunction_onASweep_shouldCostOneReadOfItsVersionsAndNoWrite() {
    String arn =
        aws.createFunction(FUNCTION, Map.of("MAIL_FROM", VALUE_CANARY), keyArn).functionArn();
    aws.createEncryptedLogGroup(FUNCTION, keyArn);
    moto.resetCalls();

    function.invokeJson(
        sqsEvent(new SweepMessage(UUID.randomUUID().toString(), arn, Instant.now()).toJson()));

    assertEquals(List.of(), writes());
    assertEquals(
        1,
        moto.calls("lambda").stream()
            .filter(c -> "ListVersionsByFunction".equals(c.operation()))
            .count());
  }

  @Test
  void versionsDeleted_nextCheckShouldFindItCompliant_andTheLedgerForgetTheTicket() {
    twoVersionsOffTheKeyThenLatestFixed();
    function.invoke(PUBLISHED);
    assertEquals(1, aws.ticketItems().size());

    aws.lambda.deleteFunction(d -> d.functionName(FUNCTION).qualifier("1"));
    aws.lambda.deleteFunction(d -> d.functionName(FUNCTION).qualifier("2"));
    JsonNode result = function.invoke(PUBLISHED);

    assertEquals(
        "compliant", text(outcomeOf(result, PublishedVersionsUseCustomerManagedKey.ID), "outcome"));
    assertEquals(List.of(), aws.ticketItems(), "the ledger forgot the ticket");
  }

  @Test
  void versionOnAKeyOfAnotherAccount_shouldBeUnverifiableWithOneTicket_neverCompliant() {
    aws.createFunction(FUNCTION, Map.of("MAIL_FROM", VALUE_CANARY), FOREIGN_KEY);
    aws.lambda.publishVersion(p -> p.functionName(FUNCTION));
    aws.lambda.updateFunctionConfiguration(u -> u.functionName(FUNCTION).kmsKeyArn(keyArn));

    JsonNode versions =
        outcomeOf(function.invoke(PUBLISHED), PublishedVersionsUseCustomerManagedKey.ID);

    assertEquals("unverifiable", text(versions, "outcome"));
    assertTrue(text(versions, "reason").contains("versions 1"), versions.toString());
    assertEquals("queued", text(versions, "ticket"));
    assertEquals(1, versionFindings().size());
  }

  @Test
  void createFunctionThatPublished_shouldFixLatestAndTicketTheVersionItPublished() {
    aws.createFunction("orders-api", Map.of("STAGE", "prod"), null);
    aws.lambda.publishVersion(p -> p.functionName("orders-api"));
    String created =
        new String(Invoker.event("create_function_without_key.json"), StandardCharsets.UTF_8);
    String published =
        created.replace(
            "\"functionArn\": \"arn:aws:lambda:us-east-1:123456789012:function:orders-api\"",
            "\"functionArn\": \"arn:aws:lambda:us-east-1:123456789012:function:orders-api:1\"");
    assertFalse(published.equals(created));

    JsonNode result = function.invokeJson(published);

    assertEquals("fixed", text(outcomeOf(result, EnvVarsUseCustomerManagedKey.ID), "outcome"));
    JsonNode versions = outcomeOf(result, PublishedVersionsUseCustomerManagedKey.ID);
    assertEquals("error", text(versions, "outcome"));
    assertEquals(
        "versions 1",
        text(versions.field("tickets").orElseThrow().asArray().getFirst(), "subject"));
  }

  @Test
  void createFunctionWithoutPublish_shouldNotReadVersions() {
    aws.createFunction("orders-api", Map.of("STAGE", "prod"), keyArn);

    JsonNode result = function.invoke("create_function_without_key.json");

    assertTrue(
        result.field("outcomes").orElseThrow().asArray().stream()
            .noneMatch(o -> text(o, "rule").equals(PublishedVersionsUseCustomerManagedKey.ID)));
    assertEquals(
        0,
        moto.calls("lambda").stream()
            .filter(c -> "ListVersionsByFunction".equals(c.operation()))
            .count());
  }

  /** The SQS event Lambda's event source passes for one message of the sweep queue. */
  private static String sqsEvent(String body) {
    JsonWriter json = JsonWriter.create();
    json.writeStartObject()
        .writeFieldName("Records")
        .writeStartArray()
        .writeStartObject()
        .writeFieldName("messageId")
        .writeValue(UUID.randomUUID().toString())
        .writeFieldName("receiptHandle")
        .writeValue("handle")
        .writeFieldName("body")
        .writeValue(body)
        .writeFieldName("attributes")
        .writeStartObject()
        .writeFieldName("ApproximateReceiveCount")
        .writeValue("1")
        .writeEndObject()
        .writeFieldName("messageAttributes")
        .writeStartObject()
        .writeEndObject()
        .writeFieldName("eventSource")
        .writeValue("aws:sqs")
        .writeFieldName("eventSourceARN")
        .writeValue("arn:aws:sqs:us-east-1:123456789012:EncryptionSweepQueue")
        .writeFieldName("awsRegion")
        .writeValue("us-east-1")
        .writeEndObject()
        .writeEndArray()
        .writeEndObject();
    return new String(json.getBytes(), StandardCharsets.UTF_8);
  }
}
