package io.lambdaguard.strip;

import io.lambdaguard.events.LambdaOperation;
import io.lambdaguard.lambda.FunctionSnapshot;
import io.lambdaguard.personaldata.Finding;
import io.lambdaguard.personaldata.FunctionNames;
import io.lambdaguard.personaldata.PersonalDataDetector;
import io.lambdaguard.rules.Evidence;
import io.lambdaguard.rules.TicketOnlyRule;
import io.lambdaguard.rules.Verdict;
import io.lambdaguard.tickets.Category;
import io.lambdaguard.tickets.FixStep;
import io.lambdaguard.tickets.Severity;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Set;

/**
 * The function's name holds no personal data: it is in every ARN, log group, metric and bill.
 *
 * <ul>
 *   <li>Trigger: {@code CreateFunction}.
 *   <li>Check: the name, with the personal-data detector.
 *   <li>Fix: none, names cannot change: a ticket asks the owner to recreate the function under
 *       another name. Every function names functions through {@code FunctionLabels}, so tickets and
 *       logs never hold the name.
 *   <li>Permissions: none beyond reading the function ({@code lambda:GetFunction}).
 *   <li>Sample: {@code events/lambda/create_function_with_personal_data_in_name.json}.
 * </ul>
 */
public final class NameHoldsNoPersonalData implements TicketOnlyRule {
  public static final String ID = "name-no-personal-data";

  private final PersonalDataDetector detector;

  @Inject
  public NameHoldsNoPersonalData(PersonalDataDetector detector) {
    this.detector = detector;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Set<LambdaOperation> triggers() {
    return Set.of(LambdaOperation.CREATE_FUNCTION);
  }

  @Override
  public Set<String> permissions() {
    return Set.of("lambda:GetFunction");
  }

  @Override
  public Severity severity() {
    return Severity.HIGH;
  }

  @Override
  public Category category() {
    return Category.PERSONAL_DATA;
  }

  @Override
  public Verdict check(FunctionSnapshot function) {
    List<Finding> found = FunctionNames.detect(function.name(), detector);
    if (found.isEmpty()) {
      return new Verdict.Compliant("no personal data in the name");
    }
    String kinds = PersonalDataFindings.kinds(found);
    return new Verdict.NonCompliant(
        "personal data in the function name (" + kinds + ")",
        List.of(new Evidence("name", "the function name holds " + kinds)));
  }

  @Override
  public String whyNoAutomaticFix() {
    return "no automatic fix: a function name cannot be changed";
  }

  @Override
  public List<FixStep> manualFix(FunctionSnapshot function, String subject) {
    return List.of(
        FixStep.of(
            "Recreate the function under a name without personal data (same code and configuration), move its "
                + "triggers, aliases and permissions to it, then delete this one. The function was created by the actor "
                + "and at the time this ticket gives; look it up in CloudTrail by the event id."),
        FixStep.withCommand(
            "Find the event that created it.",
            "aws cloudtrail lookup-events --lookup-attributes AttributeKey=EventName,AttributeValue=CreateFunction20150331"));
  }
}
