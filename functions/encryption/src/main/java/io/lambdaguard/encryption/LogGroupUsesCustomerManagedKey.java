package io.lambdaguard.encryption;

import io.lambdaguard.config.Config;
import io.lambdaguard.encryption.keys.KeyLookup;
import io.lambdaguard.events.LambdaOperation;
import io.lambdaguard.lambda.FunctionSnapshot;
import io.lambdaguard.lambda.StaleFunctionException;
import io.lambdaguard.rules.CannotFixException;
import io.lambdaguard.rules.Evidence;
import io.lambdaguard.rules.Rule;
import io.lambdaguard.rules.Verdict;
import io.lambdaguard.tickets.FixStep;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.arns.Arn;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.CloudWatchLogsException;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;

/**
 * The function's CloudWatch log group is encrypted with a customer managed key.
 *
 * <ul>
 *   <li>Trigger: {@code CreateFunction}, {@code UpdateFunctionConfiguration} (a new {@code
 *       LoggingConfig.LogGroup} included).
 *   <li>Check: the group ({@code LoggingConfig.LogGroup}, else {@code /aws/lambda/<name>}) has a
 *       {@code kmsKeyId}; CloudWatch Logs only accepts customer managed keys, so any key is
 *       compliant.
 *   <li>Fix: {@code AssociateKmsKey} with the configured key; a group that does not exist yet is
 *       created encrypted, with the configured retention, so the function's first log line is
 *       protected.
 *   <li>Permissions: {@code logs:DescribeLogGroups}, {@code logs:AssociateKmsKey}, {@code
 *       logs:CreateLogGroup}, {@code logs:PutRetentionPolicy}, {@code kms:DescribeKey}.
 *   <li>Sample: {@code events/lambda/update_function_configuration_custom_log_group.json}.
 * </ul>
 */
public final class LogGroupUsesCustomerManagedKey implements Rule {
  public static final String ID = "log-group-customer-key";

  static final String MISSING = "log group does not exist yet";
  static final String UNENCRYPTED = "log group is not encrypted with a customer managed key";

  private final CloudWatchLogsClient logs;
  private final KeyLookup keys;
  private final String keyArn;
  private final int retentionDays;

  @Inject
  public LogGroupUsesCustomerManagedKey(CloudWatchLogsClient logs, KeyLookup keys, Config config) {
    this.logs = logs;
    this.keys = keys;
    this.keyArn = config.requireKmsKeyArn();
    this.retentionDays = config.requireLogGroupRetentionDays();
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
        "logs:DescribeLogGroups",
        "logs:AssociateKmsKey",
        "logs:CreateLogGroup",
        "logs:PutRetentionPolicy",
        "kms:DescribeKey");
  }

  /** The group the function logs to. */
  static String logGroupOf(FunctionSnapshot function) {
    return function.logGroup().orElse("/aws/lambda/" + function.name());
  }

  @Override
  public Verdict check(FunctionSnapshot function) {
    String group = logGroupOf(function);
    Optional<LogGroup> found = find(group);
    if (found.isEmpty()) {
      return new Verdict.NonCompliant(
          MISSING, List.of(new Evidence(group, "log group " + group + " does not exist yet")));
    }
    String key = found.get().kmsKeyId();
    if (key == null || key.isBlank()) {
      return new Verdict.NonCompliant(
          UNENCRYPTED, List.of(new Evidence(group, "log group " + group + " has no KMS key")));
    }
    if (key.equals(keyArn)) {
      return new Verdict.Compliant(
          "log group is encrypted with the configured customer managed key");
    }
    // Another key: CloudWatch Logs takes only customer managed keys, but one this service cannot
    // describe (another
    // account's, access denied) cannot be checked.
    OtherKeys.Described other =
        OtherKeys.describe(
            keys,
            key,
            function,
            "log group " + group + " (its events)",
            FixStep.withCommand(
                "Or encrypt the log group with the configured key.",
                "aws logs associate-kms-key --log-group-name "
                    + group
                    + " --kms-key-id "
                    + keyArn));
    if (other.unverifiable().isPresent()) {
      return other.unverifiable().get();
    }
    return other.info().orElseThrow().awsManaged()
        ? new Verdict.NonCompliant(
            UNENCRYPTED,
            List.of(new Evidence(group, "log group " + group + " uses an AWS managed key")))
        : new Verdict.Compliant("log group is encrypted with another customer managed key");
  }

  private Optional<LogGroup> find(String group) {
    // Groups come sorted by name, so an exact match is the first one with this prefix.
    return logs.describeLogGroups(d -> d.logGroupNamePrefix(group).limit(1)).logGroups().stream()
        .filter(g -> g.logGroupName().equals(group))
        .findFirst();
  }

  @Override
  public String fix(FunctionSnapshot function, Verdict.NonCompliant violation) {
    keys.describe(keyArn)
        .unusableBecause()
        .ifPresent(
            problem -> {
              throw new CannotFixException("configured key unusable: " + problem);
            });
    String group = violation.evidence().getFirst().key();
    try {
      if (MISSING.equals(violation.reason())) {
        try {
          logs.createLogGroup(c -> c.logGroupName(group).kmsKeyId(keyArn));
          logs.putRetentionPolicy(p -> p.logGroupName(group).retentionInDays(retentionDays));
          return "created the log group encrypted with the configured key, retention "
              + retentionDays
              + " days";
        } catch (ResourceAlreadyExistsException e) {
          // Lambda created it meanwhile (first invocation): encrypt it instead.
        }
      }
      logs.associateKmsKey(a -> a.logGroupName(group).kmsKeyId(keyArn));
      return "associated the configured key with the log group";
    } catch (ResourceNotFoundException e) {
      throw new StaleFunctionException(function.arn(), "ResourceNotFoundException");
    } catch (CloudWatchLogsException e) {
      String code = e.awsErrorDetails() == null ? "unknown" : e.awsErrorDetails().errorCode();
      throw switch (code) {
        case "OperationAbortedException" -> new StaleFunctionException(function.arn(), code);
        case "AccessDeniedException", "InvalidParameterException" ->
            new CannotFixException(
                "CloudWatch Logs refused the key ("
                    + code
                    + "); "
                    + missingKeyPolicyStatement(function));
        default -> e;
      };
    }
  }

  /** The key policy statement CloudWatch Logs needs, for the owner to add. */
  static String missingKeyPolicyStatement(FunctionSnapshot function) {
    Arn arn = Arn.fromString(function.arn());
    String partition = arn.partition();
    String region = arn.region().orElseThrow();
    String account = arn.accountId().orElseThrow();
    return "the key policy must allow it: {\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"logs."
        + region
        + ".amazonaws.com\"},\"Action\":[\"kms:Encrypt*\",\"kms:Decrypt*\",\"kms:ReEncrypt*\",\"kms:GenerateDataKey*\","
        + "\"kms:Describe*\"],\"Resource\":\"*\",\"Condition\":{\"ArnLike\":{\"kms:EncryptionContext:aws:logs:arn\":"
        + "\"arn:"
        + partition
        + ":logs:"
        + region
        + ":"
        + account
        + ":log-group:*\"}}}";
  }

  @Override
  public String plannedFix() {
    return "would encrypt the log group with the configured key (creating it when missing)";
  }

  @Override
  public boolean fixNeedsCurrentRevision() {
    return false;
  }
}
