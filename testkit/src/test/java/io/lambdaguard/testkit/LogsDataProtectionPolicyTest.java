package io.lambdaguard.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatchlogs.model.DataProtectionStatus;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetDataProtectionPolicyResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.InvalidParameterException;
import software.amazon.awssdk.services.cloudwatchlogs.model.PutDataProtectionPolicyResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;

/**
 * Patch logs_data_protection_policy: Put/Get/DeleteDataProtectionPolicy and DescribeLogGroups'
 * dataProtectionStatus.
 */
class LogsDataProtectionPolicyTest extends MotoTest {

  private static final String GROUP = "/aws/lambda/fn";
  private static final String GROUP_ARN = "arn:aws:logs:us-east-1:123456789012:log-group:" + GROUP;
  private static final String AUDIT_GROUP = "/lambdaguard/data-protection-findings";
  private static final String MANAGED = "arn:aws:dataprotection::aws:data-identifier/";

  /** The identifiers the log-group-data-protection rule asks for. */
  private static final List<String> IDENTIFIERS =
      List.of(
          MANAGED + "EmailAddress",
          MANAGED + "CreditCardNumber",
          MANAGED + "PhoneNumber-US",
          MANAGED + "BankAccountNumber-DE",
          MANAGED + "Ssn-US",
          MANAGED + "AwsSecretKey");

  @BeforeEach
  void createGroups() {
    aws.logs.createLogGroup(create -> create.logGroupName(GROUP));
    aws.logs.createLogGroup(create -> create.logGroupName(AUDIT_GROUP));
  }

  private static String json(List<String> values) {
    return values.stream().map(MotoServer::quote).collect(Collectors.joining(",", "[", "]"));
  }

  private static String statement(String sid, List<String> identifiers, String operation) {
    return """
                {"Sid":%s,"DataIdentifier":%s,"Operation":%s}"""
        .formatted(MotoServer.quote(sid), json(identifiers), operation);
  }

  private static String audit(String findingsGroup) {
    return """
                {"Audit":{"FindingsDestination":{"CloudWatchLogs":{"LogGroup":%s}}}}"""
        .formatted(MotoServer.quote(findingsGroup));
  }

  private static final String MASK =
      """
            {"Deidentify":{"MaskConfig":{}}}""";

  private static String policy(String... statements) {
    return """
                {"Name":"lambdaguard-personal-data","Description":"Audit and mask personal data",\
                "Version":"2021-06-01","Statement":[%s]}"""
        .formatted(String.join(",", statements));
  }

  /**
   * The policy the rule will put: one Audit statement to the stack's findings group, one Deidentify
   * statement.
   */
  private static String validPolicy() {
    return policy(
        statement("audit", IDENTIFIERS, audit(AUDIT_GROUP)), statement("mask", IDENTIFIERS, MASK));
  }

  private PutDataProtectionPolicyResponse put(String identifier, String document) {
    return aws.logs.putDataProtectionPolicy(
        put -> put.logGroupIdentifier(identifier).policyDocument(document));
  }

  private GetDataProtectionPolicyResponse get(String identifier) {
    return aws.logs.getDataProtectionPolicy(get -> get.logGroupIdentifier(identifier));
  }

  private DataProtectionStatus status() {
    return aws.logs
        .describeLogGroups(describe -> describe.logGroupNamePrefix(GROUP))
        .logGroups()
        .getFirst()
        .dataProtectionStatus();
  }

  @Test
  void putDataProtectionPolicy_validPolicy_shouldAnswerItAndGetShouldReturnIt() {
    String document = validPolicy();

    PutDataProtectionPolicyResponse answer = put(GROUP, document);
    GetDataProtectionPolicyResponse stored = get(GROUP);

    assertEquals(GROUP, answer.logGroupIdentifier());
    assertEquals(document, answer.policyDocument());
    assertNotNull(answer.lastUpdatedTime());
    assertEquals(GROUP, stored.logGroupIdentifier());
    assertEquals(document, stored.policyDocument());
    assertEquals(answer.lastUpdatedTime(), stored.lastUpdatedTime());
  }

  @Test
  void putDataProtectionPolicy_groupArnWithOrWithoutWildcard_shouldSetTheGroupsPolicy() {
    String document = validPolicy();

    put(GROUP_ARN + ":*", document);

    assertEquals(document, get(GROUP_ARN).policyDocument());
    assertEquals(document, get(GROUP).policyDocument());
    assertEquals(GROUP_ARN, get(GROUP_ARN).logGroupIdentifier());
  }

  @Test
  void getDataProtectionPolicy_groupWithoutPolicy_shouldAnswerWithoutDocument() {
    GetDataProtectionPolicyResponse none = get(GROUP);

    assertEquals(GROUP, none.logGroupIdentifier());
    assertNull(none.policyDocument());
    assertNull(none.lastUpdatedTime());
  }

  @Test
  void dataProtectionPolicyCalls_missingGroup_shouldFailWithResourceNotFound() {
    String missing = "/aws/lambda/missing";

    assertThrows(ResourceNotFoundException.class, () -> put(missing, validPolicy()));
    assertThrows(ResourceNotFoundException.class, () -> get(missing));
    assertThrows(
        ResourceNotFoundException.class,
        () -> aws.logs.deleteDataProtectionPolicy(delete -> delete.logGroupIdentifier(missing)));
  }

  @Test
  void describeLogGroups_shouldReportActivatedWhilePolicySetAndDeletedAfterwards() {
    assertNull(status());

    put(GROUP, validPolicy());
    DataProtectionStatus whileSet = status();
    aws.logs.deleteDataProtectionPolicy(delete -> delete.logGroupIdentifier(GROUP));

    assertEquals(DataProtectionStatus.ACTIVATED, whileSet);
    assertEquals(DataProtectionStatus.DELETED, status());
    assertNull(get(GROUP).policyDocument());
  }

  @Test
  void deleteDataProtectionPolicy_groupWithoutPolicy_shouldFailWithResourceNotFound() {
    assertThrows(
        ResourceNotFoundException.class,
        () -> aws.logs.deleteDataProtectionPolicy(delete -> delete.logGroupIdentifier(GROUP)));
  }

  @Test
  void deleteLogGroup_shouldDropItsPolicy() {
    put(GROUP, validPolicy());

    aws.logs.deleteLogGroup(delete -> delete.logGroupName(GROUP));
    aws.logs.createLogGroup(create -> create.logGroupName(GROUP));

    assertNull(get(GROUP).policyDocument());
    assertNull(status());
  }

  @Test
  void putDataProtectionPolicy_customDataIdentifier_shouldBeAccepted() {
    List<String> identifiers = List.of(MANAGED + "EmailAddress", "EmployeeId");
    String document =
        """
                {"Name":"custom","Version":"2021-06-01",\
                "Configuration":{"CustomDataIdentifier":[{"Name":"EmployeeId","Regex":"EmployeeId-\\\\d{9}"}]},\
                "Statement":[%s,%s]}"""
            .formatted(
                statement("audit", identifiers, audit(AUDIT_GROUP)),
                statement("mask", identifiers, MASK));

    put(GROUP, document);

    assertEquals(document, get(GROUP).policyDocument());
  }

  @Test
  void putDataProtectionPolicy_auditWithoutDestinations_shouldBeAccepted() {
    String document =
        policy(
            statement("audit", IDENTIFIERS, "{\"Audit\":{\"FindingsDestination\":{}}}"),
            statement("mask", IDENTIFIERS, MASK));

    put(GROUP, document);

    assertEquals(DataProtectionStatus.ACTIVATED, status());
  }

  @Test
  void putDataProtectionPolicy_malformedDocument_shouldFailWithInvalidParameterAndSetNothing() {
    List<String> other = List.of(MANAGED + "EmailAddress");
    Map<String, String> malformed = new LinkedHashMap<>();
    malformed.put("not JSON", "{\"Name\":");
    malformed.put("not an object", "[]");
    malformed.put("no statements", policy());
    malformed.put("no Audit statement", policy(statement("mask", IDENTIFIERS, MASK)));
    malformed.put(
        "no Deidentify statement", policy(statement("audit", IDENTIFIERS, audit(AUDIT_GROUP))));
    malformed.put(
        "two Audit statements",
        policy(
            statement("a1", IDENTIFIERS, audit(AUDIT_GROUP)),
            statement("a2", IDENTIFIERS, audit(AUDIT_GROUP)),
            statement("mask", IDENTIFIERS, MASK)));
    malformed.put(
        "Audit without FindingsDestination",
        policy(
            statement("audit", IDENTIFIERS, "{\"Audit\":{}}"),
            statement("mask", IDENTIFIERS, MASK)));
    malformed.put(
        "findings group missing",
        policy(
            statement("audit", IDENTIFIERS, audit("/no/such/group")),
            statement("mask", IDENTIFIERS, MASK)));
    malformed.put(
        "MaskConfig not empty",
        policy(
            statement("audit", IDENTIFIERS, audit(AUDIT_GROUP)),
            statement(
                "mask", IDENTIFIERS, "{\"Deidentify\":{\"MaskConfig\":{\"MaskWith\":\"#\"}}}")));
    malformed.put(
        "identifier lists differ",
        policy(
            statement("audit", IDENTIFIERS, audit(AUDIT_GROUP)), statement("mask", other, MASK)));
    malformed.put(
        "empty identifier list",
        policy(
            statement("audit", List.of(), audit(AUDIT_GROUP)), statement("mask", List.of(), MASK)));
    List<String> unknown = List.of(MANAGED + "PhoneNumber");
    malformed.put(
        "identifier needing a country code",
        policy(statement("audit", unknown, audit(AUDIT_GROUP)), statement("mask", unknown, MASK)));
    List<String> notArn = List.of("EmailAddress");
    malformed.put(
        "managed identifier without its ARN",
        policy(statement("audit", notArn, audit(AUDIT_GROUP)), statement("mask", notArn, MASK)));
    malformed.put(
        "Configuration not an object",
        validPolicy().replace("\"Statement\"", "\"Configuration\":\"x\",\"Statement\""));
    malformed.put("unknown Version", validPolicy().replace("2021-06-01", "2012-10-17"));
    malformed.put(
        "over 30,720 characters",
        validPolicy().replace("Audit and mask personal data", "x".repeat(30_720)));

    malformed.forEach(
        (what, document) -> {
          InvalidParameterException invalid =
              assertThrows(InvalidParameterException.class, () -> put(GROUP, document), what);
          assertEquals(400, invalid.statusCode(), what);
        });
    assertNull(get(GROUP).policyDocument());
    assertNull(status());
  }
}
