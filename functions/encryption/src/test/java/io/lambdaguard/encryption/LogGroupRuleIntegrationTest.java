package io.lambdaguard.encryption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lambdaguard.testkit.MotoServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;

/** The log-group rule inside the encryption function, against the patched moto. */
class LogGroupRuleIntegrationTest {
  private static MotoServer moto;
  private static Emulator aws;
  private static CloudWatchLogsClient logs;
  private static String keyArn;

  @BeforeAll
  static void startEmulator() {
    moto = MotoServer.start();
    aws = new Emulator(moto);
    logs = aws.logs;
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

  private static String outcome(JsonNode result) {
    return Emulator.outcomeOf(result, LogGroupUsesCustomerManagedKey.ID, "outcome");
  }

  private static String reason(JsonNode result) {
    return Emulator.outcomeOf(result, LogGroupUsesCustomerManagedKey.ID, "reason");
  }

  private static LogGroup group(String name) {
    return logs.describeLogGroups(d -> d.logGroupNamePrefix(name)).logGroups().stream()
        .filter(g -> g.logGroupName().equals(name))
        .findFirst()
        .orElse(null);
  }

  private static List<String> logsCalls() {
    return moto.calls("logs").stream().map(c -> c.operation()).toList();
  }

  @Test
  void existingUnencryptedGroup_shouldGetTheConfiguredKey() {
    // given
    aws.createFunction("orders-api", Map.of(), null);
    logs.createLogGroup(c -> c.logGroupName("/aws/lambda/orders-api"));
    moto.resetCalls();
    // when
    JsonNode result = aws.invoke("create_function_without_key.json", "enforce", keyArn);
    // then
    assertEquals("fixed", outcome(result));
    assertEquals(List.of("DescribeLogGroups", "AssociateKmsKey"), logsCalls());
    assertEquals(keyArn, group("/aws/lambda/orders-api").kmsKeyId());
  }

  @Test
  void missingGroup_shouldBeCreatedEncryptedWithRetention() {
    // given
    aws.createFunction("orders-api", Map.of(), null);
    moto.resetCalls();
    // when
    JsonNode result = aws.invoke("create_function_without_key.json", "enforce", keyArn);
    // then
    assertEquals("fixed", outcome(result));
    assertEquals(List.of("DescribeLogGroups", "CreateLogGroup", "PutRetentionPolicy"), logsCalls());
    LogGroup created = group("/aws/lambda/orders-api");
    assertEquals(keyArn, created.kmsKeyId());
    assertEquals(30, created.retentionInDays());
  }

  @Test
  void customLogGroupFromLoggingConfig_shouldBeTheOneEncrypted() {
    // given: the function logs to a shared group named in its LoggingConfig
    aws.createFunction("orders-api", Map.of(), null);
    aws.lambda.updateFunctionConfiguration(
        u -> u.functionName("orders-api").loggingConfig(l -> l.logGroup("/platform/orders")));
    logs.createLogGroup(c -> c.logGroupName("/platform/orders"));
    moto.resetCalls();
    // when
    JsonNode result =
        aws.invoke("update_function_configuration_custom_log_group.json", "enforce", keyArn);
    // then
    assertEquals("fixed", outcome(result));
    assertEquals(keyArn, group("/platform/orders").kmsKeyId());
    assertNull(group("/aws/lambda/orders-api"), "the default group is not the function's group");
  }

  @Test
  void groupWithAnotherCustomerKey_shouldGetZeroWrites() {
    // given
    String other = aws.createKey();
    aws.createFunction("orders-api", Map.of(), null);
    logs.createLogGroup(c -> c.logGroupName("/aws/lambda/orders-api").kmsKeyId(other));
    moto.resetCalls();
    // when
    JsonNode result = aws.invoke("create_function_without_key.json", "enforce", keyArn);
    // then
    assertEquals("compliant", outcome(result));
    assertEquals(List.of("DescribeLogGroups"), logsCalls());
    assertEquals(other, group("/aws/lambda/orders-api").kmsKeyId());
  }

  @Test
  void reportMode_shouldWriteNothing() {
    aws.createFunction("orders-api", Map.of(), null);
    logs.createLogGroup(c -> c.logGroupName("/aws/lambda/orders-api"));
    moto.resetCalls();
    JsonNode result = aws.invoke("create_function_without_key.json", "report", keyArn);
    assertEquals("reported", outcome(result));
    // the function's calls: the test's own set-up and the tickets function behind it aside
    List<io.lambdaguard.testkit.ApiCall> calls =
        moto.calls().stream()
            .filter(
                c ->
                    io.lambdaguard.testkit.FunctionPrincipal.signerOf(c)
                        .filter(p -> p.role().equals(Emulator.ROLE))
                        .isPresent())
            .toList();
    assertTrue(calls.stream().noneMatch(MotoServer::isWrite), () -> "writes: " + calls);
    assertNull(group("/aws/lambda/orders-api").kmsKeyId());
  }

  @Test
  void refusedAssociation_shouldBeAnErrorNamingTheMissingKeyPolicyStatement() {
    // given: a key CloudWatch Logs refuses (the launcher's AssociateKmsKey checks the key's policy)
    String refused =
        aws.kms
            .createKey(
                k ->
                    k.description("no logs principal")
                        .policy(
                            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"owner\",\"Effect\":\"Allow\","
                                + "\"Principal\":{\"AWS\":\"arn:aws:iam::123456789012:root\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}]}"))
            .keyMetadata()
            .arn();
    aws.createFunction("orders-api", Map.of(), null);
    logs.createLogGroup(c -> c.logGroupName("/aws/lambda/orders-api"));
    moto.resetCalls();
    // when
    JsonNode result = aws.invoke("create_function_without_key.json", "enforce", refused);
    // then
    assertEquals("error", outcome(result));
    assertTrue(reason(result).contains("logs.us-east-1.amazonaws.com"), () -> reason(result));
    assertTrue(reason(result).contains("kms:EncryptionContext:aws:logs:arn"), () -> reason(result));
    assertNull(group("/aws/lambda/orders-api").kmsKeyId());
  }
}
