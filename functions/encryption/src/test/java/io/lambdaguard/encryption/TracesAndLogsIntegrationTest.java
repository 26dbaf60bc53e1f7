package io.lambdaguard.encryption;

import static io.lambdaguard.encryption.Invoker.outcomeOf;
import static io.lambdaguard.encryption.Invoker.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lambdaguard.testkit.MotoServer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.xray.model.EncryptionConfig;
import software.amazon.awssdk.services.xray.model.EncryptionStatus;
import software.amazon.awssdk.services.xray.model.EncryptionType;

/**
 * The X-Ray and log data protection rules inside the encryption function, against the patched moto:
 * X-Ray's account-wide encryption raises one ticket however many traced functions there are, or is
 * fixed with XRayEncryption=fix; with LogDataProtection=on a function's log group gets a data
 * protection policy; report mode writes nothing.
 */
class TracesAndLogsIntegrationTest {
  private static final String TRACED_EVENT = "create_function_with_active_tracing.json";
  private static final String FINDINGS_GROUP = "lambdaguard-data-protection-findings";
  private static MotoServer moto;
  private static Emulator aws;
  private String keyArn;

  @BeforeAll
  static void startEmulator() {
    moto = MotoServer.start();
    aws = new Emulator(moto);
  }

  @AfterAll
  static void stopEmulator() {
    moto.close();
  }

  @BeforeEach
  void resetEmulator() {
    moto.reset();
    aws.createTicketTargets();
    keyArn = aws.createKey();
  }

  private Invoker function() {
    return new Invoker(moto, keyArn);
  }

  /** The recorded traced-function event, about another function. */
  private static String tracedEventFor(String name) {
    return new String(Invoker.event(TRACED_EVENT), StandardCharsets.UTF_8)
        .replace("checkout-traced", name)
        .replace("b7e2c4a1-6f3d-4e8b-9a15-2c7d0e9f4b83", "b7e2c4a1-6f3d-4e8b-9a15-2c7d0e9f4b84");
  }

  private static EncryptionConfig xrayConfig() {
    return aws.xray.getEncryptionConfig(g -> {}).encryptionConfig();
  }

  private static List<String> operations(String service) {
    return moto.calls(service).stream().map(c -> c.operation()).toList();
  }

  @Test
  void tracedFunction_withoutXRayEncryption_shouldRaiseOneTicketForTheAccount() {
    // given
    aws.createTracedFunction("checkout-traced");
    aws.createEncryptedLogGroup("checkout-traced", keyArn);
    // when
    JsonNode result = function().invoke(TRACED_EVENT);
    // then
    JsonNode xray = outcomeOf(result, XRayUsesCustomerManagedKey.ID);
    assertEquals("error", text(xray, "outcome"));
    assertEquals("queued", text(xray, "ticket"));
    assertEquals(1, aws.findings().size());
    assertTrue(
        aws.findings()
            .getFirst()
            .toString()
            .contains("xray:us-east-1:123456789012:encryption-config"),
        () -> aws.findings().getFirst().toString());
    assertEquals(EncryptionType.NONE, xrayConfig().type(), "ticket mode changes nothing");
    assertFalse(operations("xray").contains("PutEncryptionConfig"));
  }

  @Test
  void secondTracedFunction_shouldNotRaiseASecondTicket() {
    // given: one traced function already ticketed X-Ray's encryption
    aws.createTracedFunction("checkout-traced");
    aws.createEncryptedLogGroup("checkout-traced", keyArn);
    aws.createTracedFunction("billing-traced");
    aws.createEncryptedLogGroup("billing-traced", keyArn);
    function().invoke(TRACED_EVENT);
    // when: another traced function is created
    JsonNode second = function().invokeJson(tracedEventFor("billing-traced"));
    // then
    assertEquals("queued", text(outcomeOf(second, XRayUsesCustomerManagedKey.ID), "ticket"));
    assertEquals(1, aws.findings().size());
  }

  @Test
  void warmContainer_manyTracedFunctions_shouldReadXRaysConfigurationOnce() {
    // given
    for (String name : List.of("checkout-traced", "billing-traced")) {
      aws.createTracedFunction(name);
      aws.createEncryptedLogGroup(name, keyArn);
    }
    Container container = Container.start(Container.env(moto.endpoint(), keyArn));
    moto.resetCalls();
    // when
    JsonNode first =
        container.invoke(
            new String(Invoker.event(TRACED_EVENT), StandardCharsets.UTF_8),
            new io.lambdaguard.testkit.TestContext("encryption"));
    JsonNode second =
        container.invoke(
            tracedEventFor("billing-traced"), new io.lambdaguard.testkit.TestContext("encryption"));
    // then: both not compliant, one read for the container
    assertEquals("error", text(outcomeOf(first, XRayUsesCustomerManagedKey.ID), "outcome"));
    assertEquals("error", text(outcomeOf(second, XRayUsesCustomerManagedKey.ID), "outcome"));
    assertEquals(List.of("GetEncryptionConfig"), operations("xray"));
  }

  @Test
  void untracedFunction_shouldLeaveXRayAlone() {
    // given
    aws.createFunction("orders-api", Map.of(), null);
    aws.createEncryptedLogGroup("orders-api", keyArn);
    moto.resetCalls();
    // when
    JsonNode result = function().invoke("create_function_without_key.json");
    // then
    assertEquals("compliant", text(outcomeOf(result, XRayUsesCustomerManagedKey.ID), "outcome"));
    assertEquals(List.of(), operations("xray"));
    assertTrue(aws.findings().isEmpty());
  }

  @Test
  void fixMode_shouldPutTheKeyAndWaitUntilActive() {
    // given: X-Ray reports UPDATING for the next two reads after the put
    aws.createTracedFunction("checkout-traced");
    aws.createEncryptedLogGroup("checkout-traced", keyArn);
    moto.setXRayEncryptionUpdatingReadsAfterPut(2);
    moto.resetCalls();
    // when
    JsonNode result = function().with("XRAY_ENCRYPTION", "fix").invoke(TRACED_EVENT);
    // then
    assertEquals("fixed", text(outcomeOf(result, XRayUsesCustomerManagedKey.ID), "outcome"));
    List<String> calls = operations("xray");
    EncryptionConfig config = xrayConfig();
    assertEquals(EncryptionType.KMS, config.type());
    assertEquals(keyArn, config.keyId());
    assertEquals(EncryptionStatus.ACTIVE, config.status());
    assertEquals(
        List.of(
            "GetEncryptionConfig",
            "PutEncryptionConfig",
            "GetEncryptionConfig",
            "GetEncryptionConfig",
            "GetEncryptionConfig"),
        calls,
        "one read, the put, reads until ACTIVE, no read after (cached)");
    assertTrue(aws.findings().isEmpty());
  }

  @Test
  void xrayOnTheKey_shouldBeCompliantWithOneRead() {
    // given
    aws.xray.putEncryptionConfig(p -> p.type(EncryptionType.KMS).keyId(keyArn));
    moto.markXRayEncryptionUpdating(0);
    aws.createTracedFunction("checkout-traced");
    aws.createEncryptedLogGroup("checkout-traced", keyArn);
    moto.resetCalls();
    // when
    JsonNode result = function().with("XRAY_ENCRYPTION", "fix").invoke(TRACED_EVENT);
    // then
    assertEquals("compliant", text(outcomeOf(result, XRayUsesCustomerManagedKey.ID), "outcome"));
    assertEquals(List.of("GetEncryptionConfig"), operations("xray"));
  }

  @Test
  void xrayOff_shouldRemoveTheRule() {
    // given
    aws.createTracedFunction("checkout-traced");
    aws.createEncryptedLogGroup("checkout-traced", keyArn);
    moto.resetCalls();
    // when
    JsonNode result = function().with("XRAY_ENCRYPTION", "off").invoke(TRACED_EVENT);
    // then
    assertTrue(
        result.field("outcomes").orElseThrow().asArray().stream()
            .noneMatch(o -> text(o, "rule").equals(XRayUsesCustomerManagedKey.ID)));
    assertEquals(List.of(), operations("xray"));
  }

  private Invoker protectingLogs() {
    aws.logs.createLogGroup(c -> c.logGroupName(FINDINGS_GROUP));
    return function()
        .with("LOG_DATA_PROTECTION", "on")
        .with("DATA_PROTECTION_FINDINGS_LOG_GROUP", FINDINGS_GROUP);
  }

  private static String policyOf(String group) {
    return aws.logs.getDataProtectionPolicy(g -> g.logGroupIdentifier(group)).policyDocument();
  }

  @Test
  void logDataProtectionOn_newFunction_shouldGetAPolicyOnItsNewLogGroup() {
    // given: a new function whose group does not exist yet
    aws.createFunction("orders-api", Map.of(), null);
    Invoker function = protectingLogs();
    // when
    JsonNode result = function.invoke("create_function_without_key.json");
    // then: the key rule creates the group, this rule protects it
    assertEquals("fixed", text(outcomeOf(result, LogGroupUsesCustomerManagedKey.ID), "outcome"));
    assertEquals("fixed", text(outcomeOf(result, LogGroupDataProtection.ID), "outcome"));
    String policy = policyOf("/aws/lambda/orders-api");
    for (String identifier :
        List.of(
            "EmailAddress",
            "CreditCardNumber",
            "PhoneNumber-US",
            "BankAccountNumber-DE",
            "Ssn-US",
            "AwsSecretKey")) {
      assertTrue(policy.contains(LogGroupDataProtection.IDENTIFIER_ARN + identifier), identifier);
    }
    assertTrue(policy.contains("\"LogGroup\":\"" + FINDINGS_GROUP + "\""));
    assertEquals(LogGroupDataProtection.REQUIRED, LogGroupDataProtection.covered(policy));
  }

  @Test
  void logDataProtectionOff_shouldNotRunTheRule() {
    aws.createFunction("orders-api", Map.of(), null);
    JsonNode result = function().invoke("create_function_without_key.json");
    assertTrue(
        result.field("outcomes").orElseThrow().asArray().stream()
            .noneMatch(o -> text(o, "rule").equals(LogGroupDataProtection.ID)));
    assertNull(policyOf("/aws/lambda/orders-api"));
  }

  @Test
  void ownPolicyLackingIdentifiers_shouldBeLeftAloneWithATicket() {
    // given: the owner's policy masks e-mail addresses only
    aws.createFunction("orders-api", Map.of(), null);
    Invoker function = protectingLogs();
    aws.createEncryptedLogGroup("orders-api", keyArn);
    String own =
        "{\"Name\":\"own\",\"Version\":\"2021-06-01\",\"Statement\":["
            + "{\"DataIdentifier\":[\"arn:aws:dataprotection::aws:data-identifier/EmailAddress\"],"
            + "\"Operation\":{\"Audit\":{\"FindingsDestination\":{}}}},"
            + "{\"DataIdentifier\":[\"arn:aws:dataprotection::aws:data-identifier/EmailAddress\"],"
            + "\"Operation\":{\"Deidentify\":{\"MaskConfig\":{}}}}]}";
    aws.logs.putDataProtectionPolicy(
        p -> p.logGroupIdentifier("/aws/lambda/orders-api").policyDocument(own));
    // when
    JsonNode result = function.invoke("create_function_without_key.json");
    // then
    JsonNode outcome = outcomeOf(result, LogGroupDataProtection.ID);
    assertEquals("error", text(outcome, "outcome"));
    assertEquals("queued", text(outcome, "ticket"));
    assertEquals(own, policyOf("/aws/lambda/orders-api"));
    assertTrue(aws.findings().getFirst().toString().contains("Ssn-US"));
  }

  @Test
  void completePolicy_shouldBeCompliant() {
    aws.createFunction("orders-api", Map.of(), null);
    Invoker function = protectingLogs();
    aws.createEncryptedLogGroup("orders-api", keyArn);
    aws.logs.putDataProtectionPolicy(
        p ->
            p.logGroupIdentifier("/aws/lambda/orders-api")
                .policyDocument(LogGroupDataProtection.policyDocument(FINDINGS_GROUP)));
    moto.resetCalls();
    JsonNode result = function.invoke("create_function_without_key.json");
    assertEquals("compliant", text(outcomeOf(result, LogGroupDataProtection.ID), "outcome"));
    assertFalse(operations("logs").contains("PutDataProtectionPolicy"));
  }

  @Test
  void reportMode_shouldWriteNothing() {
    // given: a traced function, X-Ray without the key, a group without a policy, both rules set to
    // act
    aws.createTracedFunction("checkout-traced");
    aws.createEncryptedLogGroup("checkout-traced", keyArn);
    Invoker function = protectingLogs().with("XRAY_ENCRYPTION", "fix").with("MODE", "report");
    moto.resetCalls();
    // when
    JsonNode result = function.invoke(TRACED_EVENT);
    // then
    assertEquals("reported", text(outcomeOf(result, XRayUsesCustomerManagedKey.ID), "outcome"));
    assertEquals("reported", text(outcomeOf(result, LogGroupDataProtection.ID), "outcome"));
    assertEquals(List.of("GetEncryptionConfig"), operations("xray"));
    assertTrue(
        Set.of("DescribeLogGroups", "GetDataProtectionPolicy").containsAll(operations("logs")),
        () -> operations("logs").toString());
    assertNull(policyOf("/aws/lambda/checkout-traced"));
    assertEquals(EncryptionType.NONE, xrayConfig().type());
  }
}
