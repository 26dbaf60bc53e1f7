package io.lambdaguard.encryption;

import io.lambdaguard.config.Config;
import io.lambdaguard.encryption.keys.KeyLookup;
import io.lambdaguard.events.LambdaOperation;
import io.lambdaguard.lambda.FunctionSnapshot;
import io.lambdaguard.rules.CannotFixException;
import io.lambdaguard.rules.LambdaWriteErrors;
import io.lambdaguard.rules.Rule;
import io.lambdaguard.rules.Verdict;
import io.lambdaguard.tickets.FixStep;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.LambdaException;
import software.amazon.awssdk.services.lambda.model.UpdateFunctionConfigurationRequest;

/**
 * Environment variables are encrypted with a customer managed key, not the AWS managed {@code
 * aws/lambda}.
 *
 * <ul>
 *   <li>Trigger: {@code CreateFunction}, {@code UpdateFunctionConfiguration}.
 *   <li>Check: a function with environment variables has a {@code KMSKeyArn}, and that key is not
 *       AWS managed.
 *   <li>Fix: {@code UpdateFunctionConfiguration} with the configured key and the {@code RevisionId}
 *       read, after checking once per container that the key is customer managed, enabled and
 *       symmetric.
 *   <li>Permissions: {@code kms:DescribeKey}, {@code lambda:UpdateFunctionConfiguration}, and
 *       {@code kms:CreateGrant} + {@code kms:Encrypt} on the key (Lambda uses the caller's rights).
 *   <li>Sample: {@code events/lambda/create_function_without_key.json}.
 * </ul>
 */
public final class EnvVarsUseCustomerManagedKey implements Rule {
  public static final String ID = "env-vars-customer-key";

  private final LambdaClient lambda;
  private final KeyLookup keys;
  private final String keyArn;

  @Inject
  public EnvVarsUseCustomerManagedKey(LambdaClient lambda, KeyLookup keys, Config config) {
    this.lambda = lambda;
    this.keys = keys;
    this.keyArn = config.requireKmsKeyArn();
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
    return Set.of(
        "kms:DescribeKey", "lambda:UpdateFunctionConfiguration", "kms:CreateGrant", "kms:Encrypt");
  }

  @Override
  public Verdict check(FunctionSnapshot function) {
    if (!function.hasEnvironment()) {
      return new Verdict.Compliant("no environment variables");
    }
    return check(
        function,
        function.kmsKeyArn(),
        "environment variables",
        FixStep.withCommand(
            "Or attach the configured key to the function's environment variables.",
            "aws lambda update-function-configuration --function-name "
                + function.arn()
                + " --kms-key-arn "
                + keyArn));
  }

  /**
   * The verdict on variables of the function encrypted with {@code key} (empty: {@code
   * aws/lambda}); also for a published version's variables ({@link
   * PublishedVersionsUseCustomerManagedKey}).
   *
   * @param where what the key encrypts, for the reasons
   * @param remedy the step that attaches the configured key instead, for an unverifiable verdict
   */
  Verdict check(FunctionSnapshot function, Optional<String> key, String where, FixStep remedy) {
    if (key.isEmpty()) {
      return new Verdict.NonCompliant(where + " use the AWS managed key aws/lambda");
    }
    if (key.get().equals(keyArn)) {
      return new Verdict.Compliant(where + " use the configured customer managed key");
    }
    // Another key: fine when KMS says it is customer managed; an AWS managed one set explicitly is
    // not, and one
    // this service cannot describe (another account's, access denied) cannot be checked.
    OtherKeys.Described other = OtherKeys.describe(keys, key.get(), function, where, remedy);
    if (other.unverifiable().isPresent()) {
      return other.unverifiable().get();
    }
    return other.info().orElseThrow().awsManaged()
        ? new Verdict.NonCompliant(where + " use an AWS managed key")
        : new Verdict.Compliant(where + " use another customer managed key");
  }

  /** The key this service attaches. */
  String configuredKey() {
    return keyArn;
  }

  @Override
  public String fix(FunctionSnapshot function, Verdict.NonCompliant violation) {
    keys.describe(keyArn)
        .unusableBecause()
        .ifPresent(
            problem -> {
              throw new CannotFixException("configured key unusable: " + problem);
            });
    try {
      lambda.updateFunctionConfiguration(
          UpdateFunctionConfigurationRequest.builder()
              .functionName(function.arn())
              .kmsKeyArn(keyArn)
              .revisionId(function.revisionId())
              .build());
      return "attached the configured customer managed key";
    } catch (LambdaException e) {
      throw LambdaWriteErrors.translate(e, function.arn(), "update refused");
    }
  }

  @Override
  public String plannedFix() {
    return "would attach the configured customer managed key";
  }

  @Override
  public List<FixStep> manualFix(FunctionSnapshot function, String subject) {
    return List.of(
        FixStep.withCommand(
            "Make sure the key is usable: KeyManager CUSTOMER, KeyState Enabled, KeySpec SYMMETRIC_DEFAULT, "
                + "KeyUsage ENCRYPT_DECRYPT (aws kms enable-key or aws kms cancel-key-deletion if not), and that its key policy "
                + "lets the function's deployers use it.",
            "aws kms describe-key --key-id " + keyArn),
        FixStep.withCommand(
            "Attach the key to the function's environment variables.",
            "aws lambda update-function-configuration --function-name "
                + function.arn()
                + " --kms-key-arn "
                + keyArn));
  }
}
