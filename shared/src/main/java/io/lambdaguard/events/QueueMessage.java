package io.lambdaguard.events;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One SQS message as Lambda delivers it, reduced to what a dead letter needs.
 *
 * @param messageId the id batch item failures refer to
 * @param body the message body
 * @param attributes the message's String attributes ({@code ERROR_CODE}, {@code RULE_ARN}, ...)
 * @param sentAt when the message was sent to the queue
 * @param queueArn the queue it came from
 */
public record QueueMessage(
    String messageId,
    String body,
    Map<String, String> attributes,
    Optional<Instant> sentAt,
    String queueArn) {
  public QueueMessage {
    attributes = Map.copyOf(attributes);
  }
}
