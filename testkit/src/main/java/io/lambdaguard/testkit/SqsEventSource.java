package io.lambdaguard.testkit;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonWriter;

/**
 * What Lambda's SQS event source mapping does, on the emulator's queue: receives batches of up to
 * ten messages, hands each batch to the function as the SQS event ({@code {"Records":[...]}}),
 * deletes the messages its partial batch response does not name ({@code batchItemFailures}) and
 * leaves those it names for a later delivery. Tests drain a queue (the tickets queue) through the
 * real handler of the function that consumes it, every test the same way.
 */
public final class SqsEventSource {
  private static final int BATCH_SIZE = 10;

  private final MotoServer moto;
  private final String queueUrl;

  /**
   * What one delivery round did.
   *
   * @param bodies the bodies of the messages the function was given, in order
   * @param failed the ids of the messages the function reported failed, left on the queue
   */
  public record Delivery(List<String> bodies, List<String> failed) {}

  public SqsEventSource(MotoServer moto, String queueUrl) {
    this.moto = moto;
    this.queueUrl = queueUrl;
  }

  /**
   * {@code function}, followed by one delivery of this queue to a new container of {@code consumer}
   * (whatever the function did, as Lambda's event source polls on): a rule function with the
   * tickets function behind it.
   */
  public RequestStreamHandler behind(
      RequestStreamHandler function, Supplier<RequestStreamHandler> consumer, String consumerName) {
    return (input, output, context) -> {
      try {
        function.handleRequest(input, output, context);
      } catch (IOException | RuntimeException failed) {
        // What the function threw is what Lambda sees; the delivery is only tried.
        try {
          deliver(consumer.get(), consumerName);
        } catch (RuntimeException alsoFailed) {
          failed.addSuppressed(alsoFailed);
        }
        throw failed;
      }
      deliver(consumer.get(), consumerName);
    };
  }

  /** The queue's ARN, from its URL ({@code .../<account>/<name>}). */
  public static String arnOf(String queueUrl) {
    String[] parts = queueUrl.split("/");
    return "arn:aws:sqs:"
        + MotoServer.REGION
        + ":"
        + parts[parts.length - 2]
        + ":"
        + parts[parts.length - 1];
  }

  /**
   * One round: delivers every visible message, batch by batch, to {@code handler}. A message
   * reported failed stays invisible until the round ends (as for its visibility timeout), then
   * becomes visible again: a later round delivers it again, and after the queue's {@code
   * maxReceiveCount} receives SQS moves it to the dead-letter queue.
   */
  public Delivery deliver(RequestStreamHandler handler, String functionName) {
    return deliver(event -> invoke(handler, functionName, event));
  }

  /**
   * As {@link #deliver(RequestStreamHandler, String)}, to a function that takes the SQS event's
   * bytes and answers with its response's (a function in its own process: the local replay); an
   * answer without {@code batchItemFailures} (an invocation that failed) leaves the whole batch on
   * the queue, as Lambda does.
   */
  public Delivery deliver(UnaryOperator<byte[]> function) {
    List<String> bodies = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    List<String> failedReceipts = new ArrayList<>();
    while (true) {
      List<JsonNode> messages = receive();
      if (messages.isEmpty()) {
        break;
      }
      messages.forEach(m -> bodies.add(text(m, "Body")));
      Set<String> reported = failed(function.apply(event(messages)), messages);
      for (JsonNode message : messages) {
        String id = text(message, "MessageId");
        if (reported.contains(id)) {
          failed.add(id);
          failedReceipts.add(text(message, "ReceiptHandle"));
        } else {
          call(
              "DeleteMessage",
              "{\"QueueUrl\":"
                  + MotoServer.quote(queueUrl)
                  + ",\"ReceiptHandle\":"
                  + MotoServer.quote(text(message, "ReceiptHandle"))
                  + "}");
        }
      }
    }
    for (String receipt : failedReceipts) {
      call(
          "ChangeMessageVisibility",
          "{\"QueueUrl\":"
              + MotoServer.quote(queueUrl)
              + ",\"ReceiptHandle\":"
              + MotoServer.quote(receipt)
              + ",\"VisibilityTimeout\":0}");
    }
    return new Delivery(bodies, failed);
  }

  /** The bodies waiting in a queue (a dead-letter queue), left there. */
  public static List<String> peek(MotoServer moto, String queueUrl) {
    SqsEventSource source = new SqsEventSource(moto, queueUrl);
    List<String> bodies = new ArrayList<>();
    List<String> receipts = new ArrayList<>();
    List<JsonNode> batch;
    while (!(batch = source.receive()).isEmpty()) {
      batch.forEach(m -> bodies.add(text(m, "Body")));
      batch.forEach(m -> receipts.add(text(m, "ReceiptHandle")));
    }
    for (String receipt : receipts) {
      source.call(
          "ChangeMessageVisibility",
          "{\"QueueUrl\":"
              + MotoServer.quote(queueUrl)
              + ",\"ReceiptHandle\":"
              + MotoServer.quote(receipt)
              + ",\"VisibilityTimeout\":0}");
    }
    return bodies;
  }

  private List<JsonNode> receive() {
    String answer =
        call(
            "ReceiveMessage",
            "{\"QueueUrl\":"
                + MotoServer.quote(queueUrl)
                + ",\"MaxNumberOfMessages\":"
                + BATCH_SIZE
                + ",\"VisibilityTimeout\":300,\"WaitTimeSeconds\":0,\"AttributeNames\":[\"All\"],"
                + "\"MessageSystemAttributeNames\":[\"All\"],\"MessageAttributeNames\":[\"All\"]}");
    return JsonNode.parser()
        .parse(answer)
        .field("Messages")
        .filter(JsonNode::isArray)
        .map(JsonNode::asArray)
        .orElse(List.of());
  }

  private static byte[] invoke(RequestStreamHandler handler, String functionName, byte[] event) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      handler.handleRequest(
          new ByteArrayInputStream(event),
          out,
          new TestContext(functionName).remainingTime(Duration.ofSeconds(30)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** The ids the answer reports failed; all of them when it is no partial batch response. */
  private static Set<String> failed(byte[] answer, List<JsonNode> messages) {
    Set<String> failed = new HashSet<>();
    JsonNode response;
    try {
      response =
          JsonNode.parser()
              .parse(new String(answer == null ? new byte[0] : answer, StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      response = null;
    }
    if (response == null
        || !response.isObject()
        || response.field("batchItemFailures").filter(JsonNode::isArray).isEmpty()) {
      messages.forEach(m -> failed.add(text(m, "MessageId")));
      return failed;
    }
    response
        .field("batchItemFailures")
        .orElseThrow()
        .asArray()
        .forEach(item -> failed.add(text(item, "itemIdentifier")));
    return failed;
  }

  /**
   * The SQS event Lambda builds from received messages (AWS Lambda Developer Guide, "Using Lambda
   * with Amazon SQS").
   */
  private byte[] event(List<JsonNode> messages) {
    JsonWriter json = JsonWriter.create();
    json.writeStartObject().writeFieldName("Records").writeStartArray();
    for (JsonNode message : messages) {
      json.writeStartObject();
      json.writeFieldName("messageId").writeValue(text(message, "MessageId"));
      json.writeFieldName("receiptHandle").writeValue(text(message, "ReceiptHandle"));
      json.writeFieldName("body").writeValue(text(message, "Body"));
      json.writeFieldName("attributes").writeStartObject();
      message
          .field("Attributes")
          .filter(JsonNode::isObject)
          .map(JsonNode::asObject)
          .orElse(Map.of())
          .forEach((name, value) -> json.writeFieldName(name).writeValue(value.asString()));
      json.writeEndObject();
      json.writeFieldName("messageAttributes").writeStartObject();
      message
          .field("MessageAttributes")
          .filter(JsonNode::isObject)
          .map(JsonNode::asObject)
          .orElse(Map.of())
          .forEach(
              (name, value) -> {
                json.writeFieldName(name).writeStartObject();
                json.writeFieldName("stringValue").writeValue(text(value, "StringValue"));
                json.writeFieldName("dataType").writeValue(text(value, "DataType"));
                json.writeEndObject();
              });
      json.writeEndObject();
      json.writeFieldName("md5OfBody").writeValue(text(message, "MD5OfBody"));
      json.writeFieldName("eventSource").writeValue("aws:sqs");
      json.writeFieldName("eventSourceARN").writeValue(arnOf(queueUrl));
      json.writeFieldName("awsRegion").writeValue(MotoServer.REGION);
      json.writeEndObject();
    }
    json.writeEndArray().writeEndObject();
    return json.getBytes();
  }

  private String call(String action, String body) {
    return moto.awsJson("sqs", "1.0", "AmazonSQS." + action, body);
  }

  private static String text(JsonNode node, String field) {
    return node.field(field).filter(value -> !value.isNull()).map(JsonNode::asString).orElse("");
  }
}
