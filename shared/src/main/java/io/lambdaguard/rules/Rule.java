package io.lambdaguard.rules;

import io.lambdaguard.events.LambdaOperation;
import io.lambdaguard.lambda.FunctionSnapshot;
import java.util.Set;

/**
 * One data-protection rule: which calls wake it, what it checks, how it fixes, and every IAM action
 * its check and fix use (the template's policies are verified against these declarations).
 */
public interface Rule {
  /** Stable kebab-case id, used in logs, outcomes and tickets. */
  String id();

  /** The CloudTrail operations after which the rule runs. */
  Set<LambdaOperation> triggers();

  /** IAM actions the check and the fix call, beyond reading the function. */
  Set<String> permissions();

  /** Decides; makes no writes (read-only, cached lookups are allowed). */
  Verdict check(FunctionSnapshot function);

  /**
   * Repairs the violation with writes conditioned on {@code function.revisionId()}, and says what it
   * changed. Throws {@link io.lambdaguard.lambda.StaleFunctionException} when the function changed
   * meanwhile, and {@link CannotFixException} when the owner has to act.
   */
  String fix(FunctionSnapshot function, Verdict.NonCompliant violation);

  /** What {@link #fix} would do, for report mode. */
  String plannedFix();
}
