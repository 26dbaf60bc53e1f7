package io.lambdaguard.testkit;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonWriter;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Lambda's SQS event source mapping with {@code ReportBatchItemFailures}, for any {@link
 * RequestStreamHandler}: receives batches from a queue, invokes the handler with the SQS event
 * Lambda builds ({@code {"Records":[...]}}), deletes the messages the answer does not name in
 * {@code batchItemFailures}, and leaves those it names on the queue. As Lambda does, an invocation
 * that throws, or whose answer is not a valid partial batch response, fails its whole batch.
 *
 * <p>{@code concurrency} pollers run at once (the mapping's {@code
 * ScalingConfig.MaximumConcurrency}), each with its own handler instance from the supplier, as each
 * concurrent Lambda instance has its own container. Delivery is at least once, as with SQS: two
 * pollers can receive the same message.
 *
 * @param sqs a client of the emulator holding the queue
 * @param queueUrl the queue
 * @param batchSize the mapping's {@code BatchSize} (1-10)
 * @param concurrency pollers at once
 * @param failedVisibility how long a failed message stays hidden: {@link Duration#ZERO} redelivers
 *     it at once (so a message that keeps failing reaches the queue's dead-letter queue after
 *     {@code maxReceiveCount} receives); longer than the drain leaves it on the queue, in flight
 */
public record SqsPollers(
    SqsClient sqs, String queueUrl, int batchSize, int concurrency, Duration failedVisibility) {
  /** What a received message stays hidden for while its batch is handled. */
  private static final int IN_FLIGHT_SECONDS = 600;

  /**
   * Receives of one drain at most, so a handler that fails every message forever cannot hang a
   * test.
   */
  private static final int MAX_RECEIVES = 100_000;

  public SqsPollers {
    if (batchSize < 1 || batchSize > 10 || concurrency < 1) {
      throw new IllegalArgumentException("batchSize 1-10, concurrency at least 1");
    }
  }

  /**
   * One poller, batches of ten, failed messages left in flight (not redelivered during the drain).
   */
  public static SqsPollers of(SqsClient sqs, String queueUrl) {
    return new SqsPollers(sqs, queueUrl, 10, 1, Duration.ofSeconds(IN_FLIGHT_SECONDS));
  }

  public SqsPollers withConcurrency(int pollers) {
    return new SqsPollers(sqs, queueUrl, batchSize, pollers, failedVisibility);
  }

  /**
   * Failed messages become visible again at once: they are received again until the queue's redrive
   * policy moves them.
   */
  public SqsPollers redeliveringFailures() {
    return new SqsPollers(sqs, queueUrl, batchSize, concurrency, Duration.ZERO);
  }

  /**
   * What one drain did.
   *
   * @param invocations handler invocations
   * @param received messages received (a redelivered message counts at each receive)
   * @param deleted messages deleted after their batch succeeded
   * @param failures the message ids reported in {@code batchItemFailures} or failed with their
   *     batch, at each receive
   * @param invocationErrors invocations that threw or answered no valid partial batch response
   * @param elapsed from the first receive to the last answer
   */
  public record Drain(
      int invocations,
      int received,
      int deleted,
      List<String> failures,
      int invocationErrors,
      Duration elapsed) {
    public Drain {
      failures = List.copyOf(failures);
    }

    /** Messages per second, deleted ones. */
    public double messagesPerSecond() {
      return elapsed.isZero() ? 0 : deleted * 1000.0 / elapsed.toMillis();
    }
  }

  /**
   * Invokes {@code containers}' handlers until a receive finds the queue empty (failed messages
   * left in flight, or moved by the redrive policy). Each poller gets one handler from {@code
   * containers} and keeps it.
   */
  public Drain drain(
      Supplier<? extends RequestStreamHandler> containers, Supplier<? extends Context> contexts) {
    String queueArn =
        sqs.getQueueAttributes(
                get -> get.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
            .attributes()
            .get(QueueAttributeName.QUEUE_ARN);
    AtomicInteger invocations = new AtomicInteger();
    AtomicInteger received = new AtomicInteger();
    AtomicInteger deleted = new AtomicInteger();
    AtomicInteger errors = new AtomicInteger();
    AtomicInteger receives = new AtomicInteger();
    List<String> failures = Collections.synchronizedList(new ArrayList<>());
    long started = System.nanoTime();
    ExecutorService pollers = Executors.newFixedThreadPool(concurrency);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int i = 0; i < concurrency; i++) {
        running.add(
            pollers.submit(
                () -> {
                  RequestStreamHandler handler = containers.get();
                  while (receives.incrementAndGet() <= MAX_RECEIVES) {
                    List<Message> batch =
                        sqs.receiveMessage(
                                receive ->
                                    receive
                                        .queueUrl(queueUrl)
                                        .maxNumberOfMessages(batchSize)
                                        .waitTimeSeconds(0)
                                        .visibilityTimeout(IN_FLIGHT_SECONDS)
                                        .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                                        .messageAttributeNames("All"))
                            .messages();
                    if (batch.isEmpty()) {
                      return null;
                    }
                    received.addAndGet(batch.size());
                    invocations.incrementAndGet();
                    Set<String> failed =
                        failedIds(handler, event(batch, queueArn), contexts.get(), batch);
                    if (failed == null) {
                      errors.incrementAndGet();
                      failed = new HashSet<>(batch.stream().map(Message::messageId).toList());
                    }
                    for (Message message : batch) {
                      if (failed.contains(message.messageId())) {
                        failures.add(message.messageId());
                        sqs.changeMessageVisibility(
                            change ->
                                change
                                    .queueUrl(queueUrl)
                                    .receiptHandle(message.receiptHandle())
                                    .visibilityTimeout((int) failedVisibility.toSeconds()));
                      } else {
                        sqs.deleteMessage(
                            delete ->
                                delete.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
                        deleted.incrementAndGet();
                      }
                    }
                  }
                  throw new IllegalStateException(
                      "the queue was not empty after " + MAX_RECEIVES + " receives");
                }));
      }
      for (Future<?> poller : running) {
        poller.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while draining " + queueUrl, e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException runtime
          ? runtime
          : new IllegalStateException(e.getCause());
    } finally {
      pollers.shutdownNow();
    }
    return new Drain(
        invocations.get(),
        received.get(),
        deleted.get(),
        failures,
        errors.get(),
        Duration.ofNanos(System.nanoTime() - started));
  }

  /**
   * The ids the answer names; {@code null} when the invocation failed as a whole: it threw, or its
   * answer is no partial batch response, or names a message not in the batch (Lambda then retries
   * the whole batch).
   */
  private static Set<String> failedIds(
      RequestStreamHandler handler, byte[] event, Context context, List<Message> batch) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      handler.handleRequest(new ByteArrayInputStream(event), out, context);
    } catch (IOException | RuntimeException e) {
      return null;
    }
    Set<String> inBatch = new HashSet<>(batch.stream().map(Message::messageId).toList());
    try {
      JsonNode answer = JsonNode.parser().parse(out.toString(StandardCharsets.UTF_8));
      Optional<JsonNode> items =
          answer.isObject() ? answer.field("batchItemFailures") : Optional.empty();
      if (items.isEmpty() || items.get().isNull()) {
        return Set.of();
      }
      Set<String> failed = new HashSet<>();
      for (JsonNode item : items.get().asArray()) {
        String id =
            item.field("itemIdentifier")
                .filter(JsonNode::isString)
                .map(JsonNode::asString)
                .orElse(null);
        if (id == null || !inBatch.contains(id)) {
          return null;
        }
        failed.add(id);
      }
      return failed;
    } catch (RuntimeException e) {
      return null;
    }
  }

  /**
   * The SQS event Lambda passes: one record per message, with its system attributes (receive count
   * included).
   */
  static byte[] event(List<Message> batch, String queueArn) {
    String region = queueArn.split(":")[3];
    JsonWriter json = JsonWriter.create();
    json.writeStartObject().writeFieldName("Records").writeStartArray();
    for (Message message : batch) {
      json.writeStartObject()
          .writeFieldName("messageId")
          .writeValue(message.messageId())
          .writeFieldName("receiptHandle")
          .writeValue(message.receiptHandle())
          .writeFieldName("body")
          .writeValue(message.body());
      json.writeFieldName("attributes").writeStartObject();
      for (Map.Entry<String, String> attribute : message.attributesAsStrings().entrySet()) {
        json.writeFieldName(attribute.getKey()).writeValue(attribute.getValue());
      }
      json.writeEndObject();
      json.writeFieldName("messageAttributes").writeStartObject();
      message
          .messageAttributes()
          .forEach(
              (name, value) -> {
                json.writeFieldName(name).writeStartObject();
                if (value.stringValue() != null) {
                  json.writeFieldName("stringValue").writeValue(value.stringValue());
                }
                json.writeFieldName("dataType").writeValue(value.dataType());
                json.writeEndObject();
              });
      json.writeEndObject()
          .writeFieldName("md5OfBody")
          .writeValue(message.md5OfBody())
          .writeFieldName("eventSource")
          .writeValue("aws:sqs")
          .writeFieldName("eventSourceARN")
          .writeValue(queueArn)
          .writeFieldName("awsRegion")
          .writeValue(region)
          .writeEndObject();
    }
    json.writeEndArray().writeEndObject();
    return json.getBytes();
  }
}
