package io.lambdaguard.encryption;

import static io.lambdaguard.encryption.Invoker.outcomeOf;
import static io.lambdaguard.encryption.Invoker.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

/**
 * What cannot be checked is unverifiable, never compliant: variables the service may not decrypt,
 * and a key it cannot describe (another account's). Each is an {@code unverifiable} outcome with
 * one ticket, and nothing is written.
 */
class FailClosedIntegrationTest {
  private static final String DATABASE_URL =
      "postgres://reporting:" + "Tr0ub4dor-s3cret" + "@db.internal:5432/reports";
  private static final String FOREIGN_KEY =
      "arn:aws:kms:us-east-1:210987654321:key/5f1e2d3c-4b5a-4968-8776-655443322110";

  private static MotoServer moto;
  private static Emulator aws;
  private String keyArn;
  private Invoker function;

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
    function = new Invoker(moto, keyArn);
  }

  /**
   * A credential in variables on a customer key of the account that has since been disabled: Lambda
   * cannot decrypt them.
   */
  private void credentialsOnADisabledKey() {
    String ownersKey = aws.createKey();
    aws.createFunction("report-exporter", Map.of("DATABASE_URL", DATABASE_URL), ownersKey);
    aws.kms.disableKey(d -> d.keyId(ownersKey));
  }

  @Test
  void variablesThisServiceMayNotDecrypt_shouldBeUnverifiableWithOneTicketNeverCompliant() {
    // given
    credentialsOnADisabledKey();
    // when
    JsonNode result = function.invoke("create_function_with_credentials_in_url.json");
    // then
    JsonNode credentials = outcomeOf(result, EnvVarsHoldNoCredentials.ID);
    assertEquals("unverifiable", text(credentials, "outcome"));
    assertEquals("unverifiable", text(credentials, "code"));
    assertTrue(
        text(credentials, "reason").contains("KMSDisabledException"), credentials.toString());
    assertEquals("queued", text(credentials, "ticket"));
    assertEquals(1, credentials.field("tickets").orElseThrow().asArray().size());
    assertEquals(
        1,
        aws.findings().stream()
            .filter(f -> f.title().contains(EnvVarsHoldNoCredentials.ID))
            .count());
    assertFalse(result.toString().contains("Tr0ub4dor"));
  }

  @Test
  void unverifiable_shouldBeCountedAsItsOwnOutcomeMetric() {
    // given
    credentialsOnADisabledKey();
    Container container = Container.withTickets(Container.env(moto.endpoint(), keyArn), moto);
    // when
    container.invoke(
        Invoker.event("create_function_with_credentials_in_url.json"),
        new io.lambdaguard.testkit.TestContext("encryption"));
    // then
    List<JsonNode> credentials =
        container.metrics().stream()
            .filter(
                m -> m.field("rule").orElseThrow().asString().equals(EnvVarsHoldNoCredentials.ID))
            .toList();
    assertEquals(1, credentials.size());
    assertEquals("unverifiable", credentials.getFirst().field("outcome").orElseThrow().asString());
    assertEquals(
        "unverifiable", credentials.getFirst().field("reasonCode").orElseThrow().asString());
  }

  @Test
  void unverifiableTwice_shouldRaiseOneTicket() {
    credentialsOnADisabledKey();

    JsonNode first =
        outcomeOf(
            function.invoke("create_function_with_credentials_in_url.json"),
            EnvVarsHoldNoCredentials.ID);
    JsonNode second =
        outcomeOf(
            function.invoke("create_function_with_credentials_in_url.json"),
            EnvVarsHoldNoCredentials.ID);

    assertEquals("queued", text(first, "ticket"));
    assertEquals("queued", text(second, "ticket"));
    assertEquals(
        1,
        aws.findings().stream()
            .filter(f -> f.title().contains(EnvVarsHoldNoCredentials.ID))
            .count());
  }

  @Test
  void reportMode_shouldSayUnverifiableWithoutATicket() {
    credentialsOnADisabledKey();

    JsonNode credentials =
        outcomeOf(
            function.with("MODE", "report").invoke("create_function_with_credentials_in_url.json"),
            EnvVarsHoldNoCredentials.ID);

    assertEquals("unverifiable", text(credentials, "outcome"));
    assertEquals("none", text(credentials, "ticket"));
    assertTrue(aws.findings().isEmpty());
  }

  @Test
  void keyOfAnotherAccount_shouldBeUnverifiableWithOneTicketAndNoWrite() {
    // given: variables on a key of another account, which no DescribeKey of this account can see
    aws.createFunction("orders-api", Map.of("STAGE", "prod"), FOREIGN_KEY);
    aws.createEncryptedLogGroup("orders-api", keyArn);
    moto.resetCalls();
    // when
    JsonNode result = function.invoke("create_function_without_key.json");
    // then
    JsonNode encryption = outcomeOf(result, EnvVarsUseCustomerManagedKey.ID);
    assertEquals("unverifiable", text(encryption, "outcome"));
    assertTrue(text(encryption, "reason").contains("another account"), encryption.toString());
    assertEquals("queued", text(encryption, "ticket"));
    assertEquals(
        1,
        aws.findings().stream()
            .filter(f -> f.title().contains(EnvVarsUseCustomerManagedKey.ID))
            .count());
    assertEquals(FOREIGN_KEY, aws.configuration("orders-api").kmsKeyArn(), "left as it was");
    assertEquals(List.of(), moto.calls("kms"), "the other account's key is never looked up");
    assertTrue(
        moto.calls("lambda").stream()
            .noneMatch(c -> c.operation().startsWith("UpdateFunctionConfiguration")));
  }

  @Test
  void logGroupOnAKeyOfAnotherAccount_shouldBeUnverifiableWithOneTicketAndNoWrite() {
    // given: the function's group is encrypted with another account's key (CloudWatch Logs allows
    // it)
    String foreign = aws.createKeyInAccount("210987654321");
    aws.createFunction("orders-api", Map.of("STAGE", "prod"), keyArn);
    aws.logs.createLogGroup(c -> c.logGroupName("/aws/lambda/orders-api").kmsKeyId(foreign));
    moto.resetCalls();
    // when
    JsonNode result = function.invoke("create_function_without_key.json");
    // then
    JsonNode group = outcomeOf(result, LogGroupUsesCustomerManagedKey.ID);
    assertEquals("unverifiable", text(group, "outcome"), group.toString());
    assertTrue(text(group, "reason").contains("another account"), group.toString());
    assertEquals("queued", text(group, "ticket"));
    assertEquals(List.of(), moto.calls("kms"), "the other account's key is never looked up");
    assertTrue(moto.calls("logs").stream().noneMatch(MotoServer::isWrite));
  }

  @Test
  void keyOfThisAccountThatTheServiceMayDescribe_shouldStillBeCompliant() {
    // the control: another customer key of this account is checked and compliant, so the test above
    // can fail
    String ownersKey = aws.createKey();
    aws.createFunction("orders-api", Map.of("STAGE", "prod"), ownersKey);
    aws.createEncryptedLogGroup("orders-api", keyArn);

    JsonNode encryption =
        outcomeOf(
            function.invoke("create_function_without_key.json"), EnvVarsUseCustomerManagedKey.ID);

    assertEquals("compliant", text(encryption, "outcome"));
    assertNull(encryption.field("tickets").orElse(null));
  }
}
