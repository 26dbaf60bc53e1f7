package io.lambdaguard.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonWriter;

/**
 * The sweep's one account-level check per run, sent once to each sweep queue beside the functions'
 * messages: it wakes the rules about a setting of the whole account and region (X-Ray's encryption)
 * once per run, where a function's message wakes only the rules about that function. The body:
 *
 * <pre>
 * {"version":"1","kind":"sweep-account","sweepId":"&lt;uuid&gt;","listedAt":"2026-12-01T09:00:00Z"}
 * </pre>
 *
 * It names no account or region: a sweep queue belongs to one stack, whose functions check the
 * account and region they run in.
 *
 * @param sweepId the sweep that sent it
 * @param listedAt when the sweep started listing
 */
public record AccountSweepMessage(String sweepId, Instant listedAt) implements SweepCheck {
  public static final String KIND = "sweep-account";

  public AccountSweepMessage {
    Objects.requireNonNull(listedAt, "listedAt");
    SweepMessage.check(
        SweepMessage.SWEEP_ID, sweepId, "sweepId", "must be 1-64 letters, digits or hyphens");
  }

  /** The queue message body. */
  public String toJson() {
    JsonWriter json = JsonWriter.create();
    json.writeStartObject()
        .writeFieldName("version")
        .writeValue(SweepMessage.VERSION)
        .writeFieldName("kind")
        .writeValue(KIND)
        .writeFieldName("sweepId")
        .writeValue(sweepId)
        .writeFieldName("listedAt")
        .writeValue(listedAt.toString())
        .writeEndObject();
    return new String(json.getBytes(), StandardCharsets.UTF_8);
  }

  /**
   * The message as the trigger the rule functions decide on: operation {@link
   * LambdaOperation#SWEEP_ACCOUNT}, no function, the account and region of the function that
   * received it, the queue message id as event id.
   */
  public CloudTrailEvent toEvent(String messageId, String account, String region) {
    return new CloudTrailEvent(
        messageId,
        messageId,
        account,
        Optional.empty(),
        region,
        Optional.empty(),
        listedAt,
        LambdaOperation.SWEEP_ACCOUNT.apiName(),
        LambdaOperation.SWEEP_ACCOUNT,
        SweepMessage.SWEEP_ACTOR,
        Optional.empty(),
        Optional.empty(),
        false);
  }

  static AccountSweepMessage fromJson(JsonNode root) {
    return new AccountSweepMessage(
        SweepMessage.text(root, "sweepId"), SweepMessage.instant(root, "listedAt"));
  }
}
