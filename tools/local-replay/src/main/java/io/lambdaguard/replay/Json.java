package io.lambdaguard.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.nio.file.Path;

/**
 * The one JSON mapper of the tool, and null-safe readers for events whose shape is only partly
 * known.
 */
final class Json {

  /** Writes paths as plain file names rather than Jackson's default {@code file://} URIs. */
  static final ObjectMapper MAPPER =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .registerModule(
              new SimpleModule().addSerializer(Path.class, ToStringSerializer.instance));

  private Json() {}

  /** {@code value} as JSON on one line, the way CloudFormation writes JSON into a template. */
  static String compact(Object value) throws JsonProcessingException {
    return MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value);
  }

  /**
   * The text at {@code path} (field names), or null when any step is missing, null, not text or
   * empty.
   */
  static String text(JsonNode node, String... path) {
    JsonNode current = node;
    for (String field : path) {
      if (current == null || !current.isObject()) {
        return null;
      }
      current = current.get(field);
    }
    return current != null && current.isTextual() && !current.asText().isEmpty()
        ? current.asText()
        : null;
  }

  /** The object at {@code path}, or null. */
  static JsonNode object(JsonNode node, String... path) {
    JsonNode current = node;
    for (String field : path) {
      if (current == null || !current.isObject()) {
        return null;
      }
      current = current.get(field);
    }
    return current != null && current.isObject() ? current : null;
  }
}
