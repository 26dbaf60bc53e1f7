package io.lambdaguard.rules;

import io.lambdaguard.lambda.FunctionSnapshot;

/**
 * A rule whose violations only the function's owner can repair (a secret must be rotated and moved,
 * a name cannot change): the runner never waits to fix, it raises a ticket for every violation.
 */
public interface TicketOnlyRule extends Rule {
  /** Why no automatic fix exists; the tickets say it. */
  String whyNoAutomaticFix();

  /** Never repairs: the owner has to act. */
  @Override
  default String fix(FunctionSnapshot function, Verdict.NonCompliant violation) {
    throw new CannotFixException(whyNoAutomaticFix());
  }

  @Override
  default String plannedFix() {
    return "would open a ticket: " + whyNoAutomaticFix();
  }
}
