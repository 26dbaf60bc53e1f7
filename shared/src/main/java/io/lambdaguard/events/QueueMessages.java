package io.lambdaguard.events;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonWriter;

/** Parses the SQS event Lambda's event source mapping delivers: {@code {"Records": [...]}}. */
public final class QueueMessages {
  private QueueMessages() {}

  /**
   * The messages; throws {@link IllegalArgumentException} for input that is no SQS event (a wiring
   * error).
   */
  public static List<QueueMessage> parse(InputStream in) throws IOException {
    JsonNode root;
    try {
      root = JsonNode.parser().parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("input is not JSON: expected an SQS event");
    }
    return parse(root);
  }

  /**
   * Whether the parsed input has the SQS event's shape (a {@code Records} array), not an
   * EventBridge event's.
   */
  public static boolean isBatch(JsonNode root) {
    return root != null
        && root.isObject()
        && root.field("Records").filter(JsonNode::isArray).isPresent();
  }

  /**
   * The messages of a parsed SQS event; throws {@link IllegalArgumentException} when it is none.
   */
  public static List<QueueMessage> parse(JsonNode root) {
    List<JsonNode> records =
        root == null || !root.isObject()
            ? null
            : root.field("Records").filter(JsonNode::isArray).map(JsonNode::asArray).orElse(null);
    if (records == null) {
      throw new IllegalArgumentException("input has no Records array: expected an SQS event");
    }
    return records.stream().map(QueueMessages::message).toList();
  }

  /**
   * The partial batch response: {@code {"batchItemFailures":[{"itemIdentifier":"<messageId>"}]}}.
   */
  public static byte[] batchResponse(List<String> failedMessageIds) {
    JsonWriter json = JsonWriter.create();
    json.writeStartObject();
    json.writeFieldName("batchItemFailures").writeStartArray();
    for (String id : failedMessageIds) {
      json.writeStartObject().writeFieldName("itemIdentifier").writeValue(id).writeEndObject();
    }
    json.writeEndArray();
    json.writeEndObject();
    return json.getBytes();
  }

  private static QueueMessage message(JsonNode record) {
    String id =
        text(record, "messageId")
            .orElseThrow(() -> new IllegalArgumentException("SQS record without messageId"));
    Map<String, String> attributes = new HashMap<>();
    record
        .field("messageAttributes")
        .filter(JsonNode::isObject)
        .map(JsonNode::asObject)
        .ifPresent(
            all ->
                all.forEach(
                    (name, attribute) ->
                        text(attribute, "stringValue")
                            .ifPresent(value -> attributes.put(name, value))));
    Optional<Instant> sentAt =
        record
            .field("attributes")
            .flatMap(a -> text(a, "SentTimestamp"))
            .flatMap(
                millis -> {
                  try {
                    return Optional.of(Instant.ofEpochMilli(Long.parseLong(millis)));
                  } catch (NumberFormatException e) {
                    return Optional.empty();
                  }
                });
    return new QueueMessage(
        id,
        text(record, "body").orElse(""),
        attributes,
        sentAt,
        text(record, "eventSourceARN").orElse(""));
  }

  private static Optional<String> text(JsonNode node, String field) {
    if (node == null || !node.isObject()) {
      return Optional.empty();
    }
    return node.field(field).filter(JsonNode::isString).map(JsonNode::asString);
  }
}
