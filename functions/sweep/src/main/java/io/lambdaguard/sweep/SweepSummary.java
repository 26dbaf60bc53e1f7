package io.lambdaguard.sweep;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import software.amazon.awssdk.protocols.jsoncore.JsonWriter;

/**
 * What one sweep did, in counts only (function names can hold personal data): the log line, the
 * metrics and the answer to an on-demand invocation.
 *
 * @param sweepId the id every message of this sweep carries
 * @param functionsListed functions ListFunctions returned, the stack's own included
 * @param ownFunctionsSkipped the stack's own functions (run by a role in SERVICE_ROLE_ARNS): never
 *     checked
 * @param messagesSent messages SQS accepted: one per function to check and sweep queue, plus the
 *     run's one account-level message per sweep queue (when there was a function to check)
 * @param messagesNotSent messages (for functions listed and to check, and the account-level ones)
 *     not on their queue (non-zero only when the sweep failed)
 * @param listCalls ListFunctions pages read
 * @param sendCalls SendMessageBatch calls, retries of refused entries included
 * @param entriesResent entries sent again after SQS refused them
 * @param durationMillis from the first ListFunctions call to the last message
 * @param listMillis of which waiting for ListFunctions
 * @param sendMillis of which waiting for SendMessageBatch
 * @param failure the reason the sweep failed, if it did
 */
public record SweepSummary(
    String sweepId,
    int functionsListed,
    int ownFunctionsSkipped,
    int messagesSent,
    int messagesNotSent,
    int listCalls,
    int sendCalls,
    int entriesResent,
    long durationMillis,
    long listMillis,
    long sendMillis,
    Optional<SweepFailedException.Reason> failure) {

  public boolean completed() {
    return failure.isEmpty();
  }

  /** The summary as a JSON object: the on-demand caller's answer. */
  public byte[] toJson() {
    JsonWriter json = JsonWriter.create();
    json.writeStartObject()
        .writeFieldName("sweepId")
        .writeValue(sweepId)
        .writeFieldName("status")
        .writeValue(completed() ? "completed" : "failed")
        .writeFieldName("functionsListed")
        .writeValue(functionsListed)
        .writeFieldName("ownFunctionsSkipped")
        .writeValue(ownFunctionsSkipped)
        .writeFieldName("messagesSent")
        .writeValue(messagesSent)
        .writeFieldName("messagesNotSent")
        .writeValue(messagesNotSent)
        .writeFieldName("listCalls")
        .writeValue(listCalls)
        .writeFieldName("sendCalls")
        .writeValue(sendCalls)
        .writeFieldName("entriesResent")
        .writeValue(entriesResent)
        .writeFieldName("durationMillis")
        .writeValue(durationMillis)
        .writeFieldName("listMillis")
        .writeValue(listMillis)
        .writeFieldName("sendMillis")
        .writeValue(sendMillis);
    failure.ifPresent(reason -> json.writeFieldName("failure").writeValue(reason.name()));
    json.writeEndObject();
    return json.getBytes();
  }

  @Override
  public String toString() {
    return new String(toJson(), StandardCharsets.UTF_8);
  }
}
