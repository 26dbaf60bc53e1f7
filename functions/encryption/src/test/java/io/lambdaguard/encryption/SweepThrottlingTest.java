package io.lambdaguard.encryption;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.lambdaguard.config.Config;
import io.lambdaguard.encryption.AwsStubs.Api;
import io.lambdaguard.encryption.AwsStubs.FaultKind;
import io.lambdaguard.events.SweepMessage;
import io.lambdaguard.testkit.LogCapture;
import io.lambdaguard.testkit.MotoServer;
import io.lambdaguard.testkit.SqsPollers;
import io.lambdaguard.testkit.TestContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonWriter;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Lambda throttling its control plane ({@code 429 TooManyRequestsException}) while a sweep message
 * is decided: the SDK backs off and retries; when throttling persists, the message is a batch item
 * failure, so SQS delivers it again and, after the queue's last receive, moves it to the
 * dead-letter queue (whose function tickets it). Never skipped. moto cannot throttle: Lambda is a
 * stub here, the queues are moto's.
 */
class SweepThrottlingTest {
  private static final String FOREIGN = "arn:aws:lambda:us-east-1:210987654321:function:elsewhere";
  private static WireMockServer lambdaStub;
  private static MotoServer moto;
  private static Emulator aws;

  @BeforeAll
  static void start() {
    lambdaStub = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    lambdaStub.start();
    moto = MotoServer.start();
    aws = new Emulator(moto);
  }

  @AfterAll
  static void stop() {
    lambdaStub.stop();
    moto.close();
  }

  @BeforeEach
  void reset() {
    lambdaStub.resetAll();
    moto.reset();
  }

  /** A container of the encryption function whose AWS calls go to the stub. */
  private static EncryptionHandler container() {
    Map<String, String> env =
        new HashMap<>(
            Container.env(
                java.net.URI.create("http://127.0.0.1:" + lambdaStub.port()), AwsStubs.KEY_ARN));
    return new EncryptionHandler(
        DaggerEncryptionComponent.factory()
            .create(Config.from(env), Emulator.functionCredentials(env))
            .runner());
  }

  /**
   * Every Lambda call but GetFunction answered as for a compliant function; GetFunction stubbed by
   * the test.
   */
  private static void stubCompliantWorld() {
    for (Api api : List.of(Api.DESCRIBE_KEY, Api.DESCRIBE_LOG_GROUPS)) {
      lambdaStub.stubFor(
          api.request()
              .willReturn(
                  api == Api.DESCRIBE_KEY
                      ? AwsStubs.describeKey()
                      : AwsStubs.describeLogGroups(true, AwsStubs.KEY_ARN)));
    }
    // A sweep also checks published versions: the function has none besides $LATEST.
    lambdaStub.stubFor(
        get(urlPathMatching("/2015-03-31/functions/[^/]+/versions"))
            .willReturn(
                okJson(
                    "{\"Versions\":[{\"FunctionName\":\""
                        + AwsStubs.FUNCTION
                        + "\",\"Version\":\"$LATEST\"}]}")));
  }

  private static String body(String functionArn) {
    return new SweepMessage("sweep-throttled", functionArn, Instant.parse("2026-12-01T09:00:00Z"))
        .toJson();
  }

  private static byte[] batch(Map<String, String> bodiesById) {
    JsonWriter json = JsonWriter.create();
    json.writeStartObject().writeFieldName("Records").writeStartArray();
    bodiesById.forEach(
        (id, body) ->
            json.writeStartObject()
                .writeFieldName("messageId")
                .writeValue(id)
                .writeFieldName("body")
                .writeValue(body)
                .writeFieldName("eventSource")
                .writeValue("aws:sqs")
                .writeFieldName("eventSourceARN")
                .writeValue("arn:aws:sqs:us-east-1:123456789012:EncryptionSweepQueue")
                .writeEndObject());
    json.writeEndArray().writeEndObject();
    return json.getBytes();
  }

  private static List<String> failures(EncryptionHandler handler, byte[] event) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      handler.handleRequest(
          new ByteArrayInputStream(event),
          out,
          new TestContext("lambdaguard-encryption").remainingTime(Duration.ofSeconds(60)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return JsonNode.parser()
        .parse(out.toString(StandardCharsets.UTF_8))
        .field("batchItemFailures")
        .orElseThrow()
        .asArray()
        .stream()
        .map(item -> item.field("itemIdentifier").orElseThrow().asString())
        .toList();
  }

  /** The SDK's attempt header ({@code attempt=N; max=M}) of each GetFunction served, in order. */
  private static List<String> getFunctionAttempts() {
    return lambdaStub.getAllServeEvents().stream()
        .map(ServeEvent::getRequest)
        .filter(request -> Api.of(request).filter(Api.GET_FUNCTION::equals).isPresent())
        .sorted(Comparator.comparing(request -> request.getLoggedDate()))
        .map(request -> request.getHeader("amz-sdk-request"))
        .toList();
  }

  @Test
  void throttledOnce_shouldBeRetriedByTheSdk_andTheMessageDecided() {
    stubCompliantWorld();
    lambdaStub.stubFor(
        Api.GET_FUNCTION
            .request()
            .inScenario("throttle")
            .whenScenarioStateIs(STARTED)
            .willReturn(FaultKind.THROTTLING.response(Api.GET_FUNCTION, null, 0))
            .willSetStateTo("calm"));
    lambdaStub.stubFor(
        Api.GET_FUNCTION
            .request()
            .inScenario("throttle")
            .whenScenarioStateIs("calm")
            .willReturn(AwsStubs.getFunction(AwsStubs.KEY_ARN)));

    List<String> failed = failures(container(), batch(Map.of("m-1", body(AwsStubs.FUNCTION_ARN))));

    assertEquals(List.of(), failed);
    assertEquals(List.of("attempt=1; max=3", "attempt=2; max=3"), getFunctionAttempts());
  }

  @Test
  void throttledOnEveryAttempt_shouldMakeTheMessageABatchItemFailure_andLeaveTheOthersDecided() {
    stubCompliantWorld();
    lambdaStub.stubFor(
        Api.GET_FUNCTION
            .request()
            .willReturn(FaultKind.THROTTLING.response(Api.GET_FUNCTION, null, 0)));

    List<String> failed;
    try (LogCapture logs = new LogCapture()) {
      failed =
          failures(
              container(),
              batch(
                  Map.of("m-throttled", body(AwsStubs.FUNCTION_ARN), "m-foreign", body(FOREIGN))));
      assertTrue(logs.text().contains("left for SQS to deliver again"), logs.text());
    }

    assertEquals(
        List.of("m-throttled"),
        failed,
        "the throttled message goes back to the queue; the other one is decided");
    assertEquals(
        List.of("attempt=1; max=3", "attempt=2; max=3", "attempt=3; max=3"),
        getFunctionAttempts(),
        "the SDK's standard retries, with backoff, before giving up");
  }

  @Test
  void throttledAtEveryDelivery_shouldEndInTheDeadLetterQueue_afterMaxReceiveCount() {
    stubCompliantWorld();
    lambdaStub.stubFor(
        Api.GET_FUNCTION
            .request()
            .willReturn(FaultKind.THROTTLING.response(Api.GET_FUNCTION, null, 0)));
    String deadLetters =
        aws.sqs.createQueue(create -> create.queueName("DeadLetterQueue")).queueUrl();
    String deadLettersArn =
        aws.sqs
            .getQueueAttributes(
                get -> get.queueUrl(deadLetters).attributeNames(QueueAttributeName.QUEUE_ARN))
            .attributes()
            .get(QueueAttributeName.QUEUE_ARN);
    // As the template's sweep queue: maxReceiveCount 5 (a lower count keeps the test short; the
    // path is the same).
    String sweepQueue =
        aws.sqs
            .createQueue(
                create ->
                    create
                        .queueName("EncryptionSweepQueue")
                        .attributes(
                            Map.of(
                                QueueAttributeName.REDRIVE_POLICY,
                                "{\"deadLetterTargetArn\":\""
                                    + deadLettersArn
                                    + "\",\"maxReceiveCount\":\"2\"}")))
            .queueUrl();
    aws.sqs.sendMessage(send -> send.queueUrl(sweepQueue).messageBody(body(AwsStubs.FUNCTION_ARN)));

    SqsPollers.Drain drain =
        SqsPollers.of(aws.sqs, sweepQueue)
            .redeliveringFailures()
            .drain(
                SweepThrottlingTest::container,
                () ->
                    new TestContext("lambdaguard-encryption")
                        .remainingTime(Duration.ofSeconds(60)));

    assertEquals(2, drain.failures().size(), "reported as failed at each of its receives");
    assertEquals(0, drain.deleted());
    assertEquals(6, getFunctionAttempts().size(), "three SDK attempts per receive");
    List<String> dead = aws.drain(deadLetters);
    assertEquals(
        List.of(body(AwsStubs.FUNCTION_ARN)),
        dead,
        "the sweep message, as sent, waits in the dead-letter queue");
  }
}
