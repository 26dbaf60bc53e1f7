package io.lambdaguard.encryption;

import io.lambdaguard.events.LambdaOperation;
import io.lambdaguard.lambda.FunctionSnapshot;
import io.lambdaguard.lambda.PublishedVersions;
import io.lambdaguard.rules.Evidence;
import io.lambdaguard.rules.PublishedVersionSteps;
import io.lambdaguard.rules.TicketOnlyRule;
import io.lambdaguard.rules.Verdict;
import io.lambdaguard.tickets.FixStep;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The environment variables of every published version are encrypted with a customer managed key,
 * as those of {@code $LATEST} must be ({@link EnvVarsUseCustomerManagedKey}, same key logic). A
 * version keeps the variables and the key it was published with: fixing {@code $LATEST} leaves it
 * as it was.
 *
 * <ul>
 *   <li>Trigger: {@code PublishVersion}, a {@code CreateFunction} or {@code UpdateFunctionCode}
 *       that published a version, and every sweep.
 *   <li>Check: {@code ListVersionsByFunction} (every page); each version with variables has the
 *       configured key or another customer managed one.
 *   <li>Fix: none, a version cannot be changed: one ticket per function naming the offending
 *       versions (numbers only) and the delete-and-republish steps.
 *   <li>Permissions: {@code lambda:ListVersionsByFunction}, {@code kms:DescribeKey} (for a key
 *       other than the configured one).
 *   <li>Sample: {@code events/lambda/publish_version_on_aws_managed_key.json}.
 * </ul>
 */
public final class PublishedVersionsUseCustomerManagedKey implements TicketOnlyRule {
  public static final String ID = "versions-env-vars-customer-key";

  private final PublishedVersions versions;
  private final EnvVarsUseCustomerManagedKey latest;

  @Inject
  public PublishedVersionsUseCustomerManagedKey(
      PublishedVersions versions, EnvVarsUseCustomerManagedKey latest) {
    this.versions = versions;
    this.latest = latest;
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
    return Set.of(PublishedVersions.PERMISSION, "kms:DescribeKey");
  }

  @Override
  public Verdict check(FunctionSnapshot function) {
    List<String> offending = new ArrayList<>();
    List<String> unchecked = new ArrayList<>();
    List<FixStep> howToMakeCheckable = new ArrayList<>();
    for (PublishedVersions.Version version : versions.of(function)) {
      if (!version.hasEnvironment()) {
        continue;
      }
      Verdict verdict =
          latest.check(
              function,
              version.kmsKeyArn(),
              "environment variables of version " + version.number(),
              FixStep.of(
                  "Or publish a new version with the configured key and delete version "
                      + version.number()
                      + "."));
      switch (verdict) {
        case Verdict.Compliant c -> {}
        case Verdict.NonCompliant n -> offending.add(version.number());
        case Verdict.Unverifiable u -> {
          unchecked.add(version.number());
          u.howToMakeCheckable().stream()
              .filter(step -> !howToMakeCheckable.contains(step))
              .forEach(howToMakeCheckable::add);
        }
      }
    }
    if (!offending.isEmpty()) {
      String subject = PublishedVersionSteps.subject(offending);
      return new Verdict.NonCompliant(
          "published " + subject + " keep environment variables off the customer managed key",
          List.of(
              new Evidence(
                  subject,
                  "published "
                      + subject
                      + " keep environment variables encrypted with an AWS managed key")));
    }
    if (!unchecked.isEmpty()) {
      return new Verdict.Unverifiable(
          "the keys of published "
              + PublishedVersionSteps.subject(unchecked)
              + " cannot be checked",
          howToMakeCheckable);
    }
    return new Verdict.Compliant(
        "no published version keeps environment variables off the customer managed key");
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
            "Make sure $LATEST uses the configured key (lambdaguard attaches it; check, and attach it if not).",
            "aws lambda get-function-configuration --function-name "
                + function.arn()
                + " --query KMSKeyArn --output text\n"
                + "aws lambda update-function-configuration --function-name "
                + function.arn()
                + " --kms-key-arn "
                + latest.configuredKey()));
  }
}
