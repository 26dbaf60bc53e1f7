package io.lambdaguard.remediation;

import com.amazonaws.services.lambda.runtime.Context;
import io.lambdaguard.aws.Deadline;
import io.lambdaguard.events.AccountSweepMessage;
import io.lambdaguard.events.CloudTrailEvents;
import io.lambdaguard.events.InvalidSweepMessageException;
import io.lambdaguard.events.QueueMessage;
import io.lambdaguard.events.QueueMessages;
import io.lambdaguard.events.SweepCheck;
import io.lambdaguard.events.SweepMessage;
import io.lambdaguard.remediation.OutcomeMetrics.Trigger;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.ThreadContext;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * The entry of a rule function, for both shapes it is invoked with: an EventBridge CloudTrail event
 * (answered with its outcomes) and an SQS batch of sweep messages (answered with the partial batch
 * response). The input is parsed once; its shape is a {@code Records} array or not.
 *
 * <p>Each sweep message goes through the same decision path as an event. A message that failed
 * (throttling after the SDK's retries, any failure to read, fix or ticket, no time left) is named
 * in {@code batchItemFailures}, so SQS delivers it again and, after the queue's {@code
 * maxReceiveCount}, moves it to the dead-letter queue, whose function tickets it. A malformed
 * message is an {@code invalid-event-*} outcome, logged and counted, and is named too: it takes the
 * same way to a ticket instead of being dropped.
 */
public final class Triggers {
  /** Lambda's synchronous payload limit: an SQS batch is never larger. */
  static final int MAX_INPUT_BYTES = 6 * 1024 * 1024;

  private static final Logger LOG = LogManager.getLogger(Triggers.class);

  private final RuleRunner runner;

  @Inject
  public Triggers(RuleRunner runner) {
    this.runner = runner;
  }

  /** Handles the input and returns the answer to write. */
  public byte[] respond(InputStream input, Context context) throws IOException {
    byte[] bytes = input.readNBytes(MAX_INPUT_BYTES + 1);
    JsonNode root = json(bytes);
    if (QueueMessages.isBatch(root)) {
      return QueueMessages.batchResponse(sweep(QueueMessages.parse(root), context));
    }
    // Not JSON, too large or not an object: the event parser says so in its own words.
    RuleRunner.EventParser parser =
        root == null || !root.isObject() || bytes.length > CloudTrailEvents.MAX_EVENT_BYTES
            ? () -> CloudTrailEvents.parse(new ByteArrayInputStream(bytes))
            : () -> CloudTrailEvents.parse(root);
    return runner.handle(parser, context).toJson();
  }

  /** Decides each message; returns the ids of those SQS must deliver again. */
  List<String> sweep(List<QueueMessage> messages, Context context) {
    ThreadContext.put("requestId", context.getAwsRequestId());
    Invoked self = Invoked.by(context);
    Deadline deadline = Deadline.of(context);
    List<String> failed = new ArrayList<>();
    try {
      for (QueueMessage message : messages) {
        ThreadContext.put("messageId", message.messageId());
        try {
          if (deadline.expired()) {
            LOG.warn("no time left: left for SQS to deliver again");
            failed.add(message.messageId());
            continue;
          }
          SweepCheck sweep;
          try {
            sweep = SweepCheck.parse(message.body());
          } catch (InvalidSweepMessageException e) {
            runner.invalid(
                e.reason().name(),
                e.field(),
                "invalid sweep message: " + e.getMessage(),
                Trigger.SWEEP);
            failed.add(message.messageId());
            continue;
          }
          ThreadContext.put("sweepId", sweep.sweepId());
          runner.run(
              switch (sweep) {
                case SweepMessage function -> function.toEvent(message.messageId());
                // The account this function runs in; none known (fail closed): the runner ignores
                // it as another account's.
                case AccountSweepMessage account ->
                    account.toEvent(
                        message.messageId(), self.account().orElse(""), runner.region());
              },
              self,
              deadline);
        } catch (RuntimeException e) {
          // Outcomes are reported; the message is decided again on its next delivery, and
          // dead-lettered after the last.
          LOG.warn(
              "sweep message failed, left for SQS to deliver again: {}",
              e instanceof RemediationFailedException
                  ? e.getMessage()
                  : e.getClass().getSimpleName());
          failed.add(message.messageId());
        } finally {
          String requestId = ThreadContext.get("requestId");
          ThreadContext.clearMap();
          ThreadContext.put("requestId", requestId);
        }
      }
      runner.countSweepBatch(self, messages.size() - failed.size(), failed.size());
      return failed;
    } finally {
      ThreadContext.clearMap();
    }
  }

  private static JsonNode json(byte[] bytes) {
    if (bytes.length > MAX_INPUT_BYTES) {
      return null;
    }
    try {
      return JsonNode.parser().parse(new String(bytes, StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      return null;
    }
  }
}
