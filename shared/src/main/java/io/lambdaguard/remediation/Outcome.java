package io.lambdaguard.remediation;

import java.util.Locale;

/**
 * What happened to one function under one rule for one event. Reasons name kinds and keys, never values.
 *
 * @param rule the rule id, or {@code -} when no rule ran
 * @param function the function ARN, or {@code -} when the event named none
 * @param status the result class
 * @param code a stable kebab-case reason code, for metrics and alarms (e.g. {@code self-caused})
 * @param reason a short explanation
 */
public record Outcome(String rule, String function, Status status, String code, String reason) {

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
    ERROR;

    /** Lower-case name used in JSON and logs. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  static final String NONE = "-";
}
