package io.lambdaguard.events;

import io.lambdaguard.events.InvalidEventException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * Parses an EventBridge envelope holding a CloudTrail record for Lambda (or X-Ray's {@code
 * PutEncryptionConfig}) into a {@link CloudTrailEvent}.
 *
 * <p>Uses the SDK's own streaming JSON parser: no reflection-based binding on the cold path.
 * Unknown fields are ignored, {@code null} and missing optional fields are tolerated, and anything
 * unusable raises {@link InvalidEventException} naming the field, never echoing its value.
 */
public final class CloudTrailEvents {
  /** EventBridge's limit for an event is 256 KB; anything far beyond it is not from EventBridge. */
  public static final int MAX_EVENT_BYTES = 1024 * 1024;

  static final String SOURCE = "aws.lambda";
  static final String DETAIL_TYPE = "AWS API Call via CloudTrail";
  static final String EVENT_SOURCE = "lambda.amazonaws.com";

  /**
   * X-Ray's calls: only {@code PutEncryptionConfig} wakes a rule, about the account's X-Ray
   * encryption.
   */
  static final String XRAY_SOURCE = "aws.xray";

  static final String XRAY_EVENT_SOURCE = "xray.amazonaws.com";

  // The shapes AWS writes: anything else is not an event AWS sent, and is refused rather than acted
  // on.
  private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");
  private static final Pattern EVENT_ID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  private CloudTrailEvents() {}

  /** Reads and parses one event from the stream. */
  public static CloudTrailEvent parse(InputStream in) throws IOException {
    byte[] bytes = in.readNBytes(MAX_EVENT_BYTES + 1);
    if (bytes.length > MAX_EVENT_BYTES) {
      throw new InvalidEventException(
          Reason.TOO_LARGE, "$", "event exceeds " + MAX_EVENT_BYTES + " bytes");
    }
    return parse(new String(bytes, StandardCharsets.UTF_8));
  }

  /** Parses one event. */
  public static CloudTrailEvent parse(String json) {
    JsonNode root;
    try {
      root = JsonNode.parser().parse(json);
    } catch (RuntimeException e) {
      throw new InvalidEventException(Reason.NOT_JSON, "$", "input is not valid JSON");
    }
    if (root == null) {
      throw new InvalidEventException(Reason.NOT_JSON, "$", "input is empty");
    }
    return parse(root);
  }

  /** Parses one event already read as JSON, e.g. the original event inside a dead letter. */
  public static CloudTrailEvent parse(JsonNode root) {
    Map<String, JsonNode> envelope = object(root, "$");
    String source = requiredString(envelope, "source", "source");
    boolean xray = XRAY_SOURCE.equals(source);
    if (!SOURCE.equals(source) && !xray) {
      throw new InvalidEventException(
          Reason.WRONG_SOURCE, "source", "expected " + SOURCE + " or " + XRAY_SOURCE);
    }
    String eventSource = xray ? XRAY_EVENT_SOURCE : EVENT_SOURCE;
    String detailType = requiredString(envelope, "detail-type", "detail-type");
    if (!DETAIL_TYPE.equals(detailType)) {
      throw new InvalidEventException(
          Reason.WRONG_DETAIL_TYPE, "detail-type", "expected " + DETAIL_TYPE);
    }
    Map<String, JsonNode> detail = object(required(envelope, "detail", "detail"), "detail");
    optionalString(detail, "eventSource", "detail.eventSource")
        .filter(s -> !eventSource.equals(s))
        .ifPresent(
            s -> {
              throw new InvalidEventException(
                  Reason.WRONG_SOURCE, "detail.eventSource", "expected " + eventSource);
            });

    String eventName = requiredString(detail, "eventName", "detail.eventName");
    String eventId =
        shaped(
            requiredString(detail, "eventID", "detail.eventID"),
            EVENT_ID,
            "detail.eventID",
            "a UUID");
    String envelopeId =
        shaped(optionalString(envelope, "id", "id"), EVENT_ID, "id", "a UUID").orElse(eventId);
    Optional<String> envelopeAccount =
        shaped(optionalString(envelope, "account", "account"), ACCOUNT, "account", "12 digits");
    Optional<String> recipientAccount =
        shaped(
            optionalString(detail, "recipientAccountId", "detail.recipientAccountId"),
            ACCOUNT,
            "detail.recipientAccountId",
            "12 digits");
    String account =
        envelopeAccount
            .or(() -> recipientAccount)
            .orElseThrow(
                () -> new InvalidEventException(Reason.MISSING_FIELD, "account", "is required"));
    Optional<String> envelopeRegion =
        shaped(optionalString(envelope, "region", "region"), REGION, "region", "a region name");
    String region =
        shaped(
                optionalString(detail, "awsRegion", "detail.awsRegion"),
                REGION,
                "detail.awsRegion",
                "a region name")
            .or(() -> envelopeRegion)
            .orElseThrow(
                () -> new InvalidEventException(Reason.MISSING_FIELD, "region", "is required"));
    Instant time =
        optionalString(detail, "eventTime", "detail.eventTime")
            .or(() -> optionalString(envelope, "time", "time"))
            .map(t -> instant(t, "detail.eventTime"))
            .orElse(Instant.EPOCH);

    LambdaOperation operation =
        xray
            ? LambdaOperation.fromXRayEventName(eventName)
            : LambdaOperation.fromEventName(eventName);
    Optional<Map<String, JsonNode>> request =
        optionalObject(detail, "requestParameters", "detail.requestParameters");
    Optional<Map<String, JsonNode>> response =
        optionalObject(detail, "responseElements", "detail.responseElements");
    boolean truncated = omitted(request) || omitted(response);

    return new CloudTrailEvent(
        envelopeId,
        eventId,
        account,
        recipientAccount,
        region,
        envelopeRegion,
        time,
        eventName,
        operation,
        actor(detail),
        optionalString(detail, "errorCode", "detail.errorCode"),
        // An X-Ray call is about the account's X-Ray settings, never about a function, whatever its
        // fields say.
        xray ? Optional.empty() : target(operation, request, response),
        truncated);
  }

  private static Optional<FunctionRef> target(
      LambdaOperation operation,
      Optional<Map<String, JsonNode>> request,
      Optional<Map<String, JsonNode>> response) {
    Optional<String> named =
        request.flatMap(
            r -> optionalString(r, "functionName", "detail.requestParameters.functionName"));
    Optional<String> resource =
        request.flatMap(r -> optionalString(r, "resource", "detail.requestParameters.resource"));
    Optional<String> responseArn =
        response.flatMap(
            r -> optionalString(r, "functionArn", "detail.responseElements.functionArn"));
    Optional<String> identifier =
        switch (operation) {
          case TAG_RESOURCE, UNTAG_RESOURCE -> resource.or(() -> named);
          case CREATE_FUNCTION -> responseArn.or(() -> named);
          default -> named.or(() -> responseArn);
        };
    // A tag call on an event source mapping or code signing config has a non-function ARN: no
    // target.
    return identifier.flatMap(FunctionRef::parse);
  }

  private static Actor actor(Map<String, JsonNode> detail) {
    return optionalObject(detail, "userIdentity", "detail.userIdentity")
        .map(
            identity -> {
              String type = optionalString(identity, "type", "detail.userIdentity.type").orElse("");
              Optional<String> arn = optionalString(identity, "arn", "detail.userIdentity.arn");
              Optional<String> issuer =
                  optionalObject(identity, "sessionContext", "detail.userIdentity.sessionContext")
                      .flatMap(
                          c ->
                              optionalObject(
                                  c,
                                  "sessionIssuer",
                                  "detail.userIdentity.sessionContext.sessionIssuer"))
                      .flatMap(
                          i ->
                              optionalString(
                                  i,
                                  "arn",
                                  "detail.userIdentity.sessionContext.sessionIssuer.arn"));
              return new Actor(type, arn, issuer);
            })
        .orElse(Actor.UNKNOWN);
  }

  private static boolean omitted(Optional<Map<String, JsonNode>> node) {
    return node.map(n -> n.get("omitted"))
        .filter(JsonNode::isBoolean)
        .map(JsonNode::asBoolean)
        .orElse(false);
  }

  private static String shaped(String value, Pattern shape, String field, String expected) {
    if (!shape.matcher(value).matches()) {
      throw new InvalidEventException(Reason.MALFORMED_FIELD, field, "must be " + expected);
    }
    return value;
  }

  private static Optional<String> shaped(
      Optional<String> value, Pattern shape, String field, String expected) {
    return value.map(v -> shaped(v, shape, field, expected));
  }

  private static Instant instant(String text, String field) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new InvalidEventException(Reason.WRONG_TYPE, field, "is not an ISO-8601 instant");
    }
  }

  private static JsonNode required(Map<String, JsonNode> object, String name, String path) {
    JsonNode node = object.get(name);
    if (node == null || node.isNull()) {
      throw new InvalidEventException(Reason.MISSING_FIELD, path, "is required");
    }
    return node;
  }

  private static String requiredString(Map<String, JsonNode> object, String name, String path) {
    JsonNode node = required(object, name, path);
    if (!node.isString()) {
      throw new InvalidEventException(Reason.WRONG_TYPE, path, "must be a string");
    }
    String value = node.asString();
    if (value.isBlank()) {
      throw new InvalidEventException(Reason.MISSING_FIELD, path, "is empty");
    }
    return value;
  }

  private static Optional<String> optionalString(
      Map<String, JsonNode> object, String name, String path) {
    JsonNode node = object.get(name);
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    if (!node.isString()) {
      throw new InvalidEventException(Reason.WRONG_TYPE, path, "must be a string");
    }
    return Optional.of(node.asString()).filter(s -> !s.isBlank());
  }

  private static Map<String, JsonNode> object(JsonNode node, String path) {
    if (!node.isObject()) {
      throw new InvalidEventException(
          "$".equals(path) ? Reason.NOT_AN_OBJECT : Reason.WRONG_TYPE,
          path,
          "must be a JSON object");
    }
    return node.asObject();
  }

  private static Optional<Map<String, JsonNode>> optionalObject(
      Map<String, JsonNode> object, String name, String path) {
    JsonNode node = object.get(name);
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    return Optional.of(object(node, path));
  }
}
