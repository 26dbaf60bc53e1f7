package io.lambdaguard.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatchlogs.model.CloudWatchLogsException;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;

/**
 * Patches logs_associate_kms_key and logs_kms_key_policy_check, and the log group settings moto
 * already handles.
 */
class LogsPatchesTest extends MotoTest {

  private static final String GROUP = "/aws/lambda/fn";
  private String keyArn;

  @BeforeEach
  void createKey() {
    keyArn = moto.createKeyWithId(UUID.randomUUID().toString());
  }

  private LogGroup group() {
    return aws.logs
        .describeLogGroups(describe -> describe.logGroupNamePrefix(GROUP))
        .logGroups()
        .getFirst();
  }

  @Test
  void associateKmsKey_existingGroup_shouldShowTheKeyInDescribeLogGroups() {
    aws.logs.createLogGroup(create -> create.logGroupName(GROUP));

    aws.logs.associateKmsKey(associate -> associate.logGroupName(GROUP).kmsKeyId(keyArn));

    assertEquals(keyArn, group().kmsKeyId());
  }

  @Test
  void createLogGroup_keyOfAnotherAccountWhosePolicyAllowsLogs_shouldUseIt() {
    String policy =
        """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow",
                 "Principal":{"Service":"logs.us-east-1.amazonaws.com"},"Action":"kms:*","Resource":"*"}]}""";
    String foreign =
        aws.kmsOf("210987654321")
            .createKey(create -> create.policy(policy).bypassPolicyLockoutSafetyCheck(true))
            .keyMetadata()
            .arn();
    assertTrue(foreign.contains(":210987654321:key/"), foreign);

    aws.logs.createLogGroup(create -> create.logGroupName(GROUP).kmsKeyId(foreign));

    assertEquals(foreign, group().kmsKeyId());
  }

  @Test
  void createLogGroup_keyOfAnotherAccountWithoutLogsInItsPolicy_shouldBeRefused() {
    String foreign = aws.kmsOf("210987654321").createKey(create -> {}).keyMetadata().arn();

    assertThrows(
        CloudWatchLogsException.class,
        () -> aws.logs.createLogGroup(create -> create.logGroupName(GROUP).kmsKeyId(foreign)));
  }

  @Test
  void associateKmsKey_missingGroup_shouldFailWithResourceNotFound() {
    assertThrows(
        ResourceNotFoundException.class,
        () ->
            aws.logs.associateKmsKey(associate -> associate.logGroupName(GROUP).kmsKeyId(keyArn)));
  }

  @Test
  void disassociateKmsKey_shouldRemoveTheKey() {
    aws.logs.createLogGroup(create -> create.logGroupName(GROUP).kmsKeyId(keyArn));

    aws.logs.disassociateKmsKey(disassociate -> disassociate.logGroupName(GROUP));

    assertNull(group().kmsKeyId());
  }

  @Test
  void createLogGroup_withKmsKeyId_shouldStoreTheKey() {
    aws.logs.createLogGroup(create -> create.logGroupName(GROUP).kmsKeyId(keyArn));

    assertEquals(keyArn, group().kmsKeyId());
  }

  @Test
  void putRetentionPolicy_shouldShowTheRetention() {
    aws.logs.createLogGroup(create -> create.logGroupName(GROUP));

    aws.logs.putRetentionPolicy(put -> put.logGroupName(GROUP).retentionInDays(30));

    assertEquals(30, group().retentionInDays());
  }

  @Test
  void associateKmsKey_keyPolicyWithoutLogsPrincipal_shouldBeDeniedNamingTheGroupArn() {
    String defaultPolicyKey = aws.kms.createKey(key -> {}).keyMetadata().arn();
    aws.logs.createLogGroup(create -> create.logGroupName(GROUP));

    CloudWatchLogsException denied =
        assertThrows(
            CloudWatchLogsException.class,
            () ->
                aws.logs.associateKmsKey(
                    associate -> associate.logGroupName(GROUP).kmsKeyId(defaultPolicyKey)));

    assertEquals("AccessDeniedException", denied.awsErrorDetails().errorCode());
    assertEquals(400, denied.statusCode());
    assertEquals(
        "The specified KMS key does not exist or is not allowed to be used with Arn "
            + "'arn:aws:logs:us-east-1:123456789012:log-group:"
            + GROUP
            + "'",
        denied.awsErrorDetails().errorMessage());
    assertNull(group().kmsKeyId());
  }

  @Test
  void createLogGroup_withKeyLogsMayNotUse_shouldBeDeniedAndCreateNothing() {
    String defaultPolicyKey = aws.kms.createKey(key -> {}).keyMetadata().arn();

    CloudWatchLogsException denied =
        assertThrows(
            CloudWatchLogsException.class,
            () ->
                aws.logs.createLogGroup(
                    create -> create.logGroupName(GROUP).kmsKeyId(defaultPolicyKey)));

    assertEquals("AccessDeniedException", denied.awsErrorDetails().errorCode());
    assertEquals(
        0,
        aws.logs
            .describeLogGroups(describe -> describe.logGroupNamePrefix(GROUP))
            .logGroups()
            .size());
  }

  @Test
  void associateKmsKey_disabledOrUnknownKey_shouldBeDenied() {
    aws.logs.createLogGroup(create -> create.logGroupName(GROUP));
    aws.kms.disableKey(disable -> disable.keyId(keyArn));

    assertThrows(
        CloudWatchLogsException.class,
        () ->
            aws.logs.associateKmsKey(associate -> associate.logGroupName(GROUP).kmsKeyId(keyArn)));
    assertThrows(
        CloudWatchLogsException.class,
        () ->
            aws.logs.associateKmsKey(
                associate ->
                    associate
                        .logGroupName(GROUP)
                        .kmsKeyId(
                            "arn:aws:kms:us-east-1:123456789012:key/00000000-0000-4000-8000-000000000000")));
  }
}
