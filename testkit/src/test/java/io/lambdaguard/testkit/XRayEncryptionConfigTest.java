package io.lambdaguard.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.xray.model.EncryptionConfig;
import software.amazon.awssdk.services.xray.model.EncryptionStatus;
import software.amazon.awssdk.services.xray.model.EncryptionType;
import software.amazon.awssdk.services.xray.model.InvalidRequestException;

/**
 * Patch xray_encryption_config: X-Ray's GetEncryptionConfig and PutEncryptionConfig, through the
 * SDK's X-Ray client.
 */
class XRayEncryptionConfigTest extends MotoTest {

  private EncryptionConfig current() {
    return aws.xray.getEncryptionConfig(get -> {}).encryptionConfig();
  }

  private EncryptionConfig putKms(String keyId) {
    return aws.xray
        .putEncryptionConfig(put -> put.type(EncryptionType.KMS).keyId(keyId))
        .encryptionConfig();
  }

  private String customerKeyArn() {
    return aws.kms.createKey(create -> {}).keyMetadata().arn();
  }

  @Test
  void getEncryptionConfig_neverChanged_shouldBeDefaultEncryptionActive() {
    EncryptionConfig config = current();

    assertEquals(EncryptionType.NONE, config.type());
    assertEquals(EncryptionStatus.ACTIVE, config.status());
    assertNull(config.keyId());
  }

  @Test
  void putEncryptionConfig_customerKeyById_shouldAnswerTheKeyArnUpdating() {
    String keyArn = customerKeyArn();
    String keyId = keyArn.substring(keyArn.lastIndexOf('/') + 1);

    EncryptionConfig answer = putKms(keyId);

    assertEquals(EncryptionType.KMS, answer.type());
    assertEquals(keyArn, answer.keyId());
    assertEquals(EncryptionStatus.UPDATING, answer.status());
  }

  @Test
  void getEncryptionConfig_afterPut_shouldReportUpdatingOnceThenActive() {
    String keyArn = customerKeyArn();
    putKms(keyArn);

    EncryptionConfig first = current();
    EncryptionConfig second = current();

    assertEquals(EncryptionStatus.UPDATING, first.status());
    assertEquals(keyArn, first.keyId());
    assertEquals(EncryptionStatus.ACTIVE, second.status());
    assertEquals(EncryptionType.KMS, second.type());
    assertEquals(keyArn, second.keyId());
  }

  @Test
  void setUpdatingReadsAfterPut_shouldKeepEachPutUpdatingForThatManyReads() {
    moto.setXRayEncryptionUpdatingReadsAfterPut(3);
    putKms(customerKeyArn());

    List<EncryptionStatus> statuses =
        List.of(current().status(), current().status(), current().status(), current().status());

    assertEquals(
        List.of(
            EncryptionStatus.UPDATING,
            EncryptionStatus.UPDATING,
            EncryptionStatus.UPDATING,
            EncryptionStatus.ACTIVE),
        statuses);
  }

  @Test
  void setUpdatingReadsAfterPut_zero_shouldMakeThePutActiveAtOnce() {
    moto.setXRayEncryptionUpdatingReadsAfterPut(0);
    putKms(customerKeyArn());

    assertEquals(EncryptionStatus.ACTIVE, current().status());
  }

  @Test
  void markUpdating_shouldReportTheCurrentConfigurationUpdatingForThatManyReads() {
    moto.markXRayEncryptionUpdating(2);

    assertEquals(EncryptionStatus.UPDATING, current().status());
    assertEquals(EncryptionStatus.UPDATING, current().status());
    assertEquals(EncryptionStatus.ACTIVE, current().status());
    assertEquals(EncryptionType.NONE, current().type());
  }

  @Test
  void putEncryptionConfig_aliasNameOrAliasArn_shouldResolveToTheKeyArn() {
    String keyArn = customerKeyArn();
    aws.kms.createAlias(alias -> alias.aliasName("alias/traces").targetKeyId(keyArn));

    assertEquals(keyArn, putKms("alias/traces").keyId());
    assertEquals(keyArn, putKms("arn:aws:kms:us-east-1:123456789012:alias/traces").keyId());
  }

  @Test
  void putEncryptionConfig_xrayAwsManagedKey_shouldBeAccepted() {
    EncryptionConfig answer = putKms("alias/aws/xray");

    assertEquals(EncryptionType.KMS, answer.type());
    assertEquals(
        aws.kms.describeKey(describe -> describe.keyId("alias/aws/xray")).keyMetadata().arn(),
        answer.keyId());
  }

  @Test
  void putEncryptionConfig_typeNone_shouldReturnToDefaultEncryption() {
    putKms(customerKeyArn());

    EncryptionConfig answer =
        aws.xray.putEncryptionConfig(put -> put.type(EncryptionType.NONE)).encryptionConfig();

    assertEquals(EncryptionType.NONE, answer.type());
    assertNull(answer.keyId());
    assertEquals(EncryptionType.NONE, current().type());
    assertNull(current().keyId());
  }

  @Test
  void putEncryptionConfig_kmsWithoutKeyId_shouldFailWithInvalidRequestAndChangeNothing() {
    InvalidRequestException invalid =
        assertThrows(
            InvalidRequestException.class,
            () -> aws.xray.putEncryptionConfig(put -> put.type(EncryptionType.KMS)));

    assertEquals(400, invalid.statusCode());
    assertEquals("InvalidRequestException", invalid.awsErrorDetails().errorCode());
    assertEquals(EncryptionType.NONE, current().type());
  }

  @Test
  void putEncryptionConfig_keyXRayCannotUse_shouldFailWithInvalidRequestAndKeepTheKeyInUse() {
    String inUse = customerKeyArn();
    putKms(inUse);
    String disabled = customerKeyArn();
    aws.kms.disableKey(disable -> disable.keyId(disabled));
    String asymmetric =
        aws.kms
            .createKey(
                create -> create.keySpec(KeySpec.RSA_2048).keyUsage(KeyUsageType.SIGN_VERIFY))
            .keyMetadata()
            .arn();
    Map<String, String> unusable =
        Map.of(
            "unknown key",
                "arn:aws:kms:us-east-1:123456789012:key/00000000-0000-4000-8000-000000000000",
            "unknown alias", "alias/no-such-key",
            "disabled key", disabled,
            "asymmetric key", asymmetric,
            "another service's AWS managed key", "alias/aws/lambda");

    unusable.forEach(
        (what, keyId) -> {
          InvalidRequestException invalid =
              assertThrows(InvalidRequestException.class, () -> putKms(keyId), what);
          assertEquals(400, invalid.statusCode(), what);
          assertTrue(invalid.awsErrorDetails().errorMessage().contains(keyId), what);
        });
    assertEquals(inUse, current().keyId());
  }

  @Test
  void calls_shouldRecordBothOperationsAsXRayCallsAndPutAsWrite() {
    current();
    putKms(customerKeyArn());

    List<ApiCall> calls = moto.calls("xray");

    assertEquals(
        List.of("GetEncryptionConfig", "PutEncryptionConfig"),
        calls.stream().map(ApiCall::operation).toList());
    assertTrue(MotoServer.isWrite(calls.get(1)));
  }

  @Test
  void reset_shouldRestoreDefaultEncryption() {
    putKms(customerKeyArn());

    moto.reset();

    assertEquals(EncryptionType.NONE, current().type());
    assertEquals(EncryptionStatus.ACTIVE, current().status());
  }
}
