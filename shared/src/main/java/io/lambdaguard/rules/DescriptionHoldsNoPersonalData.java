package io.lambdaguard.rules;

import io.lambdaguard.events.LambdaOperation;
import io.lambdaguard.lambda.FunctionSnapshot;
import io.lambdaguard.lambda.LambdaWriteErrors;
import io.lambdaguard.personaldata.Finding;
import io.lambdaguard.personaldata.PersonalDataDetector;
import io.lambdaguard.personaldata.Redaction;
import io.lambdaguard.tickets.Category;
import io.lambdaguard.tickets.FixStep;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.LambdaException;

/**
 * The function's description holds no personal data: it flows into billing and diagnostic data.
 *
 * <ul>
 *   <li>Trigger: {@code CreateFunction}, {@code UpdateFunctionConfiguration}.
 *   <li>Check: the description, with the personal-data detector.
 *   <li>Fix: {@code UpdateFunctionConfiguration} with the description's matched spans rewritten as
 *       {@code [redacted:<kind>]} and the {@code RevisionId} read; the rest of the text stays.
 *   <li>Permissions: {@code lambda:UpdateFunctionConfiguration}.
 *   <li>Sample: {@code events/lambda/update_function_configuration_description_with_personal_data.json}.
 * </ul>
 */
public final class DescriptionHoldsNoPersonalData implements Rule {
  public static final String ID = "description-no-personal-data";

  private final LambdaClient lambda;
  private final PersonalDataDetector detector;

  @Inject
  public DescriptionHoldsNoPersonalData(LambdaClient lambda, PersonalDataDetector detector) {
    this.lambda = lambda;
    this.detector = detector;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Set<LambdaOperation> triggers() {
    return Set.of(LambdaOperation.CREATE_FUNCTION, LambdaOperation.UPDATE_FUNCTION_CONFIGURATION);
  }

  @Override
  public Set<String> permissions() {
    return Set.of("lambda:UpdateFunctionConfiguration");
  }

  @Override
  public Category category() {
    return Category.PERSONAL_DATA;
  }

  @Override
  public Verdict check(FunctionSnapshot function) {
    List<Finding> found = detector.detect(function.description());
    if (found.isEmpty()) {
      return new Verdict.Compliant("no personal data in the description");
    }
    String kinds = PersonalDataFindings.kinds(found);
    return new Verdict.NonCompliant("personal data in the description (" + kinds + ")",
        List.of(new Evidence("description", "the description holds " + kinds)));
  }

  @Override
  public String fix(FunctionSnapshot function, Verdict.NonCompliant violation) {
    String redacted = Redaction.redact(function.description(), detector.detect(function.description()));
    try {
      lambda.updateFunctionConfiguration(u -> u.functionName(function.arn())
          .description(redacted)
          .revisionId(function.revisionId()));
      return "redacted the personal data in the description";
    } catch (LambdaException e) {
      throw LambdaWriteErrors.translate(e, function.arn(), "update refused");
    }
  }

  @Override
  public String plannedFix() {
    return "would redact the personal data in the description";
  }

  @Override
  public List<FixStep> manualFix(FunctionSnapshot function, String subject) {
    return List.of(FixStep.withCommand("Rewrite the description without personal data.",
        "aws lambda update-function-configuration --function-name " + function.arn() + " --description '<new text>'"));
  }
}
