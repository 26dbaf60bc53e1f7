package io.lambdaguard.events;

import io.lambdaguard.events.InvalidSweepMessageException.Reason;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * One message on a sweep queue: a function to check ({@link SweepMessage}, kind {@code sweep}) or
 * the run's one account-level check ({@link AccountSweepMessage}, kind {@code sweep-account}).
 */
public sealed interface SweepCheck permits SweepMessage, AccountSweepMessage {
  /** The sweep that sent it: every message of one run carries the same id. */
  String sweepId();

  /**
   * Reads a queue message body; throws {@link InvalidSweepMessageException} naming the field, never
   * its value.
   */
  static SweepCheck parse(String body) {
    JsonNode root = SweepMessage.root(body);
    return switch (SweepMessage.text(root, "kind")) {
      case SweepMessage.KIND -> SweepMessage.fromJson(root);
      case AccountSweepMessage.KIND -> AccountSweepMessage.fromJson(root);
      default ->
          throw new InvalidSweepMessageException(
              Reason.WRONG_KIND,
              "kind",
              "must be \"" + SweepMessage.KIND + "\" or \"" + AccountSweepMessage.KIND + "\"");
    };
  }
}
