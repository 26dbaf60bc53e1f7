package io.lambdaguard.tickets;

/**
 * What kind of problem a finding is; Security Hub files it under the matching ASFF finding type.
 */
public enum Category {
  /** Data at rest not encrypted with a customer managed key. */
  ENCRYPTION("Software and Configuration Checks/AWS Security Best Practices"),
  /**
   * A credential stored where it is readable to anyone who can read the function's configuration.
   */
  CREDENTIALS("Sensitive Data Identifications/Passwords"),
  /** Personal data in a field that flows into billing and diagnostic logs. */
  PERSONAL_DATA("Sensitive Data Identifications/PII"),
  /** A change the service could not check: its event failed after every retry. */
  UNCHECKED_CHANGE(
      "Software and Configuration Checks/AWS Security Best Practices/Unchecked Change");

  private final String findingType;

  Category(String findingType) {
    this.findingType = findingType;
  }

  /** The ASFF {@code Types} entry ({@code namespace/category/classifier}). */
  public String findingType() {
    return findingType;
  }
}
