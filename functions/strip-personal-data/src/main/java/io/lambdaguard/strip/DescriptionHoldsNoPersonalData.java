package io.lambdaguard.strip;

import io.lambdaguard.events.LambdaOperation;
import io.lambdaguard.lambda.FunctionReader;
import io.lambdaguard.lambda.FunctionSnapshot;
import io.lambdaguard.personaldata.Finding;
import io.lambdaguard.personaldata.FixedPointRedaction;
import io.lambdaguard.personaldata.PersonalDataDetector;
import io.lambdaguard.rules.CannotFixException;
import io.lambdaguard.rules.Evidence;
import io.lambdaguard.rules.FixNotVerifiedException;
import io.lambdaguard.rules.LambdaWriteErrors;
import io.lambdaguard.rules.Rule;
import io.lambdaguard.rules.Verdict;
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
 *       {@code [redacted:<kind>]} (redacted again until the detector finds nothing; shorter markers
 *       when the text would exceed Lambda's 256 characters) and the {@code RevisionId} read; the
 *       rest of the text stays. Then the function is read again: the fix is done only when that
 *       description is clean.
 *   <li>Permissions: {@code lambda:UpdateFunctionConfiguration} (and {@code lambda:GetFunction} to
 *       read back).
 *   <li>Sample: {@code
 *       events/lambda/update_function_configuration_description_with_personal_data.json}.
 * </ul>
 */
public final class DescriptionHoldsNoPersonalData implements Rule {
  public static final String ID = "description-no-personal-data";

  /** Lambda's limit on a description, in characters. */
  public static final int MAX_LENGTH = 256;

  private final LambdaClient lambda;
  private final PersonalDataDetector detector;
  private final FunctionReader reader;

  @Inject
  public DescriptionHoldsNoPersonalData(
      LambdaClient lambda, PersonalDataDetector detector, FunctionReader reader) {
    this.lambda = lambda;
    this.detector = detector;
    this.reader = reader;
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
    return new Verdict.NonCompliant(
        "personal data in the description (" + kinds + ")",
        List.of(new Evidence("description", "the description holds " + kinds)));
  }

  @Override
  public String fix(FunctionSnapshot function, Verdict.NonCompliant violation) {
    FixedPointRedaction.Result redacted =
        FixedPointRedaction.redact(
            detector, function.description(), FixedPointRedaction.Markers.DESCRIPTION, MAX_LENGTH);
    if (!redacted.left().isEmpty()) {
      throw new CannotFixException(
          "redacting the description still leaves " + PersonalDataFindings.kinds(redacted.left()));
    }
    if (!redacted.fits()) {
      throw new CannotFixException(
          "the redacted description would exceed Lambda's limit of " + MAX_LENGTH + " characters");
    }
    try {
      lambda.updateFunctionConfiguration(
          u ->
              u.functionName(function.arn())
                  .description(redacted.text())
                  .revisionId(function.revisionId()));
    } catch (LambdaException e) {
      throw LambdaWriteErrors.translate(e, function.arn(), "update refused");
    }
    // The service's own write is skipped as self-caused when its event arrives: this read is the
    // only check of it.
    List<Finding> left = detector.detect(reader.read(function.arn()).description());
    if (!left.isEmpty()) {
      throw new FixNotVerifiedException(
          new Evidence(
              "description",
              "the description still holds "
                  + PersonalDataFindings.kinds(left)
                  + " after the fix"));
    }
    return "redacted the personal data in the description and read it back clean";
  }

  @Override
  public String plannedFix() {
    return "would redact the personal data in the description";
  }

  @Override
  public List<FixStep> manualFix(FunctionSnapshot function, String subject) {
    return List.of(
        FixStep.withCommand(
            "Rewrite the description without personal data.",
            "aws lambda update-function-configuration --function-name "
                + function.arn()
                + " --description '<new text>'"));
  }
}
