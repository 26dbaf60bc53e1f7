package io.lambdaguard.remediation;

import io.lambdaguard.events.CloudTrailEvent;
import io.lambdaguard.lambda.FunctionSnapshot;
import io.lambdaguard.rules.AccountRule;
import io.lambdaguard.rules.Evidence;
import io.lambdaguard.rules.Rule;
import io.lambdaguard.tickets.Finding;
import io.lambdaguard.tickets.FixStep;
import java.util.List;

/**
 * The finding a rule's unfixed violation becomes: the rule's declarations, the function, the event,
 * one item.
 */
public final class RuleFindings {
  private RuleFindings() {}

  /**
   * @param item the offending item; a key of {@code ""} means the function as a whole
   * @param notFixedBecause why the service did not fix it
   * @param outcome what the ticket reports ({@link Finding#WOULD_FIX}, {@link Finding#CANNOT_FIX},
   *     ...)
   */
  public static Finding of(
      Rule rule,
      FunctionSnapshot function,
      CloudTrailEvent event,
      Evidence item,
      String notFixedBecause,
      String outcome) {
    return of(
        rule,
        function,
        event,
        item,
        notFixedBecause,
        outcome,
        rule.manualFix(function, item.key()));
  }

  /**
   * As {@link #of(Rule, FunctionSnapshot, CloudTrailEvent, Evidence, String, String)}, with the
   * steps the ticket gives.
   */
  public static Finding of(
      Rule rule,
      FunctionSnapshot function,
      CloudTrailEvent event,
      Evidence item,
      String notFixedBecause,
      String outcome,
      List<FixStep> steps) {
    return of(rule, rule.ticketSubject(function), event, item, notFixedBecause, outcome, steps);
  }

  /**
   * The finding of an account-level rule's setting, checked without a function: its ticket is the
   * setting's.
   */
  public static Finding ofAccount(
      AccountRule rule,
      CloudTrailEvent event,
      Evidence item,
      String notFixedBecause,
      String outcome) {
    return of(
        rule,
        rule.accountSubject(event.account(), event.region()),
        event,
        item,
        notFixedBecause,
        outcome,
        rule.manualFixForAccount());
  }

  private static Finding of(
      Rule rule,
      String subject,
      CloudTrailEvent event,
      Evidence item,
      String notFixedBecause,
      String outcome,
      List<FixStep> steps) {
    return new Finding(
        rule.id(),
        subject,
        event.account(),
        event.region(),
        event.actor().arn(),
        event.time(),
        event.eventId(),
        rule.severity(),
        rule.category(),
        item.key(),
        item.found(),
        notFixedBecause,
        outcome,
        steps);
  }
}
