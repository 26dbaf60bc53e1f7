package io.lambdaguard.strip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lambdaguard.config.Config;
import io.lambdaguard.events.AccountSweepMessage;
import io.lambdaguard.events.SweepMessage;
import io.lambdaguard.testkit.ApiCall;
import io.lambdaguard.testkit.FunctionPrincipal;
import io.lambdaguard.testkit.LogCapture;
import io.lambdaguard.testkit.MotoServer;
import io.lambdaguard.testkit.TestContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonWriter;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Runtime;

/**
 * The strip-personal-data function invoked by its sweep queue's event source with an SQS batch of
 * sweep messages: every rule runs on each function, personal data in tags is removed, compliant
 * functions are read and not written, and a second sweep writes nothing.
 */
class StripPersonalDataSweepTest {
  private static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
  private static MotoServer moto;
  private static LambdaClient lambda;
  private static IamClient iam;

  @BeforeAll
  static void startEmulator() {
    moto = MotoServer.start();
    lambda =
        LambdaClient.builder()
            .endpointOverride(moto.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(CREDENTIALS)
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .build();
    iam =
        IamClient.builder()
            .endpointOverride(moto.endpoint())
            .region(Region.AWS_GLOBAL)
            .credentialsProvider(CREDENTIALS)
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .build();
  }

  @AfterAll
  static void stopEmulator() {
    moto.close();
  }

  @BeforeEach
  void resetEmulator() {
    moto.reset();
    moto.createTicketTable("lambdaguard-tickets");
    moto.createPseudonymSecret();
  }

  private static String createFunction(String name, Map<String, String> tags) {
    String role =
        iam.createRole(
                r ->
                    r.roleName(name + "-role")
                        .assumeRolePolicyDocument(
                            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},"
                                + "\"Action\":\"sts:AssumeRole\"}]}"))
            .role()
            .arn();
    return lambda
        .createFunction(
            f ->
                f.functionName(name)
                    .role(role)
                    .runtime(Runtime.JAVA21)
                    .handler("a.B::c")
                    .description("orders service")
                    .tags(tags)
                    .code(c -> c.zipFile(SdkBytes.fromByteArray(new byte[] {'P', 'K', 5, 6}))))
        .functionArn();
  }

  /** The SQS event Lambda's event source passes: one record per sweep message. */
  private static byte[] sqsEvent(List<String> functionArns) {
    Instant listedAt = Instant.parse("2026-12-01T09:00:00Z");
    JsonWriter json = JsonWriter.create();
    json.writeStartObject().writeFieldName("Records").writeStartArray();
    for (int i = 0; i < functionArns.size(); i++) {
      json.writeStartObject()
          .writeFieldName("messageId")
          .writeValue("00000000-0000-4000-8000-" + String.format("%012d", i))
          .writeFieldName("body")
          .writeValue(new SweepMessage("sweep-1", functionArns.get(i), listedAt).toJson())
          .writeFieldName("eventSource")
          .writeValue("aws:sqs")
          .writeFieldName("eventSourceARN")
          .writeValue("arn:aws:sqs:us-east-1:123456789012:StripPersonalDataSweepQueue")
          .writeEndObject();
    }
    json.writeEndArray().writeEndObject();
    return json.getBytes();
  }

  private static String invoke(byte[] event) {
    Map<String, String> variables =
        new HashMap<>(
            Map.of(
                "AWS_REGION",
                "us-east-1",
                "MODE",
                "enforce",
                "SERVICE_ROLE_ARNS",
                "arn:aws:iam::123456789012:role/StripPersonalDataRole",
                "AWS_ENDPOINT_URL",
                moto.endpoint().toString(),
                "WAITER_POLL_MILLIS",
                "20",
                "TICKET_SINK",
                "none",
                "PSEUDONYM_SECRET_ARN",
                MotoServer.PSEUDONYM_SECRET_ARN));
    StripPersonalDataHandler handler =
        new StripPersonalDataHandler(
            DaggerStripPersonalDataComponent.factory()
                .create(
                    Config.from(variables),
                    FunctionPrincipal.credentials(StripPersonalDataPermissionsTest.ROLE, variables))
                .runner());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      handler.handleRequest(
          new ByteArrayInputStream(event),
          out,
          new TestContext("strip-personal-data").remainingTime(Duration.ofSeconds(30)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static List<String> lambdaWrites() {
    return moto.calls("lambda").stream()
        .filter(MotoServer::isWrite)
        .map(ApiCall::operation)
        .toList();
  }

  @Test
  void
      sweepBatch_shouldStripPersonalDataFromTags_readCompliantFunctionsOnce_andWriteNothingTheSecondTime() {
    String leaky =
        createFunction(
            "checkout-api", Map.of("team", "payments", "owner", "canary.owner.7731@example.com"));
    String clean = createFunction("orders-api", Map.of("team", "orders"));
    moto.resetCalls();

    String answer;
    try (LogCapture logs = new LogCapture()) {
      answer = invoke(sqsEvent(List.of(leaky, clean)));
      assertFalse(logs.text().contains("canary.owner.7731"), "no personal data in the logs");
    }

    assertEquals(
        JsonNode.parser().parse("{\"batchItemFailures\":[]}").toString(),
        JsonNode.parser().parse(answer).toString());
    assertEquals(Map.of("team", "payments"), lambda.listTags(l -> l.resource(leaky)).tags());
    assertEquals(List.of("UntagResource"), lambdaWrites(), "one write, to the leaky function only");
    assertEquals(
        1,
        moto.calls("lambda").stream()
            .filter(c -> c.operation().equals("GetFunction") && c.path().contains("orders-api"))
            .count(),
        "a compliant function costs one read");

    moto.resetCalls();
    invoke(sqsEvent(List.of(leaky, clean)));
    assertEquals(List.of(), lambdaWrites(), "a second sweep writes nothing");
  }

  @Test
  void sweepsAccountLevelMessage_shouldBeIgnoredWithoutAnyCall_andNotFailTheBatch() {
    // given: the run's account-level message, which the sweep puts on every sweep queue; this
    // function has no
    // account-level rule
    String body =
        new AccountSweepMessage("sweep-1", Instant.parse("2026-12-01T09:00:00Z")).toJson();
    JsonWriter json = JsonWriter.create();
    json.writeStartObject()
        .writeFieldName("Records")
        .writeStartArray()
        .writeStartObject()
        .writeFieldName("messageId")
        .writeValue("00000000-0000-4000-8000-000000000099")
        .writeFieldName("body")
        .writeValue(body)
        .writeFieldName("eventSource")
        .writeValue("aws:sqs")
        .writeFieldName("eventSourceARN")
        .writeValue("arn:aws:sqs:us-east-1:123456789012:StripPersonalDataSweepQueue")
        .writeEndObject()
        .writeEndArray()
        .writeEndObject();
    moto.resetCalls();
    // when
    String answer;
    try (LogCapture logs = new LogCapture()) {
      answer = invoke(json.getBytes());
      // then
      assertTrue(logs.text().contains("no-rule"), logs.text());
    }
    assertEquals(
        JsonNode.parser().parse("{\"batchItemFailures\":[]}").toString(),
        JsonNode.parser().parse(answer).toString());
    assertEquals(List.of(), moto.calls());
  }
}
