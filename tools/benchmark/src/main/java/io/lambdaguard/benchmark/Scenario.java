package io.lambdaguard.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * A recorded event the benchmark replays many times, each time under new ids: functions remember
 * the events they handled and answer a repeat without a single AWS call, which would measure
 * nothing.
 *
 * @param name {@code compliant}, {@code non-compliant} or {@code dead letter}
 * @param file the recorded event, relative to the repository root
 * @param functionName the function a CloudTrail event is about; null for an SQS event
 */
record Scenario(String name, Path file, ObjectNode event, String functionName) {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Reads a recorded EventBridge event about one Lambda function. */
  static Scenario load(String name, Path root, Path file) {
    ObjectNode object = read(name, root, file);
    if (!(object.get("detail") instanceof ObjectNode detail)) {
      throw new BenchmarkException(
          "the " + name + " event " + file + " is not an EventBridge event with a detail");
    }
    String function =
        detail
            .path("responseElements")
            .path("functionName")
            .asText(detail.path("requestParameters").path("functionName").asText(""));
    if (function.isEmpty()) {
      throw new BenchmarkException("the " + name + " event " + file + " names no function");
    }
    return new Scenario(name, file, object, function);
  }

  /** Reads a recorded SQS event: a batch of messages. */
  static Scenario loadQueueEvent(String name, Path root, Path file) {
    ObjectNode object = read(name, root, file);
    if (!(object.get("Records") instanceof ArrayNode records) || records.isEmpty()) {
      throw new BenchmarkException(
          "the " + name + " event " + file + " is not an SQS event with records");
    }
    return new Scenario(name, file, object, null);
  }

  private static ObjectNode read(String name, Path root, Path file) {
    JsonNode event;
    try {
      event = MAPPER.readTree(Files.readString(root.resolve(file)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the " + name + " event " + file, e);
    }
    if (!(event instanceof ObjectNode object)) {
      throw new BenchmarkException("the " + name + " event " + file + " is not a JSON object");
    }
    return object;
  }

  /** The event as JSON with new ids: EventBridge and CloudTrail ids, or each SQS message's id. */
  String freshEvent() {
    ObjectNode copy = event.deepCopy();
    if (copy.get("Records") instanceof ArrayNode records) {
      records.forEach(
          record -> ((ObjectNode) record).put("messageId", UUID.randomUUID().toString()));
    } else {
      copy.put("id", UUID.randomUUID().toString());
      ((ObjectNode) copy.get("detail")).put("eventID", UUID.randomUUID().toString());
    }
    return copy.toString();
  }

  /** The row label: the file and the scenario. */
  String label() {
    return file + " (" + name + ")";
  }
}
