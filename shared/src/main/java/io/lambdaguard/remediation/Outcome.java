package io.lambdaguard.remediation;

import io.lambdaguard.tickets.TicketRef;
import java.util.List;
import java.util.Locale;

/**
 * What happened to one function under one rule for one event. Reasons name kinds and keys, never
 * values.
 *
 * @param rule the rule id, or {@code -} when no rule ran
 * @param function the function ARN, or {@code -} when the event named none
 * @param status the result class
 * @param code a stable kebab-case reason code, for metrics and alarms (e.g. {@code self-caused})
 * @param reason a short explanation
 * @param tickets the tickets this outcome raised or found (one per offending item), empty when none
 */
public record Outcome(
    String rule,
    String function,
    Status status,
    String code,
    String reason,
    List<TicketRef> tickets) {

  public Outcome {
    tickets = List.copyOf(tickets);
  }

  /** An outcome that raised no ticket. */
  public Outcome(String rule, String function, Status status, String code, String reason) {
    this(rule, function, status, code, reason, List.of());
  }

  /** Result classes, shown in logs, the replay table and metrics. */
  public enum Status {
    /** The service changed the function. */
    FIXED,
    /** Nothing to do. */
    COMPLIANT,
    /** Report mode: a fix was due and not made. */
    REPORTED,
    /** The event needs no action (failed call, own change, no rule, function gone, ...). */
    IGNORED,
    /** A fix was due and could not be made; the owner has to act. */
    ERROR,
    /**
     * The rule could not check the function (what it may not read or describe); never counted as
     * compliant.
     */
    UNVERIFIABLE;

    /** Lower-case name used in JSON and logs. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * {@code queued} when this outcome put its findings on the tickets queue (a rule function), else
   * {@code opened} when it opened a ticket, else {@code duplicate} when its tickets existed
   * already, else {@code none}.
   */
  public String ticketSummary() {
    if (tickets.stream().anyMatch(t -> t.state() == TicketRef.State.QUEUED)) {
      return "queued";
    }
    if (tickets.stream().anyMatch(t -> t.state() == TicketRef.State.OPENED)) {
      return "opened";
    }
    return tickets.isEmpty() ? "none" : "duplicate";
  }

  static final String NONE = "-";
}
