package io.lambdaguard.rules;

import java.util.List;

/** What a rule concluded about a function. Reasons name kinds and keys, never values. */
public sealed interface Verdict {
  /** Short explanation for the outcome log. */
  String reason();

  /** Nothing to do. */
  record Compliant(String reason) implements Verdict {}

  /**
   * The function violates the rule; {@link Rule#fix} may repair it.
   *
   * @param reason short explanation for the outcome log
   * @param evidence the offending items, each of which gets its own ticket; empty when the violation concerns
   *     the function as a whole (one ticket)
   */
  record NonCompliant(String reason, List<Evidence> evidence) implements Verdict {
    public NonCompliant {
      evidence = List.copyOf(evidence);
    }

    /** A violation of the function as a whole. */
    public NonCompliant(String reason) {
      this(reason, List.of());
    }
  }
}
