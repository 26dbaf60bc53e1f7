package io.lambdaguard.events;

import java.time.Instant;
import java.util.Optional;

/**
 * One CloudTrail management event for Lambda as EventBridge delivers it, reduced to what the
 * service decides on. It is only a trigger: rules read the function's real state from the Lambda
 * API.
 *
 * @param envelopeId the EventBridge event id
 * @param eventId CloudTrail's {@code eventID}, unique per API call (the idempotency key)
 * @param account the account the event was delivered in (envelope {@code account}, else {@code
 *     recipientAccountId})
 * @param recipientAccount CloudTrail's {@code recipientAccountId}, when recorded
 * @param region the region the call was made in ({@code awsRegion}, else the envelope {@code
 *     region})
 * @param envelopeRegion the envelope's {@code region}, when present
 * @param time when the call was made ({@code eventTime}, else the envelope time)
 * @param eventName the recorded name, version suffix included
 * @param operation the operation behind {@code eventName}
 * @param actor who made the call
 * @param errorCode set when the call failed, in which case it changed nothing
 * @param function the function the call was about, when the event names one
 * @param truncated CloudTrail omitted oversized fields of this record
 */
public record CloudTrailEvent(
    String envelopeId,
    String eventId,
    String account,
    Optional<String> recipientAccount,
    String region,
    Optional<String> envelopeRegion,
    Instant time,
    String eventName,
    LambdaOperation operation,
    Actor actor,
    Optional<String> errorCode,
    Optional<FunctionRef> function,
    boolean truncated) {

  /** The call failed, so it changed nothing. */
  public boolean failed() {
    return errorCode.isPresent();
  }

  /**
   * Whether every account the event claims (envelope, recipient, the function's ARN) is {@code
   * own}.
   */
  public boolean onlyConcerns(String own) {
    return account.equals(own)
        && recipientAccount.map(own::equals).orElse(true)
        && function.flatMap(FunctionRef::account).map(own::equals).orElse(true);
  }

  /**
   * The call published a version: {@code PublishVersion}, or a {@code CreateFunction} with {@code
   * publish: true}, whose recorded response ARN ends in the version number. ({@code
   * UpdateFunctionCode} with {@code publish: true} is not routed: its version copies the
   * configuration of {@code $LATEST}, which the rules checked when it was set.)
   */
  public boolean publishedVersion() {
    return operation == LambdaOperation.PUBLISH_VERSION
        || operation == LambdaOperation.CREATE_FUNCTION
            && function.flatMap(FunctionRef::qualifier).filter(q -> q.matches("\\d+")).isPresent();
  }

  /** ARN of the unqualified target function, completed with this event's account and region. */
  public Optional<String> functionArn() {
    return function.map(f -> f.arnIn(account, region));
  }
}
