package io.lambdaguard.remediation;

import io.lambdaguard.events.CloudTrailEvent;
import io.lambdaguard.lambda.FunctionSnapshot;
import io.lambdaguard.rules.Evidence;
import io.lambdaguard.rules.Rule;
import io.lambdaguard.tickets.Finding;
import io.lambdaguard.tickets.FixStep;
import java.util.List;

/** The finding a rule's unfixed violation becomes: the rule's declarations, the function, the event, one item. */
public final class RuleFindings {
  private RuleFindings() {}

  /**
   * @param item the offending item; a key of {@code ""} means the function as a whole
   * @param notFixedBecause why the service did not fix it
   */
  public static Finding of(Rule rule, FunctionSnapshot function, CloudTrailEvent event, Evidence item, String notFixedBecause) {
    return of(rule, function, event, item, notFixedBecause, rule.manualFix(function, item.key()));
  }

  /** As {@link #of(Rule, FunctionSnapshot, CloudTrailEvent, Evidence, String)}, with the steps the ticket gives. */
  public static Finding of(
      Rule rule, FunctionSnapshot function, CloudTrailEvent event, Evidence item, String notFixedBecause, List<FixStep> steps) {
    return new Finding(
        rule.id(),
        function.arn(),
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
        steps);
  }

  /**
   * The finding with the function named by {@code label} wherever its ARN or name appears (ticket text, fix
   * commands): a name can hold personal data, and a function that can tell labels it redacted.
   */
  public static Finding relabel(Finding finding, FunctionSnapshot function, String label) {
    if (label.equals(function.arn())) {
      return finding;
    }
    String labelName = label.substring(label.lastIndexOf(':') + 1);
    java.util.function.UnaryOperator<String> scrub = text -> text == null ? null
        : text.replace(function.arn(), label).replace(function.name(), labelName);
    return new Finding(finding.ruleId(), scrub.apply(finding.functionArn()), finding.account(), finding.region(),
        finding.actorArn(), finding.eventTime(), finding.eventId(), finding.severity(), finding.category(),
        scrub.apply(finding.subject()), scrub.apply(finding.found()), scrub.apply(finding.notFixedBecause()),
        finding.fixSteps().stream().map(step -> new FixStep(scrub.apply(step.text()), scrub.apply(step.command()))).toList());
  }
}
