package io.lambdaguard.encryption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lambdaguard.config.Config;
import io.lambdaguard.encryption.keys.KeyInfo;
import io.lambdaguard.encryption.keys.KeyLookup;
import io.lambdaguard.lambda.FunctionSnapshot;
import io.lambdaguard.rules.CannotFixException;
import io.lambdaguard.rules.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The rule's decisions, on snapshots built directly (no AWS). */
class EnvVarsUseCustomerManagedKeyTest {
  private static final String KEY =
      "arn:aws:kms:us-east-1:123456789012:key/0b3c8f4e-5a2d-4c6e-9f1a-7d2b9e4c1a55";
  private static final String OTHER =
      "arn:aws:kms:us-east-1:123456789012:key/5f1e2d3c-4b5a-4968-8776-655443322110";
  private static final String AWS_MANAGED =
      "arn:aws:kms:us-east-1:123456789012:key/aaaaaaaa-1111-2222-3333-444444444444";
  private static final String HIDDEN =
      "arn:aws:kms:us-east-1:123456789012:key/bbbbbbbb-1111-2222-3333-444444444444";
  private static final String GONE =
      "arn:aws:kms:us-east-1:123456789012:key/cccccccc-1111-2222-3333-444444444444";
  private static final String FOREIGN =
      "arn:aws:kms:us-east-1:210987654321:key/dddddddd-1111-2222-3333-444444444444";

  private final List<String> described = new ArrayList<>();
  private final KeyLookup keys =
      id -> {
        described.add(id);
        if (id.equals(HIDDEN)) {
          return KeyInfo.accessDenied(id);
        }
        if (id.equals(GONE)) {
          return KeyInfo.notFound(id);
        }
        return id.equals(AWS_MANAGED)
            ? new KeyInfo(
                id,
                KeyInfo.Availability.FOUND,
                "AWS",
                "Enabled",
                "SYMMETRIC_DEFAULT",
                "ENCRYPT_DECRYPT")
            : new KeyInfo(
                id,
                KeyInfo.Availability.FOUND,
                "CUSTOMER",
                "Enabled",
                "SYMMETRIC_DEFAULT",
                "ENCRYPT_DECRYPT");
      };
  private final EnvVarsUseCustomerManagedKey rule =
      new EnvVarsUseCustomerManagedKey(
          null,
          keys,
          Config.from(Map.of("AWS_REGION", "us-east-1", "MODE", "enforce", "KMS_KEY_ARN", KEY)));

  private static FunctionSnapshot function(
      Map<String, String> env, Optional<String> envError, Optional<String> key) {
    return new FunctionSnapshot(
        "orders-api",
        "arn:aws:lambda:us-east-1:123456789012:function:orders-api",
        "rev-1",
        "Active",
        "Successful",
        key,
        env,
        envError,
        "",
        Map.of(),
        Optional.empty());
  }

  @Test
  void noEnvironment_shouldBeCompliantWithoutAnyKeyLookup() {
    Verdict verdict = rule.check(function(Map.of(), Optional.empty(), Optional.empty()));
    assertInstanceOf(Verdict.Compliant.class, verdict);
    assertTrue(described.isEmpty());
  }

  @Test
  void environmentWithDefaultKey_shouldBeNonCompliant() {
    Verdict verdict =
        rule.check(function(Map.of("STAGE", "prod"), Optional.empty(), Optional.empty()));
    assertInstanceOf(Verdict.NonCompliant.class, verdict);
    assertTrue(verdict.reason().contains("aws/lambda"));
  }

  @Test
  void environmentThatCannotBeDecrypted_shouldStillCountAsEnvironment() {
    Verdict verdict =
        rule.check(function(Map.of(), Optional.of("KMSAccessDeniedException"), Optional.empty()));
    assertInstanceOf(Verdict.NonCompliant.class, verdict);
  }

  @Test
  void configuredKey_shouldBeCompliantWithoutAnyKeyLookup() {
    Verdict verdict =
        rule.check(function(Map.of("STAGE", "prod"), Optional.empty(), Optional.of(KEY)));
    assertInstanceOf(Verdict.Compliant.class, verdict);
    assertTrue(described.isEmpty());
  }

  @Test
  void anotherCustomerKey_shouldBeCompliant() {
    Verdict verdict =
        rule.check(function(Map.of("STAGE", "prod"), Optional.empty(), Optional.of(OTHER)));
    assertInstanceOf(Verdict.Compliant.class, verdict);
    assertEquals(List.of(OTHER), described);
  }

  @Test
  void keyThisServiceMayNotDescribe_shouldBeUnverifiableNeverCompliant() {
    Verdict verdict =
        rule.check(function(Map.of("STAGE", "prod"), Optional.empty(), Optional.of(HIDDEN)));
    assertInstanceOf(Verdict.Unverifiable.class, verdict);
    assertTrue(verdict.reason().contains("access to the key denied"), verdict.reason());
  }

  @Test
  void keyNotFound_shouldBeUnverifiable() {
    assertInstanceOf(
        Verdict.Unverifiable.class,
        rule.check(function(Map.of("STAGE", "prod"), Optional.empty(), Optional.of(GONE))));
  }

  @Test
  void keyOfAnotherAccount_shouldBeUnverifiableWithoutALookup() {
    Verdict verdict =
        rule.check(function(Map.of("STAGE", "prod"), Optional.empty(), Optional.of(FOREIGN)));
    assertInstanceOf(Verdict.Unverifiable.class, verdict);
    assertTrue(verdict.reason().contains("another account"), verdict.reason());
    assertTrue(described.isEmpty());
  }

  @Test
  void explicitAwsManagedKey_shouldBeNonCompliant() {
    Verdict verdict =
        rule.check(function(Map.of("STAGE", "prod"), Optional.empty(), Optional.of(AWS_MANAGED)));
    assertInstanceOf(Verdict.NonCompliant.class, verdict);
  }

  @Test
  void unusableConfiguredKey_shouldRefuseToFixBeforeAnyWrite() {
    // given: a disabled configured key; the Lambda client is null, so any write would fail loudly
    KeyLookup disabled =
        id ->
            new KeyInfo(
                id,
                KeyInfo.Availability.FOUND,
                "CUSTOMER",
                "Disabled",
                "SYMMETRIC_DEFAULT",
                "ENCRYPT_DECRYPT");
    EnvVarsUseCustomerManagedKey strict =
        new EnvVarsUseCustomerManagedKey(
            null,
            disabled,
            Config.from(Map.of("AWS_REGION", "us-east-1", "MODE", "enforce", "KMS_KEY_ARN", KEY)));
    FunctionSnapshot fn = function(Map.of("STAGE", "prod"), Optional.empty(), Optional.empty());
    // when
    CannotFixException e =
        assertThrows(
            CannotFixException.class,
            () -> strict.fix(fn, (Verdict.NonCompliant) strict.check(fn)));
    // then
    assertEquals("configured key unusable: key state is Disabled", e.getMessage());
  }

  @Test
  void declarations_shouldNameTriggersAndEveryCallTheRuleMakes() {
    assertEquals(2, rule.triggers().size());
    assertTrue(
        rule.permissions()
            .containsAll(List.of("kms:DescribeKey", "lambda:UpdateFunctionConfiguration")));
  }
}
