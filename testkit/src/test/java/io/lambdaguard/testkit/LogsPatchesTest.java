package io.lambdaguard.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;

/** Patch logs_associate_kms_key, and the log group settings moto already handles. */
class LogsPatchesTest extends MotoTest {

    private static final String GROUP = "/aws/lambda/fn";
    private String keyArn;

    @BeforeEach
    void createKey() {
        keyArn = aws.kms.createKey(key -> {}).keyMetadata().arn();
    }

    private LogGroup group() {
        return aws.logs.describeLogGroups(describe -> describe.logGroupNamePrefix(GROUP)).logGroups().getFirst();
    }

    @Test
    void associateKmsKey_existingGroup_shouldShowTheKeyInDescribeLogGroups() {
        aws.logs.createLogGroup(create -> create.logGroupName(GROUP));

        aws.logs.associateKmsKey(associate -> associate.logGroupName(GROUP).kmsKeyId(keyArn));

        assertEquals(keyArn, group().kmsKeyId());
    }

    @Test
    void associateKmsKey_missingGroup_shouldFailWithResourceNotFound() {
        assertThrows(
                ResourceNotFoundException.class,
                () -> aws.logs.associateKmsKey(associate -> associate.logGroupName(GROUP).kmsKeyId(keyArn)));
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
}
