package io.lambdaguard.encryption;

import static io.lambdaguard.encryption.Invoker.outcomeOf;
import static io.lambdaguard.encryption.Invoker.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lambdaguard.testkit.MotoServer;
import io.lambdaguard.testkit.TestContext;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * "A refused update becomes {@code error} and a ticket", for the environment-encryption rule: the
 * emulator refuses {@code UpdateFunctionConfiguration} with a {@code KMSKeyArn} as Lambda does
 * ({@code InvalidParameterValueException}, the KMS cause in its message), in the cases the rule's
 * own key check cannot see.
 */
class RefusedUpdateIntegrationTest {
  private static MotoServer moto;
  private static Emulator aws;

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
  }

  private static void assertRefusedWithOneTicket(JsonNode result, String function) {
    JsonNode encryption = outcomeOf(result, EnvVarsUseCustomerManagedKey.ID);
    assertEquals("error", text(encryption, "outcome"), encryption.toString());
    assertEquals("cannot-fix", text(encryption, "code"));
    assertTrue(
        text(encryption, "reason").contains("InvalidParameterValueException"),
        encryption.toString());
    assertEquals("queued", text(encryption, "ticket"));
    assertEquals(1, encryption.field("tickets").orElseThrow().asArray().size());
    assertEquals(
        1,
        aws.findings().stream()
            .filter(f -> f.title().contains(EnvVarsUseCustomerManagedKey.ID))
            .count());
    assertNull(aws.configuration(function).kmsKeyArn(), "still on aws/lambda");
  }

  @Test
  void configuredKeyWhosePolicyShutsTheAccountOut_shouldBeAnErrorAndATicket() {
    // given: DescribeKey says the key is fine; only the grant Lambda needs is refused
    String policy =
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"AWS\":\"arn:aws:iam::210987654321:root\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}]}";
    String keyArn =
        aws.kms
            .createKey(k -> k.policy(policy).bypassPolicyLockoutSafetyCheck(true))
            .keyMetadata()
            .arn();
    aws.createFunction("orders-api", Map.of("STAGE", "prod"), null);
    aws.createEncryptedLogGroup("orders-api", aws.createKey());
    // when
    JsonNode result = new Invoker(moto, keyArn).invoke("create_function_without_key.json");
    // then
    assertRefusedWithOneTicket(result, "orders-api");
  }

  @Test
  void configuredKeyDisabledAfterTheContainerCheckedIt_shouldBeAnErrorAndATicket() {
    // given: a warm container fixed one function, so its key check is cached; then the key is
    // disabled
    String keyArn = aws.createKey();
    aws.createFunction("orders-api", Map.of("STAGE", "prod"), null);
    aws.createFunction("inventory-sync", Map.of("STAGE", "prod"), null);
    aws.createEncryptedLogGroup("orders-api", keyArn);
    aws.createEncryptedLogGroup("inventory-sync", keyArn);
    Container container = Container.withTickets(Container.env(moto.endpoint(), keyArn), moto);
    JsonNode first =
        container.invoke(
            Invoker.event("create_function_without_key.json"), new TestContext("encryption"));
    assertEquals("fixed", text(outcomeOf(first, EnvVarsUseCustomerManagedKey.ID), "outcome"));
    aws.kms.disableKey(d -> d.keyId(keyArn));
    // when
    JsonNode result =
        container.invoke(
            Invoker.event("update_function_configuration_removed_key.json"),
            new TestContext("encryption"));
    // then
    assertRefusedWithOneTicket(result, "inventory-sync");
  }
}
