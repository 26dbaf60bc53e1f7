package io.lambdaguard.tickets;

/**
 * How urgent an unfixed finding is, in Security Hub's labels; every sink maps it to its own scale.
 */
public enum Severity {
  LOW,
  MEDIUM,
  HIGH,
  CRITICAL;

  /** OpsCenter's severity, {@code 1} (critical) to {@code 4} (low). */
  public String opsItemSeverity() {
    return Integer.toString(4 - ordinal());
  }
}
