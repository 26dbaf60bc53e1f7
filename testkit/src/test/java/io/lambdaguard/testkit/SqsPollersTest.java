package io.lambdaguard.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The event source drives a queue as Lambda does: deletes what succeeded, keeps batch item
 * failures, redrives.
 */
class SqsPollersTest extends MotoTest {
  private static SqsClient sqs;

  @BeforeAll
  static void client() {
    sqs =
        SqsClient.builder()
            .endpointOverride(moto.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .build();
  }

  @AfterAll
  static void closeClient() {
    sqs.close();
  }

  /** Fails the records whose body starts with "bad"; answers the partial batch response. */
  private static RequestStreamHandler failingBad(List<String> seenBodies) {
    return (in, out, context) -> {
      JsonNode event =
          JsonNode.parser().parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      String failures =
          event.field("Records").orElseThrow().asArray().stream()
              .peek(r -> seenBodies.add(r.field("body").orElseThrow().asString()))
              .filter(r -> r.field("body").orElseThrow().asString().startsWith("bad"))
              .map(
                  r ->
                      "{\"itemIdentifier\":\""
                          + r.field("messageId").orElseThrow().asString()
                          + "\"}")
              .collect(Collectors.joining(",", "{\"batchItemFailures\":[", "]}"));
      out.write(failures.getBytes(StandardCharsets.UTF_8));
    };
  }

  private static int count(String queueUrl, QueueAttributeName attribute) {
    return Integer.parseInt(
        sqs.getQueueAttributes(get -> get.queueUrl(queueUrl).attributeNames(attribute))
            .attributes()
            .get(attribute));
  }

  @Test
  void drain_shouldDeleteWhatSucceeded_andLeaveBatchItemFailuresOnTheQueue() {
    String queue = sqs.createQueue(create -> create.queueName("source-partial")).queueUrl();
    for (int i = 0; i < 23; i++) {
      String body = (i % 10 == 3 ? "bad-" : "good-") + i;
      sqs.sendMessage(send -> send.queueUrl(queue).messageBody(body));
    }
    List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();

    SqsPollers.Drain drain =
        SqsPollers.of(sqs, queue).drain(() -> failingBad(seen), () -> new TestContext("fn"));

    assertEquals(23, seen.size());
    assertEquals(2, drain.failures().size(), "bad-3 and bad-13");
    assertEquals(21, drain.deleted());
    assertEquals(3, drain.invocations());
    assertEquals(0, count(queue, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    assertEquals(
        2,
        count(queue, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE),
        "failures stay in flight");
  }

  @Test
  void invocationThatThrowsOrAnswersNoBatchResponse_shouldFailItsWholeBatch() {
    String queue = sqs.createQueue(create -> create.queueName("source-throws")).queueUrl();
    for (int i = 0; i < 4; i++) {
      sqs.sendMessage(send -> send.queueUrl(queue).messageBody("m"));
    }
    AtomicInteger calls = new AtomicInteger();
    RequestStreamHandler handler =
        (in, out, context) -> {
          if (calls.incrementAndGet() == 1) {
            throw new IllegalStateException("boom");
          }
          out.write(
              "{\"batchItemFailures\":[{\"itemIdentifier\":\"not-in-the-batch\"}]}"
                  .getBytes(StandardCharsets.UTF_8));
        };

    SqsPollers.Drain drain =
        new SqsPollers(sqs, queue, 2, 1, java.time.Duration.ofSeconds(600))
            .drain(() -> handler, () -> new TestContext("fn"));

    assertEquals(2, drain.invocationErrors());
    assertEquals(0, drain.deleted());
    assertEquals(4, drain.failures().size());
  }

  @Test
  void
      redeliveredFailures_shouldReachTheDeadLetterQueueAfterMaxReceiveCount_withTheirReceiveCount() {
    String deadLetters = sqs.createQueue(create -> create.queueName("source-dlq")).queueUrl();
    String dlqArn =
        sqs.getQueueAttributes(
                get -> get.queueUrl(deadLetters).attributeNames(QueueAttributeName.QUEUE_ARN))
            .attributes()
            .get(QueueAttributeName.QUEUE_ARN);
    String queue =
        sqs.createQueue(
                create ->
                    create
                        .queueName("source-redrive")
                        .attributes(
                            Map.of(
                                QueueAttributeName.REDRIVE_POLICY,
                                "{\"deadLetterTargetArn\":\""
                                    + dlqArn
                                    + "\",\"maxReceiveCount\":\"3\"}")))
            .queueUrl();
    sqs.sendMessage(send -> send.queueUrl(queue).messageBody("bad-forever"));
    sqs.sendMessage(send -> send.queueUrl(queue).messageBody("good"));
    Set<String> receiveCounts = ConcurrentHashMap.newKeySet();
    RequestStreamHandler counting =
        (in, out, context) -> {
          JsonNode event =
              JsonNode.parser().parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
          event
              .field("Records")
              .orElseThrow()
              .asArray()
              .forEach(
                  r ->
                      receiveCounts.add(
                          r.field("attributes")
                              .orElseThrow()
                              .field("ApproximateReceiveCount")
                              .orElseThrow()
                              .asString()));
          failingBad(new java.util.ArrayList<>())
              .handleRequest(
                  new java.io.ByteArrayInputStream(
                      event.toString().getBytes(StandardCharsets.UTF_8)),
                  out,
                  context);
        };

    SqsPollers.Drain drain =
        SqsPollers.of(sqs, queue)
            .redeliveringFailures()
            .drain(() -> counting, () -> new TestContext("fn"));

    assertEquals(3, drain.failures().size(), "received and failed maxReceiveCount times");
    assertEquals(Set.of("1", "2", "3"), receiveCounts);
    assertEquals(1, count(deadLetters, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    assertEquals(
        "bad-forever", sqs.receiveMessage(r -> r.queueUrl(deadLetters)).messages().get(0).body());
  }

  @Test
  void concurrentPollers_shouldEachHaveTheirOwnHandler_andShareTheQueue() {
    String queue = sqs.createQueue(create -> create.queueName("source-concurrent")).queueUrl();
    for (int i = 0; i < 60; i++) {
      int n = i;
      sqs.sendMessage(send -> send.queueUrl(queue).messageBody("good-" + n));
    }
    List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    AtomicInteger containers = new AtomicInteger();

    SqsPollers.Drain drain =
        SqsPollers.of(sqs, queue)
            .withConcurrency(3)
            .drain(
                () -> {
                  containers.incrementAndGet();
                  return failingBad(seen);
                },
                () -> new TestContext("fn"));

    assertEquals(3, containers.get());
    // At least once, as SQS: concurrent receives may both get a message (moto does, rarely; so does
    // SQS).
    assertEquals(60, Set.copyOf(seen).size(), "every message handled");
    assertTrue(drain.deleted() >= 60, "every message deleted");
    assertEquals(
        0,
        count(queue, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)
            + count(queue, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
  }
}
