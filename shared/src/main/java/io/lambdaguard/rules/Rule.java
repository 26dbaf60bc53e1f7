package io.lambdaguard.rules;

import io.lambdaguard.events.LambdaOperation;
import io.lambdaguard.lambda.FunctionSnapshot;
import io.lambdaguard.tickets.Category;
import io.lambdaguard.tickets.FixStep;
import io.lambdaguard.tickets.Severity;
import java.util.List;
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
   * Repairs the violation with writes conditioned on {@code function.revisionId()}, and says what
   * it changed. Throws {@link io.lambdaguard.lambda.StaleFunctionException} when the function
   * changed meanwhile, and {@link CannotFixException} when the owner has to act.
   */
  String fix(FunctionSnapshot function, Verdict.NonCompliant violation);

  /** What {@link #fix} would do, for report mode. */
  String plannedFix();

  // --- Tickets: what an unfixed violation's ticket says. Defaults suit an encryption rule. ---

  /** How urgent an unfixed violation is. */
  default Severity severity() {
    return Severity.MEDIUM;
  }

  /** What kind of problem a violation is. */
  default Category category() {
    return Category.ENCRYPTION;
  }

  /**
   * The exact steps (CLI commands, console paths) that fix the violation by hand. Names the
   * function, keys and the configured resources only, never a value read from the function.
   *
   * @param subject the offending item's key ({@link Evidence#key()}), empty for the function as a
   *     whole
   */
  default List<FixStep> manualFix(FunctionSnapshot function, String subject) {
    return List.of(
        FixStep.withCommand(
            "Correct what this ticket names in the function's configuration (Lambda console, Configuration tab); "
                + "lambdaguard checks the function again on its next change.",
            "aws lambda get-function-configuration --function-name " + function.arn()));
  }

  /**
   * The resource a violation's ticket is about, which keys the ticket ledger: the function, unless
   * the rule checks a setting of the whole account and region (X-Ray's encryption), whose one
   * ticket every function shares.
   */
  default String ticketSubject(FunctionSnapshot function) {
    return function.arn();
  }

  /**
   * Whether {@link #fix} writes the function's configuration with the {@code RevisionId} read, so
   * that after an earlier rule's write it must read the function again first. Rules that write
   * elsewhere (log groups, tags) do not.
   */
  default boolean fixNeedsCurrentRevision() {
    return true;
  }
}
