package io.lambdaguard.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kms.model.KeyManagerType;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KeyUsageType;

/** Patches kms_aws_managed_lambda_key and kms_disable_key_by_arn. */
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

        for (String reference : new String[] {
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
}
