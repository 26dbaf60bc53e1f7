package io.lambdaguard.ticketing;

import io.lambdaguard.events.CloudTrailEvent;
import java.time.Instant;
import java.util.Optional;

/**
 * An event that could not be processed after every retry, and why. Holds identifiers and error
 * classes only: never an error message, a tag value or any other free-form field of the event.
 *
 * @param messageId the SQS message that carried it
 * @param failure where and how processing failed
 * @param event the original CloudTrail event, when the message held a parseable one
 * @param account the account, from the event or else the queue
 * @param region the region, from the event or else the queue
 * @param time when the change was made, or else when the message was sent
 */
record DeadLetter(
    String messageId,
    Failure failure,
    Optional<CloudTrailEvent> event,
    String account,
    String region,
    Instant time) {

  /** Where and how processing failed. */
  sealed interface Failure {
    /**
     * A lambdaguard function failed on the event after its retries (Lambda on-failure destination
     * record).
     *
     * @param functionArn the function that failed
     * @param errorType the exception class or Lambda error type, {@code none} when the event
     *     expired unprocessed
     * @param condition {@code RetriesExhausted} or {@code EventAgeExceeded}
     * @param attempts how often Lambda invoked the function with it
     */
    record FunctionFailed(String functionArn, String errorType, String condition, int attempts)
        implements Failure {}

    /**
     * EventBridge could not deliver the event to its target (rule dead-letter queue).
     *
     * @param ruleArn the rule, when named
     * @param targetArn the target, when named
     * @param errorCode EventBridge's error code, e.g. {@code SDK_CLIENT_ERROR}
     */
    record DeliveryFailed(Optional<String> ruleArn, Optional<String> targetArn, String errorCode)
        implements Failure {}

    /**
     * A sweep message a rule function failed on at every delivery (or could not read), moved here
     * by the sweep queue's redrive policy.
     *
     * @param sweepId the sweep that listed the function
     */
    record SweepFailed(String sweepId) implements Failure {}

    /** A message of none of these shapes. */
    record Unrecognised() implements Failure {}
  }
}
