package io.lambdaguard.events;

import io.lambdaguard.events.InvalidSweepMessageException.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonWriter;

/**
 * One function to check, as the sweep listed it. The body on the queue:
 *
 * <pre>
 * {"version":"1","kind":"sweep","sweepId":"&lt;uuid&gt;","functionArn":"arn:aws:lambda:...:function:name",
 * "listedAt":"2026-12-01T09:00:00Z"}</pre>
 *
 * {@code version} changes only when a field changes meaning or a required field is added; fields a
 * reader does not know are ignored, so adding an optional field keeps version 1.
 *
 * @param sweepId the sweep that listed the function: every message of one sweep carries the same id
 * @param functionArn the unqualified ARN of the function ({@code $LATEST})
 * @param listedAt when the sweep started listing
 */
public record SweepMessage(String sweepId, String functionArn, Instant listedAt)
    implements SweepCheck {
  public static final String VERSION = "1";
  public static final String KIND = "sweep";

  static final Pattern SWEEP_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
  private static final Pattern FUNCTION_ARN =
      Pattern.compile("arn:aws[a-z-]*:lambda:[a-z0-9-]+:\\d{12}:function:[A-Za-z0-9_-]{1,140}");

  /** Far below SQS's 256 KiB: a longer body is no sweep message, and is not parsed. */
  static final int MAX_BYTES = 4096;

  public SweepMessage {
    Objects.requireNonNull(listedAt, "listedAt");
    check(SWEEP_ID, sweepId, "sweepId", "must be 1-64 letters, digits or hyphens");
    check(FUNCTION_ARN, functionArn, "functionArn", "must be an unqualified Lambda function ARN");
  }

  /** The queue message body. */
  public String toJson() {
    JsonWriter json = JsonWriter.create();
    json.writeStartObject()
        .writeFieldName("version")
        .writeValue(VERSION)
        .writeFieldName("kind")
        .writeValue(KIND)
        .writeFieldName("sweepId")
        .writeValue(sweepId)
        .writeFieldName("functionArn")
        .writeValue(functionArn)
        .writeFieldName("listedAt")
        .writeValue(listedAt.toString())
        .writeEndObject();
    return new String(json.getBytes(), StandardCharsets.UTF_8);
  }

  /** The sweep actor: no caller, so no role the service would skip as its own. */
  static final Actor SWEEP_ACTOR =
      new Actor("lambdaguard-sweep", Optional.empty(), Optional.empty());

  /**
   * The message as the trigger the rule functions decide on, like an event: operation {@link
   * LambdaOperation#SWEEP} (every rule but the account-level ones, which the run's one {@link
   * AccountSweepMessage} wakes), account and region from the function's ARN, the time the sweep
   * listed it, and the queue message id as event id (a redelivered duplicate is a repeat; a message
   * that failed is decided again).
   */
  public CloudTrailEvent toEvent(String messageId) {
    String[] arn = functionArn.split(":", 7);
    return new CloudTrailEvent(
        messageId,
        messageId,
        arn[4],
        Optional.empty(),
        arn[3],
        Optional.empty(),
        listedAt,
        LambdaOperation.SWEEP.apiName(),
        LambdaOperation.SWEEP,
        SWEEP_ACTOR,
        Optional.empty(),
        FunctionRef.parse(functionArn),
        false);
  }

  /**
   * Reads a queue message body that must be a function's message; throws {@link
   * InvalidSweepMessageException} naming the field, never its value.
   */
  public static SweepMessage parse(String body) {
    if (SweepCheck.parse(body) instanceof SweepMessage message) {
      return message;
    }
    throw new InvalidSweepMessageException(Reason.WRONG_KIND, "kind", "must be \"" + KIND + "\"");
  }

  /** The body after {@code version} and {@code kind}, which {@link SweepCheck#parse} checked. */
  static SweepMessage fromJson(JsonNode root) {
    return new SweepMessage(
        text(root, "sweepId"), text(root, "functionArn"), instant(root, "listedAt"));
  }

  /**
   * The root object of a body of the known version; throws {@link InvalidSweepMessageException}
   * otherwise.
   */
  static JsonNode root(String body) {
    if (body == null || body.length() > MAX_BYTES) {
      throw new InvalidSweepMessageException(
          Reason.NOT_JSON, "$", "empty or longer than " + MAX_BYTES + " characters");
    }
    JsonNode root;
    try {
      root = JsonNode.parser().parse(body);
    } catch (RuntimeException e) {
      throw new InvalidSweepMessageException(Reason.NOT_JSON, "$", "not JSON");
    }
    if (root == null || !root.isObject()) {
      throw new InvalidSweepMessageException(Reason.NOT_AN_OBJECT, "$", "not a JSON object");
    }
    String version = text(root, "version");
    if (!version.equals(VERSION)) {
      throw new InvalidSweepMessageException(
          Reason.UNSUPPORTED_VERSION, "version", "this reader knows version " + VERSION);
    }
    return root;
  }

  static Instant instant(JsonNode root, String field) {
    try {
      return Instant.parse(text(root, field));
    } catch (DateTimeParseException e) {
      throw new InvalidSweepMessageException(
          Reason.BAD_VALUE, field, "must be an ISO-8601 instant");
    }
  }

  static String text(JsonNode root, String field) {
    JsonNode node =
        root.field(field)
            .orElseThrow(
                () -> new InvalidSweepMessageException(Reason.MISSING_FIELD, field, "required"));
    if (!node.isString()) {
      throw new InvalidSweepMessageException(Reason.WRONG_TYPE, field, "must be a string");
    }
    return node.asString();
  }

  static void check(Pattern pattern, String value, String field, String problem) {
    if (value == null || !pattern.matcher(value).matches()) {
      throw new InvalidSweepMessageException(Reason.BAD_VALUE, field, problem);
    }
  }
}
