package io.lambdaguard.rules;

/** What a rule concluded about a function. Reasons name kinds and keys, never values. */
public sealed interface Verdict {
  /** Short explanation for the outcome log. */
  String reason();

  /** Nothing to do. */
  record Compliant(String reason) implements Verdict {}

  /** The function violates the rule; {@link Rule#fix} may repair it. */
  record NonCompliant(String reason) implements Verdict {}
}
