package io.lambdaguard.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.nio.file.Path;

/** The one JSON mapper of the tool, and null-safe readers for events whose shape is only partly known. */
final class Json {

    /** Writes paths as plain file names rather than Jackson's default {@code file://} URIs. */
    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .registerModule(new SimpleModule().addSerializer(Path.class, ToStringSerializer.instance));

    private Json() {
    }

    /** The text at {@code path} (field names), or null when any step is missing, null or not text. */
    static String text(JsonNode node, String... path) {
        JsonNode current = node;
        for (String field : path) {
            if (current == null || !current.isObject()) {
                return null;
            }
            current = current.get(field);
        }
        return current != null && current.isTextual() && !current.asText().isEmpty() ? current.asText() : null;
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
