package io.lambdaguard.ticketing;

import io.lambdaguard.events.QueueMessage;
import io.lambdaguard.events.QueueMessages;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonWriter;

/** The recorded SQS events of {@code events/sqs/}, and batches built from them. */
final class SqsEvents {
  static final String FROM_LAMBDA = "dead_letter_from_lambda_destination.json";
  static final String FROM_EVENTBRIDGE = "dead_letter_from_eventbridge_rule.json";
  static final String TICKET_REPORT = "ticket_report_from_encryption.json";

  private SqsEvents() {}

  static String read(String file) {
    try {
      return Files.readString(
          Path.of(SqsEvents.class.getResource("/events/sqs/" + file).toURI()),
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (Exception e) {
      throw new IllegalStateException("recorded event missing: " + file, e);
    }
  }

  static List<QueueMessage> messages(String file) {
    try {
      return QueueMessages.parse(
          new ByteArrayInputStream(read(file).getBytes(StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One SQS event holding the records of the given files, in order. */
  static byte[] batch(String... files) {
    List<String> records = new ArrayList<>();
    for (String file : files) {
      JsonNode event = JsonNode.parser().parse(read(file));
      for (JsonNode record : event.field("Records").orElseThrow().asArray()) {
        records.add(record.toString());
      }
    }
    return ("{\"Records\":[" + String.join(",", records) + "]}").getBytes(StandardCharsets.UTF_8);
  }

  /** An SQS event with one message per body, ids {@code m1}, {@code m2}, ... */
  static byte[] withBodies(String... bodies) {
    JsonWriter json = JsonWriter.create();
    json.writeStartObject().writeFieldName("Records").writeStartArray();
    for (int i = 0; i < bodies.length; i++) {
      json.writeStartObject()
          .writeFieldName("messageId")
          .writeValue("m" + (i + 1))
          .writeFieldName("body")
          .writeValue(bodies[i])
          .writeFieldName("eventSource")
          .writeValue("aws:sqs")
          .writeFieldName("eventSourceARN")
          .writeValue("arn:aws:sqs:us-east-1:123456789012:lambdaguard-DeadLetterQueue-X")
          .writeEndObject();
    }
    json.writeEndArray().writeEndObject();
    return json.getBytes();
  }
}
