package io.lambdaguard.ticketing;

import io.lambdaguard.aws.Deadline;
import io.lambdaguard.events.CloudTrailEvent;
import io.lambdaguard.events.QueueMessage;
import io.lambdaguard.remediation.FunctionLabels;
import io.lambdaguard.tickets.Category;
import io.lambdaguard.tickets.Finding;
import io.lambdaguard.tickets.FixStep;
import io.lambdaguard.tickets.Severity;
import io.lambdaguard.tickets.TicketRef;
import io.lambdaguard.tickets.Tickets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.ThreadContext;

/**
 * Raises one ticket per dead event: the event that could not be processed, the changed function,
 * who changed it and when, and where processing failed (function and error class, or rule, target
 * and error code). The subject is the CloudTrail event id, so a message delivered twice, or the
 * same event dead-lettered by both EventBridge and Lambda, raises one ticket. Functions are named
 * by their labels ({@link FunctionLabels}), as everywhere.
 */
final class DeadLetterConsumer {
  /** The rule id of dead-letter tickets. */
  public static final String RULE_ID = "dead-letter";

  private static final Logger LOG = LogManager.getLogger(DeadLetterConsumer.class);
  private static final Pattern EVENT_NAME = Pattern.compile("[A-Za-z0-9]{1,128}");

  private final Tickets tickets;
  private final FunctionLabels labels;

  DeadLetterConsumer(Tickets tickets, FunctionLabels labels) {
    this.tickets = tickets;
    this.labels = labels;
  }

  /** Tickets one dead event; a failure propagates, and SQS delivers the message again. */
  void ticket(QueueMessage message, Deadline deadline) {
    try {
      DeadLetter dead = DeadLetters.parse(message);
      dead.event().ifPresent(e -> ThreadContext.put("eventId", e.eventId()));
      ThreadContext.put("failure", dead.failure().getClass().getSimpleName());
      Optional<TicketRef> ticket =
          tickets.raise(labels.label(finding(dead, labels::label)), deadline);
      LOG.info(
          "dead event: ticket {}",
          ticket.map(t -> t.state().label() + " " + t.ticketId()).orElse("none (tickets off)"));
    } finally {
      ThreadContext.remove("eventId");
      ThreadContext.remove("failure");
    }
  }

  /**
   * The dead event's finding; {@code label} names the service's own functions (the one that failed,
   * a target), which {@link FunctionLabels#label(Finding)} does not see. The changed function is
   * labelled with the whole finding.
   */
  static Finding finding(DeadLetter dead, UnaryOperator<String> label) {
    Optional<CloudTrailEvent> event = dead.event();
    String eventId = event.map(CloudTrailEvent::eventId).orElse("unknown");
    String functionArn = event.flatMap(CloudTrailEvent::functionArn).orElse(Finding.NO_FUNCTION);
    String call =
        event
            .map(CloudTrailEvent::eventName)
            .filter(n -> EVENT_NAME.matcher(n).matches())
            .map(n -> "the " + n + " call")
            .orElse("a change");
    String found =
        switch (dead.failure()) {
          case DeadLetter.Failure.FunctionFailed f when f.condition().equals("EventAgeExceeded") ->
              call
                  + " was never checked: it expired before lambdaguard function "
                  + label.apply(f.functionArn())
                  + " could process it";
          case DeadLetter.Failure.FunctionFailed f ->
              call
                  + " was never checked: lambdaguard function "
                  + label.apply(f.functionArn())
                  + " failed with "
                  + f.errorType()
                  + " after "
                  + f.attempts()
                  + " attempts ("
                  + f.condition()
                  + ")";
          case DeadLetter.Failure.DeliveryFailed f ->
              call
                  + " was never checked: EventBridge rule "
                  + f.ruleArn().orElse("(unnamed)")
                  + " could not deliver it to "
                  + f.targetArn().map(label).orElse("its target")
                  + " ("
                  + f.errorCode()
                  + ")";
          case DeadLetter.Failure.SweepFailed f ->
              "sweep "
                  + f.sweepId()
                  + " listed this function, but no check of it completed: a lambdaguard rule function "
                  + "failed on the sweep message at every delivery";
          case DeadLetter.Failure.Unrecognised u ->
              "a message in the dead-letter queue could not be read as a failed event"
                  + (event.isPresent() ? "; it holds " + call : "");
        };
    List<FixStep> steps = new ArrayList<>();
    switch (dead.failure()) {
      case DeadLetter.Failure.FunctionFailed f ->
          steps.add(
              FixStep.of(
                  "Find the cause in the log group of "
                      + label.apply(f.functionArn())
                      + " (Lambda console, Monitor, View CloudWatch logs): its lines carry eventId "
                      + eventId
                      + ", the rule and the error."));
      case DeadLetter.Failure.DeliveryFailed f ->
          steps.add(
              f.ruleArn()
                  .map(
                      rule ->
                          FixStep.withCommand(
                              "Check the rule's target and that EventBridge may invoke it ("
                                  + f.errorCode()
                                  + ").",
                              "aws events list-targets-by-rule --rule "
                                  + rule.substring(rule.indexOf("rule/") + "rule/".length())))
                  .orElse(
                      FixStep.of(
                          "Check lambdaguard's EventBridge rules, their targets and their permissions ("
                              + f.errorCode()
                              + ").")));
      case DeadLetter.Failure.SweepFailed f ->
          steps.add(
              FixStep.of(
                  "Find the cause in the log groups of lambdaguard's "
                      + "encryption and strip-personal-data functions: their lines carry messageId "
                      + dead.messageId()
                      + " and sweepId "
                      + f.sweepId()
                      + ", the rule and the error."));
      case DeadLetter.Failure.Unrecognised u ->
          steps.add(
              FixStep.of(
                  "Inspect what sends to the dead-letter queue: only lambdaguard's functions and EventBridge rules should."));
    }
    if (event.flatMap(CloudTrailEvent::functionArn).isPresent()) {
      steps.add(
          FixStep.withCommand(
              "Check the changed function against the rule catalogue by hand: nothing checked it.",
              "aws lambda get-function --function-name " + functionArn));
    }
    steps.add(
        FixStep.of(
            "Once the cause is fixed, lambdaguard checks the function again on its next change"
                + (dead.failure() instanceof DeadLetter.Failure.SweepFailed
                    ? " or the next sweep."
                    : ".")));
    return new Finding(
        RULE_ID,
        functionArn,
        dead.account(),
        dead.region(),
        event.flatMap(e -> e.actor().arn()),
        dead.time(),
        eventId,
        Severity.HIGH,
        Category.UNCHECKED_CHANGE,
        event.map(CloudTrailEvent::eventId).orElse("sqs-message/" + dead.messageId()),
        found,
        dead.failure() instanceof DeadLetter.Failure.SweepFailed
            ? "the sweep message failed at every delivery, so no rule checked the function"
            : "the event failed after every retry, so no rule checked the change",
        Finding.DEAD_LETTER,
        steps);
  }
}
