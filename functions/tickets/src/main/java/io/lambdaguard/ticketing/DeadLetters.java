package io.lambdaguard.ticketing;

import io.lambdaguard.events.CloudTrailEvent;
import io.lambdaguard.events.CloudTrailEvents;
import io.lambdaguard.events.InvalidEventException;
import io.lambdaguard.events.InvalidSweepMessageException;
import io.lambdaguard.events.QueueMessage;
import io.lambdaguard.events.SweepMessage;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * Reads a dead-letter queue message, in either shape that reaches the queue:
 *
 * <ul>
 *   <li>a Lambda asynchronous on-failure destination record: {@code requestContext} (function ARN,
 *       condition, attempts), {@code requestPayload} (the original EventBridge event), {@code
 *       responseContext}, {@code responsePayload} ({@code errorType});
 *   <li>an EventBridge rule dead letter: the original event as the body, with message attributes
 *       {@code ERROR_CODE}, {@code ERROR_MESSAGE}, {@code RULE_ARN}, {@code TARGET_ARN};
 *   <li>a sweep message ({@link SweepMessage}) the sweep queue's redrive moved here after its last
 *       delivery.
 * </ul>
 *
 * Error messages are free-form and may quote anything, so they are never read; identifiers and
 * error classes are kept only when they have the shape they should have.
 */
final class DeadLetters {
  private static final Pattern ARN =
      Pattern.compile("arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:\\d{12}:[A-Za-z0-9/_.:+=@$-]{1,512}");
  private static final Pattern ERROR_CLASS = Pattern.compile("[A-Za-z0-9_.$-]{1,256}");
  private static final Pattern QUEUE_ARN =
      Pattern.compile("arn:aws[a-z-]*:sqs:([a-z0-9-]+):(\\d{12}):.+");

  private DeadLetters() {}

  static DeadLetter parse(QueueMessage message) {
    Optional<JsonNode> body = json(message.body());
    JsonNode record = body.filter(JsonNode::isObject).orElse(null);
    DeadLetter.Failure failure;
    Optional<CloudTrailEvent> event;
    if (record != null && record.field("requestContext").filter(JsonNode::isObject).isPresent()) {
      JsonNode context = record.field("requestContext").get();
      String errorType =
          record
              .field("responsePayload")
              .flatMap(p -> text(p, "errorType"))
              .or(() -> record.field("responseContext").flatMap(c -> text(c, "functionError")))
              .map(type -> matching(type, ERROR_CLASS))
              .orElse("none");
      failure =
          new DeadLetter.Failure.FunctionFailed(
              text(context, "functionArn").map(arn -> matching(arn, ARN)).orElse("unknown"),
              errorType,
              text(context, "condition").map(c -> matching(c, ERROR_CLASS)).orElse("unknown"),
              context
                  .field("approximateInvokeCount")
                  .filter(JsonNode::isNumber)
                  .map(n -> Integer.parseInt(n.asNumber()))
                  .orElse(0));
      event = record.field("requestPayload").flatMap(DeadLetters::cloudTrailEvent);
    } else if (message.attributes().containsKey("ERROR_CODE")
        || message.attributes().containsKey("RULE_ARN")) {
      failure =
          new DeadLetter.Failure.DeliveryFailed(
              Optional.ofNullable(message.attributes().get("RULE_ARN"))
                  .filter(a -> ARN.matcher(a).matches()),
              Optional.ofNullable(message.attributes().get("TARGET_ARN"))
                  .filter(a -> ARN.matcher(a).matches()),
              Optional.ofNullable(message.attributes().get("ERROR_CODE"))
                  .map(c -> matching(c, ERROR_CLASS))
                  .orElse("unknown"));
      event = body.flatMap(DeadLetters::cloudTrailEvent);
    } else if (sweep(message.body()).isPresent()) {
      SweepMessage sweep = sweep(message.body()).get();
      failure = new DeadLetter.Failure.SweepFailed(sweep.sweepId());
      event = Optional.of(sweep.toEvent(message.messageId()));
    } else {
      failure = new DeadLetter.Failure.Unrecognised();
      event = body.flatMap(DeadLetters::cloudTrailEvent);
    }
    var queue = QUEUE_ARN.matcher(message.queueArn());
    boolean fromQueue = queue.matches();
    String account =
        event.map(CloudTrailEvent::account).orElse(fromQueue ? queue.group(2) : "unknown");
    String region =
        event.map(CloudTrailEvent::region).orElse(fromQueue ? queue.group(1) : "unknown");
    Instant time = event.map(CloudTrailEvent::time).or(message::sentAt).orElse(Instant.EPOCH);
    return new DeadLetter(message.messageId(), failure, event, account, region, time);
  }

  private static Optional<CloudTrailEvent> cloudTrailEvent(JsonNode node) {
    try {
      return Optional.of(CloudTrailEvents.parse(node));
    } catch (InvalidEventException e) {
      return Optional.empty();
    }
  }

  private static Optional<SweepMessage> sweep(String body) {
    try {
      return Optional.of(SweepMessage.parse(body));
    } catch (InvalidSweepMessageException e) {
      return Optional.empty();
    }
  }

  private static Optional<JsonNode> json(String text) {
    try {
      return Optional.ofNullable(JsonNode.parser().parse(text));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private static Optional<String> text(JsonNode node, String field) {
    return node.isObject()
        ? node.field(field).filter(JsonNode::isString).map(JsonNode::asString)
        : Optional.empty();
  }

  private static String matching(String value, Pattern pattern) {
    return pattern.matcher(value).matches() ? value : "unrecognised";
  }
}
