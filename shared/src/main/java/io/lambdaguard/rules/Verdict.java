package io.lambdaguard.rules;

/** What a rule concluded about a function. Reasons name kinds and keys, never values. */
public sealed interface Verdict {
  /** Short explanation for the outcome log. */
  String reason();

  /** Nothing to do. */
  record Compliant(String reason) implements Verdict {}

  /**
   * The function violates the rule; {@link Rule#fix} may repair it.
   *
   * @param reason what is wrong, by kind
   * @param subjects what it is wrong about: tag keys, variable names, a log group name; never values
   */
  record NonCompliant(String reason, java.util.List<String> subjects) implements Verdict {
    public NonCompliant {
      subjects = java.util.List.copyOf(subjects);
    }

    public NonCompliant(String reason) {
      this(reason, java.util.List.of());
    }
  }
}
