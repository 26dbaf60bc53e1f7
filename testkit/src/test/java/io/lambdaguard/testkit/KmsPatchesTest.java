package io.lambdaguard.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kms.model.KeyManagerType;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KeyUsageType;

/**
 * Patches kms_aws_managed_lambda_key, kms_default_key_usage, kms_disable_key_by_arn, and the key
 * seeding hook.
 */
class KmsPatchesTest extends MotoTest {

  private KeyMetadata describe(String keyId) {
    return aws.kms.describeKey(describe -> describe.keyId(keyId)).keyMetadata();
  }

  @Test
  void describeKey_awsLambdaAlias_shouldReportAwsManagedKey() {
    KeyMetadata key = describe("alias/aws/lambda");

    assertEquals(KeyManagerType.AWS, key.keyManager());
    assertEquals(KeyState.ENABLED, key.keyState());
    assertEquals(KeyUsageType.ENCRYPT_DECRYPT, key.keyUsage());
  }

  @Test
  void describeKey_awsLambdaAliasArnOrItsKey_shouldReportTheSameAwsManagedKey() {
    String keyId = describe("alias/aws/lambda").keyId();

    for (String reference :
        new String[] {
          "arn:aws:kms:us-east-1:123456789012:alias/aws/lambda", keyId, describe(keyId).arn()
        }) {
      KeyMetadata key = describe(reference);
      assertEquals(keyId, key.keyId(), reference);
      assertEquals(KeyManagerType.AWS, key.keyManager(), reference);
    }
  }

  @Test
  void describeKey_customerKey_shouldReportCustomerManaged() {
    String keyId = aws.kms.createKey(create -> {}).keyMetadata().keyId();

    assertEquals(KeyManagerType.CUSTOMER, describe(keyId).keyManager());
  }

  @Test
  void disableKey_byKeyArn_shouldDisableTheKey() {
    String arn = aws.kms.createKey(create -> {}).keyMetadata().arn();

    aws.kms.disableKey(disable -> disable.keyId(arn));

    assertEquals(KeyState.DISABLED, describe(arn).keyState());
    assertFalse(describe(arn).enabled());
  }

  @Test
  void enableKey_byKeyArn_shouldEnableTheKey() {
    String arn = aws.kms.createKey(create -> {}).keyMetadata().arn();
    aws.kms.disableKey(disable -> disable.keyId(arn));

    aws.kms.enableKey(enable -> enable.keyId(arn));

    assertEquals(KeyState.ENABLED, describe(arn).keyState());
  }

  @Test
  void createKey_withoutKeyUsage_shouldDescribeAsEncryptDecrypt() {
    String keyId =
        aws.kms.createKey(create -> create.description("no usage given")).keyMetadata().keyId();

    KeyMetadata key = describe(keyId);
    assertEquals(KeyUsageType.ENCRYPT_DECRYPT, key.keyUsage());
    assertEquals("SYMMETRIC_DEFAULT", key.keySpecAsString());
  }

  @Test
  void createKeyWithId_shouldSeedACustomerKeyUnderThatArn() {
    String arn = moto.createKeyWithId("0b3c8f4e-5a2d-4c6e-9f1a-7d2b9e4c1a55");

    assertEquals(
        "arn:aws:kms:us-east-1:123456789012:key/0b3c8f4e-5a2d-4c6e-9f1a-7d2b9e4c1a55", arn);
    KeyMetadata key = describe(arn);
    assertEquals(KeyManagerType.CUSTOMER, key.keyManager());
    assertEquals(KeyState.ENABLED, key.keyState());
    assertEquals(arn, describe("0b3c8f4e-5a2d-4c6e-9f1a-7d2b9e4c1a55").arn());
    assertEquals(
        arn,
        moto.createKeyWithId("0b3c8f4e-5a2d-4c6e-9f1a-7d2b9e4c1a55"),
        "seeding twice is idempotent");
  }
}
