package io.lambdaguard.strip;

import io.lambdaguard.events.LambdaOperation;
import io.lambdaguard.lambda.FunctionSnapshot;
import io.lambdaguard.lambda.PublishedVersions;
import io.lambdaguard.personaldata.Finding;
import io.lambdaguard.personaldata.PersonalDataDetector;
import io.lambdaguard.rules.Evidence;
import io.lambdaguard.rules.PublishedVersionSteps;
import io.lambdaguard.rules.TicketOnlyRule;
import io.lambdaguard.rules.Verdict;
import io.lambdaguard.strip.detector.ComprehendDetector;
import io.lambdaguard.tickets.Category;
import io.lambdaguard.tickets.FixStep;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The description of every published version holds no personal data, as that of {@code $LATEST}
 * must not ({@link DescriptionHoldsNoPersonalData}, same detector). A version keeps the description
 * it was published with: redacting {@code $LATEST}'s leaves it as it was.
 *
 * <ul>
 *   <li>Trigger: {@code PublishVersion}, a {@code CreateFunction} or {@code UpdateFunctionCode}
 *       that published a version, and every sweep.
 *   <li>Check: {@code ListVersionsByFunction} (every page); each version's description, with the
 *       personal-data detector (with Comprehend on, in the same one call as the function's other
 *       strings).
 *   <li>Fix: none, a version cannot be changed: one ticket per function naming the offending
 *       versions (numbers only) and the delete-and-republish steps, and the kinds of data found,
 *       never the data.
 *   <li>Permissions: {@code lambda:ListVersionsByFunction}.
 *   <li>Sample: {@code events/lambda/publish_version_description_with_personal_data.json}.
 * </ul>
 */
public final class PublishedVersionDescriptionsHoldNoPersonalData implements TicketOnlyRule {
  public static final String ID = "versions-description-no-personal-data";

  private final PublishedVersions versions;
  private final PersonalDataDetector detector;
  private final Optional<ComprehendDetector> comprehend;

  @Inject
  public PublishedVersionDescriptionsHoldNoPersonalData(
      PublishedVersions versions,
      PersonalDataDetector detector,
      Optional<ComprehendDetector> comprehend) {
    this.versions = versions;
    this.detector = detector;
    this.comprehend = comprehend;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Set<LambdaOperation> triggers() {
    return Set.of(LambdaOperation.PUBLISH_VERSION);
  }

  @Override
  public Set<String> permissions() {
    return Set.of(PublishedVersions.PERMISSION);
  }

  @Override
  public Category category() {
    return Category.PERSONAL_DATA;
  }

  @Override
  public Verdict check(FunctionSnapshot function) {
    List<PublishedVersions.Version> published = versions.of(function);
    // The function's own strings stay known, so rules that run after this one still find their
    // answers.
    comprehend.ifPresent(
        c ->
            c.prefetch(
                Stream.concat(
                        PersonalDataStrings.of(function).stream(),
                        published.stream().map(PublishedVersions.Version::description))
                    .toList()));
    List<String> offending = new ArrayList<>();
    List<Finding> found = new ArrayList<>();
    for (PublishedVersions.Version version : published) {
      List<Finding> inDescription = detector.detect(version.description());
      if (!inDescription.isEmpty()) {
        offending.add(version.number());
        found.addAll(inDescription);
      }
    }
    if (offending.isEmpty()) {
      return new Verdict.Compliant("no personal data in the descriptions of published versions");
    }
    String subject = PublishedVersionSteps.subject(offending);
    String kinds = PersonalDataFindings.kinds(found);
    return new Verdict.NonCompliant(
        "personal data in the description of published " + subject + " (" + kinds + ")",
        List.of(
            new Evidence(subject, "the descriptions of published " + subject + " hold " + kinds)));
  }

  @Override
  public String whyNoAutomaticFix() {
    return "no automatic fix: a published version cannot be changed, only replaced and deleted by its owner";
  }

  @Override
  public List<FixStep> manualFix(FunctionSnapshot function, String subject) {
    return PublishedVersionSteps.deleteAndRepublish(
        function.arn(),
        subject,
        FixStep.withCommand(
            "Make sure the description of $LATEST holds no personal data (lambdaguard redacts it; check): "
                + "a new version takes it, unless publish-version is given a --description without personal data.",
            "aws lambda get-function-configuration --function-name "
                + function.arn()
                + " --query Description --output text"));
  }
}
