package io.lambdaguard.rules;

import io.lambdaguard.tickets.FixStep;
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
   * @param evidence the offending items, each of which gets its own ticket; empty when the
   *     violation concerns the function as a whole (one ticket)
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

  /**
   * The rule could not check the function (variables it may not decrypt, a key it may not describe
   * or that lives in another account). Never compliant: what cannot be checked is reported, with
   * one ticket, so the owner can make it checkable.
   *
   * @param reason what could not be checked and why, naming kinds and keys only
   * @param howToMakeCheckable the steps that let the service check it
   */
  record Unverifiable(String reason, List<FixStep> howToMakeCheckable) implements Verdict {
    public Unverifiable {
      howToMakeCheckable = List.copyOf(howToMakeCheckable);
    }
  }
}
