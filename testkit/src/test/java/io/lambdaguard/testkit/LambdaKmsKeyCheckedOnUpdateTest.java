package io.lambdaguard.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;

/**
 * Patch lambda_kms_key_checked_on_update: Lambda refuses a KMSKeyArn it cannot create a grant on,
 * and changes nothing.
 */
class LambdaKmsKeyCheckedOnUpdateTest extends MotoTest {

  private static final String REFUSED =
      "Lambda was unable to configure access to your environment variables because the KMS key "
          + "is invalid for CreateGrant. Please check your KMS key settings. KMS Exception: ";

  private String revision;

  @BeforeEach
  void createFunction() {
    revision = aws.createFunction("fn").revisionId();
  }

  private InvalidParameterValueException refusedUpdate(String keyArn) {
    InvalidParameterValueException refused =
        assertThrows(
            InvalidParameterValueException.class,
            () ->
                aws.lambda.updateFunctionConfiguration(
                    update -> update.functionName("fn").kmsKeyArn(keyArn)));
    assertEquals(400, refused.statusCode());
    assertEquals("InvalidParameterValueException", refused.awsErrorDetails().errorCode());
    var configuration = aws.lambda.getFunctionConfiguration(get -> get.functionName("fn"));
    assertNull(configuration.kmsKeyArn(), "the function is left unchanged");
    assertEquals(revision, configuration.revisionId(), "no new revision");
    return refused;
  }

  @Test
  void updateWithDisabledKey_shouldBeRefusedAsDisabled() {
    String arn = aws.kms.createKey(create -> {}).keyMetadata().arn();
    aws.kms.disableKey(disable -> disable.keyId(arn));

    assertTrue(refusedUpdate(arn).getMessage().startsWith(REFUSED + "DisabledException"));
  }

  @Test
  void updateWithKeyPendingDeletion_shouldBeRefusedAsInvalidState() {
    String arn = aws.kms.createKey(create -> {}).keyMetadata().arn();
    aws.kms.scheduleKeyDeletion(
        schedule -> schedule.keyId(arn.substring(arn.indexOf("key/") + 4)).pendingWindowInDays(7));

    assertTrue(refusedUpdate(arn).getMessage().startsWith(REFUSED + "KMSInvalidStateException"));
  }

  @Test
  void updateWithUnknownKey_shouldBeRefusedAsNotFound() {
    String arn = "arn:aws:kms:us-east-1:123456789012:key/0b3c8f4e-5a2d-4c6e-9f1a-7d2b9e4c1a55";

    assertTrue(refusedUpdate(arn).getMessage().startsWith(REFUSED + "NotFoundException"));
  }

  @Test
  void updateWithKeyOfAnotherRegion_shouldBeRefusedAsNotFound() {
    String arn =
        aws.kms.createKey(create -> {}).keyMetadata().arn().replace(":us-east-1:", ":eu-west-1:");

    assertTrue(refusedUpdate(arn).getMessage().startsWith(REFUSED + "NotFoundException"));
  }

  @Test
  void updateWithKeyWhosePolicyShutsTheAccountOut_shouldBeRefusedAsAccessDenied() {
    String policy =
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"AWS\":\"arn:aws:iam::210987654321:root\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}]}";
    String arn =
        aws.kms
            .createKey(create -> create.policy(policy).bypassPolicyLockoutSafetyCheck(true))
            .keyMetadata()
            .arn();

    assertTrue(refusedUpdate(arn).getMessage().startsWith(REFUSED + "AccessDeniedException"));
  }

  @Test
  void updateWithUsableKey_shouldSetIt() {
    String arn = aws.kms.createKey(create -> {}).keyMetadata().arn();

    aws.lambda.updateFunctionConfiguration(update -> update.functionName("fn").kmsKeyArn(arn));

    assertEquals(
        arn, aws.lambda.getFunctionConfiguration(get -> get.functionName("fn")).kmsKeyArn());
  }
}
