package io.lambdaguard.encryption;

import io.lambdaguard.config.Config;
import io.lambdaguard.events.LambdaOperation;
import io.lambdaguard.lambda.FunctionSnapshot;
import io.lambdaguard.lambda.StaleFunctionException;
import io.lambdaguard.rules.CannotFixException;
import io.lambdaguard.rules.Evidence;
import io.lambdaguard.rules.Rule;
import io.lambdaguard.rules.Verdict;
import io.lambdaguard.tickets.Category;
import io.lambdaguard.tickets.FixStep;
import jakarta.inject.Inject;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.SequencedSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.CloudWatchLogsException;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetDataProtectionPolicyResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;

/**
 * The function's log group audits and masks personal data with CloudWatch Logs' managed data
 * identifiers: a data protection policy masks matches for every reader without {@code logs:Unmask},
 * and sends audit findings to the stack's findings log group. Only with {@code
 * LogDataProtection=on}: CloudWatch Logs charges per GB it scans.
 *
 * <ul>
 *   <li>Trigger: {@code CreateFunction}, {@code UpdateFunctionConfiguration}. Runs after {@code
 *       log-group-customer-key} (rules run in id order), which creates a missing group encrypted; a
 *       group still missing (report mode) is a ticket.
 *   <li>Check: {@code GetDataProtectionPolicy} on the group ({@code LoggingConfig.LogGroup}, else
 *       {@code /aws/lambda/<name>}): a policy must exist, and its audit and masking statements must
 *       cover {@link #REQUIRED}.
 *   <li>Fix: a group without a policy gets one ({@code PutDataProtectionPolicy}). A group whose own
 *       policy lacks required identifiers is the owner's: replacing it would drop what they chose,
 *       so a ticket names the missing ones.
 *   <li>Permissions: {@code logs:GetDataProtectionPolicy}, {@code logs:PutDataProtectionPolicy},
 *       and what CloudWatch Logs needs of the caller to deliver findings to a log group: {@code
 *       logs:CreateLogDelivery}, {@code logs:PutResourcePolicy}, {@code
 *       logs:DescribeResourcePolicies}, {@code logs:DescribeLogGroups}.
 *   <li>Sample: {@code events/lambda/create_function_without_key.json}.
 * </ul>
 */
public final class LogGroupDataProtection implements Rule {
  public static final String ID = "log-group-data-protection";

  /**
   * The managed data identifiers every policy must audit and mask: e-mail addresses, payment cards,
   * phone numbers and bank accounts (IBANs for DE, ES, FR, GB, IT) of the detector's default
   * regions, national numbers, AWS secret keys and private keys. Unmodifiable, in this order (the
   * policy document and the tickets list them so).
   */
  static final SequencedSet<String> REQUIRED =
      Collections.unmodifiableSequencedSet(
          new LinkedHashSet<>(
              List.of(
                  "EmailAddress",
                  "CreditCardNumber",
                  "CreditCardSecurityCode",
                  "CreditCardExpiration",
                  "PhoneNumber-US",
                  "PhoneNumber-GB",
                  "PhoneNumber-DE",
                  "PhoneNumber-FR",
                  "BankAccountNumber-US",
                  "BankAccountNumber-GB",
                  "BankAccountNumber-DE",
                  "BankAccountNumber-FR",
                  "BankAccountNumber-ES",
                  "BankAccountNumber-IT",
                  "Ssn-US",
                  "NationalInsuranceNumber-GB",
                  "AwsSecretKey",
                  "OpenSshPrivateKey",
                  "PgpPrivateKey",
                  "PkcsPrivateKey",
                  "PuttyPrivateKey")));

  static final String IDENTIFIER_ARN = "arn:aws:dataprotection::aws:data-identifier/";

  static final String NO_POLICY = "log group has no data protection policy";
  static final String LACKING = "log group's data protection policy lacks required identifiers";
  static final String MISSING_GROUP = "log group does not exist";

  private final CloudWatchLogsClient logs;
  private final String findingsLogGroup;

  @Inject
  public LogGroupDataProtection(CloudWatchLogsClient logs, Config config) {
    this.logs = logs;
    this.findingsLogGroup = config.dataProtection().requireFindingsLogGroup();
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
        "logs:GetDataProtectionPolicy",
        "logs:PutDataProtectionPolicy",
        "logs:CreateLogDelivery",
        "logs:PutResourcePolicy",
        "logs:DescribeResourcePolicies",
        "logs:DescribeLogGroups");
  }

  @Override
  public Category category() {
    return Category.PERSONAL_DATA;
  }

  @Override
  public Verdict check(FunctionSnapshot function) {
    String group = LogGroupUsesCustomerManagedKey.logGroupOf(function);
    GetDataProtectionPolicyResponse policy;
    try {
      policy = logs.getDataProtectionPolicy(g -> g.logGroupIdentifier(group));
    } catch (ResourceNotFoundException e) {
      return new Verdict.NonCompliant(
          MISSING_GROUP, List.of(new Evidence(group, "log group " + group + " does not exist")));
    }
    String document = policy.policyDocument();
    if (document == null || document.isBlank()) {
      return new Verdict.NonCompliant(
          NO_POLICY,
          List.of(new Evidence(group, "log group " + group + " has no data protection policy")));
    }
    Set<String> missing = new TreeSet<>(REQUIRED);
    missing.removeAll(covered(document));
    if (missing.isEmpty()) {
      return new Verdict.Compliant(
          "log group's data protection policy audits and masks the required identifiers");
    }
    return new Verdict.NonCompliant(
        LACKING,
        List.of(
            new Evidence(
                group,
                "log group "
                    + group
                    + "'s data protection policy does not audit and mask "
                    + String.join(", ", missing))));
  }

  /** The managed identifiers that both the audit and a masking statement of the document name. */
  static Set<String> covered(String document) {
    Set<String> audited = new TreeSet<>();
    Set<String> masked = new TreeSet<>();
    try {
      JsonNode statements = JsonNode.parser().parse(document).field("Statement").orElse(null);
      if (statements == null || !statements.isArray()) {
        return Set.of();
      }
      for (JsonNode statement : statements.asArray()) {
        JsonNode operation = statement.field("Operation").orElse(null);
        JsonNode identifiers = statement.field("DataIdentifier").orElse(null);
        if (operation == null
            || !operation.isObject()
            || identifiers == null
            || !identifiers.isArray()) {
          continue;
        }
        Set<String> names =
            identifiers.asArray().stream()
                .filter(JsonNode::isString)
                .map(JsonNode::asString)
                .filter(i -> i.startsWith(IDENTIFIER_ARN))
                .map(i -> i.substring(IDENTIFIER_ARN.length()))
                .collect(Collectors.toSet());
        if (operation.asObject().containsKey("Audit")) {
          audited.addAll(names);
        }
        if (operation.asObject().containsKey("Deidentify")) {
          masked.addAll(names);
        }
      }
    } catch (RuntimeException e) {
      // A document this service cannot read covers nothing it can vouch for.
      return Set.of();
    }
    audited.retainAll(masked);
    return audited;
  }

  @Override
  public String fix(FunctionSnapshot function, Verdict.NonCompliant violation) {
    String group = violation.evidence().getFirst().key();
    switch (violation.reason()) {
      case LACKING ->
          throw new CannotFixException(
              "the group's own data protection policy is the owner's to extend; "
                  + "replacing it would drop what they chose");
      case MISSING_GROUP ->
          throw new CannotFixException(
              "the log group does not exist; it gets the policy once it does "
                  + "(the function's next change, or the sweep)");
      default -> {}
    }
    try {
      logs.putDataProtectionPolicy(
          p -> p.logGroupIdentifier(group).policyDocument(policyDocument(findingsLogGroup)));
      return "put a data protection policy auditing and masking "
          + REQUIRED.size()
          + " managed data identifiers";
    } catch (ResourceNotFoundException e) {
      throw new StaleFunctionException(function.arn(), "ResourceNotFoundException");
    } catch (CloudWatchLogsException e) {
      String code = e.awsErrorDetails() == null ? "unknown" : e.awsErrorDetails().errorCode();
      throw switch (code) {
        case "OperationAbortedException" -> new StaleFunctionException(function.arn(), code);
        case "AccessDeniedException", "InvalidParameterException", "LimitExceededException" ->
            new CannotFixException(
                "CloudWatch Logs refused the data protection policy (" + code + ")");
        default -> e;
      };
    }
  }

  /**
   * The policy: one audit statement to the findings group, one masking statement, the same
   * identifiers.
   */
  static String policyDocument(String findingsLogGroup) {
    String identifiers =
        REQUIRED.stream()
            .map(i -> "\"" + IDENTIFIER_ARN + i + "\"")
            .collect(Collectors.joining(","));
    return "{\"Name\":\"lambdaguard-data-protection\",\"Description\":\"Audits and masks personal data (lambdaguard)\","
        + "\"Version\":\"2021-06-01\",\"Statement\":["
        + "{\"Sid\":\"audit\",\"DataIdentifier\":["
        + identifiers
        + "],\"Operation\":{\"Audit\":{\"FindingsDestination\":"
        + "{\"CloudWatchLogs\":{\"LogGroup\":\""
        + findingsLogGroup
        + "\"}}}}},"
        + "{\"Sid\":\"redact\",\"DataIdentifier\":["
        + identifiers
        + "],\"Operation\":{\"Deidentify\":{\"MaskConfig\":{}}}}]}";
  }

  @Override
  public String plannedFix() {
    return "would put a data protection policy auditing and masking personal data on the log group";
  }

  @Override
  public List<FixStep> manualFix(FunctionSnapshot function, String group) {
    return List.of(
        FixStep.withCommand(
            "Add the missing managed data identifiers to both statements (audit and "
                + "Deidentify) of the group's data protection policy: "
                + String.join(", ", REQUIRED)
                + ".",
            "aws logs get-data-protection-policy --log-group-identifier "
                + group
                + " > policy.json\n"
                + "aws logs put-data-protection-policy --log-group-identifier "
                + group
                + " --policy-document file://policy.json"));
  }

  @Override
  public boolean fixNeedsCurrentRevision() {
    return false;
  }
}
