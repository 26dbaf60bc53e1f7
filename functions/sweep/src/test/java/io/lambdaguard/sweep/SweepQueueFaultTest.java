package io.lambdaguard.sweep;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.ResponseTransformerV2;
import com.github.tomakehurst.wiremock.http.Response;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.lambdaguard.config.Config;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * SQS refusing single entries of a batch (SendMessageBatch answers 200 with a {@code Failed} list):
 * a fault moto cannot produce, so a stub answers for Lambda and SQS. Refused entries are sent
 * again, a bounded number of times; an entry refused every time fails the sweep.
 */
class SweepQueueFaultTest {
  private static final String QUEUE =
      "https://sqs.us-east-1.amazonaws.com/123456789012/lambdaguard-SweepQueue";
  private static final String SEND_BATCH = "AmazonSQS.SendMessageBatch";
  private WireMockServer stub;

  @BeforeEach
  void start() {
    stub =
        new WireMockServer(
            WireMockConfiguration.options()
                .bindAddress("127.0.0.1")
                .dynamicPort()
                .extensions(new MessageDigests()));
    stub.start();
    // One page of nine functions, one traced: with the run's account-level message, one batch of
    // ten.
    String functions =
        IntStream.range(0, 9)
            .mapToObj(
                i ->
                    "{\"FunctionName\":\"f"
                        + i
                        + "\",\"FunctionArn\":\"arn:aws:lambda:us-east-1:123456789012:function:f"
                        + i
                        + "\",\"Role\":\"arn:aws:iam::123456789012:role/workload\",\"TracingConfig\":{\"Mode\":\""
                        + (i == 0 ? "Active" : "PassThrough")
                        + "\"}}")
            .collect(Collectors.joining(","));
    stub.stubFor(
        get(urlPathMatching("/2015-03-31/functions/?"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"Functions\":[" + functions + "]}")));
  }

  @AfterEach
  void stop() {
    stub.stop();
  }

  /**
   * Adds to each accepted entry of a stubbed SendMessageBatch answer the MD5 of the body that was
   * sent, as SQS does (the SDK checks it).
   */
  private static final class MessageDigests implements ResponseTransformerV2 {
    @Override
    public String getName() {
      return "sqs-message-digests";
    }

    @Override
    public Response transform(Response response, ServeEvent event) {
      if (!SEND_BATCH.equals(event.getRequest().getHeader("X-Amz-Target"))) {
        return response;
      }
      Map<String, String> bodies = new HashMap<>();
      JsonNode.parser()
          .parse(event.getRequest().getBodyAsString())
          .field("Entries")
          .orElseThrow()
          .asArray()
          .forEach(
              e ->
                  bodies.put(
                      e.field("Id").orElseThrow().asString(),
                      e.field("MessageBody").orElseThrow().asString()));
      String answer = response.getBodyAsString();
      for (Map.Entry<String, String> entry : bodies.entrySet()) {
        answer =
            answer.replace(
                "\"MessageId\":\"m" + entry.getKey() + "\"",
                "\"MessageId\":\"m"
                    + entry.getKey()
                    + "\",\"MD5OfMessageBody\":\""
                    + md5(entry.getValue())
                    + "\"");
      }
      return Response.Builder.like(response).but().body(answer).build();
    }

    private static String md5(String text) {
      try {
        return HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private static String batchAnswer(List<Integer> successful, List<Integer> failed) {
    return "{\"Successful\":["
        + successful.stream()
            .map(i -> "{\"Id\":\"" + i + "\",\"MessageId\":\"m" + i + "\"}")
            .collect(Collectors.joining(","))
        + "],\"Failed\":["
        + failed.stream()
            .map(
                i ->
                    "{\"Id\":\""
                        + i
                        + "\",\"SenderFault\":false,\"Code\":\"InternalError\",\"Message\":\"refused\"}")
            .collect(Collectors.joining(","))
        + "]}";
  }

  private void answerBatch(String state, String next, String body) {
    stub.stubFor(
        post(urlPathMatching("/?"))
            .withHeader("X-Amz-Target", equalTo(SEND_BATCH))
            .inScenario("batch")
            .whenScenarioStateIs(state)
            .willSetStateTo(next)
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/x-amz-json-1.0")
                    .withBody(body)));
  }

  private List<JsonNode> batchesSent() {
    return stub
        .findAll(
            postRequestedFor(urlPathMatching("/?")).withHeader("X-Amz-Target", equalTo(SEND_BATCH)))
        .stream()
        .map(LoggedRequest::getBodyAsString)
        .map(JsonNode.parser()::parse)
        .toList();
  }

  private static List<String> ids(JsonNode batch) {
    return batch.field("Entries").orElseThrow().asArray().stream()
        .map(e -> e.field("Id").orElseThrow().asString())
        .toList();
  }

  @Test
  void entryRefusedOnce_shouldBeSentAgainAlone_andTheSweepComplete() {
    answerBatch(
        Scenario.STARTED, "retry", batchAnswer(List.of(0, 1, 2, 4, 5, 6, 7, 8, 9), List.of(3)));
    answerBatch("retry", "done", batchAnswer(List.of(3), List.of()));

    SweepSummary summary = graph().sweep().run(() -> 60_000);

    assertEquals(10, summary.messagesSent());
    assertEquals(1, summary.entriesResent());
    assertEquals(2, summary.sendCalls());
    List<JsonNode> batches = batchesSent();
    assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), ids(batches.get(0)));
    assertEquals(List.of("3"), ids(batches.get(1)), "only the refused entry, under its id");
    assertEquals(
        batches.get(0).field("Entries").orElseThrow().asArray().get(3).field("MessageBody"),
        batches.get(1).field("Entries").orElseThrow().asArray().get(0).field("MessageBody"),
        "the same message");
  }

  @Test
  void entryRefusedEveryTime_shouldFailTheSweepAfterABoundedNumberOfAttempts() {
    answerBatch(
        Scenario.STARTED, "retry", batchAnswer(List.of(0, 1, 2, 4, 5, 6, 7, 8, 9), List.of(3)));
    answerBatch("retry", "retry", batchAnswer(List.of(), List.of(3)));

    SweepFailedException failure =
        assertThrows(SweepFailedException.class, () -> graph().sweep().run(() -> 60_000));

    assertEquals(SweepFailedException.Reason.QUEUE_REFUSED, failure.reason());
    assertTrue(
        failure.getMessage().contains("1 of a batch of 10")
            && failure.getMessage().contains("InternalError"),
        failure.getMessage());
    assertEquals(SweepQueue.ATTEMPTS, batchesSent().size(), "attempts");
  }

  @Test
  void outOfTime_shouldFailTheSweepBeforeTheFunctionTimesOut() {
    answerBatch(
        Scenario.STARTED,
        Scenario.STARTED,
        batchAnswer(IntStream.range(0, 10).boxed().toList(), List.of()));

    SweepFailedException failure =
        assertThrows(
            SweepFailedException.class,
            () -> graph().sweep().run(() -> Sweep.RESERVE.toMillis() - 1));

    assertEquals(SweepFailedException.Reason.OUT_OF_TIME, failure.reason());
  }

  private SweepComponent graph() {
    Config config =
        Config.from(
            Map.of(
                "AWS_REGION", "us-east-1", "MODE", "report", "AWS_ENDPOINT_URL", stub.baseUrl()));
    return DaggerSweepComponent.factory()
        .create(config, new SweepSettings(QUEUE), SweepEmulator.CREDENTIALS);
  }
}
