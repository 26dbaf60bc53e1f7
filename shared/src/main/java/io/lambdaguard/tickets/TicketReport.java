package io.lambdaguard.tickets;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonWriter;

/**
 * What one check of one function tells the tickets function: the findings to raise and, per rule
 * that checked, the subjects it still found (the ledger forgets the tickets of the others). One
 * message on the tickets queue per checked event or sweep message. Holds what tickets hold (kinds,
 * keys, labels), never a value: a finding may leave the account.
 *
 * <pre>
 * {"version":"1","kind":"ticket-report","function":"&lt;label&gt;","eventId":"..","checkedAt":"2026-..Z",
 *  "findings":[{"ruleId":..,"functionArn":..,"account":..,"region":..,"actorArn":..,"eventTime":..,"eventId":..,
 *  "severity":"HIGH","category":"CREDENTIALS","subject":..,"found":..,"notFixedBecause":..,"outcome":..,
 *  "fixSteps":[{"text":..,"command":..}]}],"stillFound":{"&lt;rule&gt;":["&lt;subject&gt;"]}}</pre>
 *
 * @param function the checked function's label (as findings name it)
 * @param eventId the event (or sweep message) that was checked
 * @param checkedAt when the function was read: the ledger forgets only tickets raised by an earlier
 *     check
 * @param findings the findings to raise, labelled
 * @param stillFound per rule that checked the function, the subjects it still found; empty when
 *     nothing may be forgotten (a rule failed, or the function was deleted meanwhile)
 */
public record TicketReport(
    String function,
    String eventId,
    Instant checkedAt,
    List<Finding> findings,
    Map<String, Set<String>> stillFound) {
  static final String VERSION = "1";
  static final String KIND = "ticket-report";

  public TicketReport {
    Objects.requireNonNull(function, "function");
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(checkedAt, "checkedAt");
    findings = List.copyOf(findings);
    Map<String, Set<String>> copy = new LinkedHashMap<>();
    stillFound.forEach((rule, subjects) -> copy.put(rule, Set.copyOf(subjects)));
    stillFound = java.util.Collections.unmodifiableMap(copy);
  }

  /** Whether the tickets function has anything to do with it. */
  public boolean isEmpty() {
    return findings.isEmpty() && stillFound.isEmpty();
  }

  /** The message body. */
  public String toJson() {
    JsonWriter json = JsonWriter.create();
    json.writeStartObject();
    field(json, "version", VERSION);
    field(json, "kind", KIND);
    field(json, "function", function);
    field(json, "eventId", eventId);
    field(json, "checkedAt", checkedAt.toString());
    json.writeFieldName("findings").writeStartArray();
    for (Finding f : findings) {
      json.writeStartObject();
      field(json, "ruleId", f.ruleId());
      field(json, "functionArn", f.functionArn());
      field(json, "account", f.account());
      field(json, "region", f.region());
      f.actorArn().ifPresent(actor -> field(json, "actorArn", actor));
      field(json, "eventTime", f.eventTime().toString());
      field(json, "eventId", f.eventId());
      field(json, "severity", f.severity().name());
      field(json, "category", f.category().name());
      field(json, "subject", f.subject());
      field(json, "found", f.found());
      field(json, "notFixedBecause", f.notFixedBecause());
      field(json, "outcome", f.outcome());
      json.writeFieldName("fixSteps").writeStartArray();
      for (FixStep step : f.fixSteps()) {
        json.writeStartObject();
        field(json, "text", step.text());
        field(json, "command", step.command());
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeFieldName("stillFound").writeStartObject();
    for (Map.Entry<String, Set<String>> rule : stillFound.entrySet()) {
      json.writeFieldName(rule.getKey()).writeStartArray();
      for (String subject : rule.getValue().stream().sorted().toList()) {
        json.writeValue(subject);
      }
      json.writeEndArray();
    }
    json.writeEndObject();
    json.writeEndObject();
    return new String(json.getBytes(), java.nio.charset.StandardCharsets.UTF_8);
  }

  /** Whether a queue message body is a report (rather than a dead letter). */
  public static boolean isReport(String body) {
    return body.contains("\"" + KIND + "\"")
        && json(body).flatMap(root -> text(root, "kind")).filter(KIND::equals).isPresent();
  }

  /**
   * Reads a report; {@link IllegalArgumentException} naming the field (never its value) when it is
   * none.
   */
  public static TicketReport parse(String body) {
    JsonNode root =
        json(body)
            .filter(JsonNode::isObject)
            .orElseThrow(() -> new IllegalArgumentException("not a JSON object"));
    if (!VERSION.equals(text(root, "version").orElse(""))) {
      throw new IllegalArgumentException("unknown version");
    }
    List<Finding> findings = new ArrayList<>();
    for (JsonNode f : array(root, "findings")) {
      List<FixStep> steps = new ArrayList<>();
      for (JsonNode step : array(f, "fixSteps")) {
        steps.add(new FixStep(required(step, "text"), required(step, "command")));
      }
      findings.add(
          new Finding(
              required(f, "ruleId"),
              required(f, "functionArn"),
              required(f, "account"),
              required(f, "region"),
              text(f, "actorArn"),
              instant(f, "eventTime"),
              required(f, "eventId"),
              constant(Severity.class, f, "severity"),
              constant(Category.class, f, "category"),
              required(f, "subject"),
              required(f, "found"),
              required(f, "notFixedBecause"),
              required(f, "outcome"),
              steps));
    }
    Map<String, Set<String>> stillFound = new LinkedHashMap<>();
    JsonNode still =
        root.field("stillFound")
            .filter(JsonNode::isObject)
            .orElseThrow(() -> new IllegalArgumentException("stillFound: missing"));
    for (Map.Entry<String, JsonNode> rule : still.asObject().entrySet()) {
      if (!rule.getValue().isArray()) {
        throw new IllegalArgumentException("stillFound: not arrays");
      }
      Set<String> subjects = new LinkedHashSet<>();
      for (JsonNode subject : rule.getValue().asArray()) {
        if (!subject.isString()) {
          throw new IllegalArgumentException("stillFound: not strings");
        }
        subjects.add(subject.asString());
      }
      stillFound.put(rule.getKey(), subjects);
    }
    return new TicketReport(
        required(root, "function"),
        required(root, "eventId"),
        instant(root, "checkedAt"),
        findings,
        stillFound);
  }

  private static void field(JsonWriter json, String name, String value) {
    json.writeFieldName(name).writeValue(value);
  }

  private static Optional<JsonNode> json(String body) {
    try {
      return Optional.ofNullable(JsonNode.parser().parse(body));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private static Optional<String> text(JsonNode node, String name) {
    return node.isObject()
        ? node.field(name).filter(JsonNode::isString).map(JsonNode::asString)
        : Optional.empty();
  }

  private static String required(JsonNode node, String name) {
    return text(node, name)
        .orElseThrow(() -> new IllegalArgumentException(name + ": missing or not a string"));
  }

  private static List<JsonNode> array(JsonNode node, String name) {
    return node.field(name)
        .filter(JsonNode::isArray)
        .map(JsonNode::asArray)
        .orElseThrow(() -> new IllegalArgumentException(name + ": missing or not an array"));
  }

  private static Instant instant(JsonNode node, String name) {
    try {
      return Instant.parse(required(node, name));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(name + ": not an ISO-8601 instant");
    }
  }

  private static <E extends Enum<E>> E constant(Class<E> type, JsonNode node, String name) {
    try {
      return Enum.valueOf(type, required(node, name));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + ": unknown value");
    }
  }
}
