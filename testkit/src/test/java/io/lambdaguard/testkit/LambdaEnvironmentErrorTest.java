package io.lambdaguard.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.lambda.model.EnvironmentResponse;

/**
 * Patch lambda_environment_error_when_key_unusable: variables Lambda cannot decrypt come back as
 * Environment.Error.
 */
class LambdaEnvironmentErrorTest extends MotoTest {

  private String functionOnKey() {
    String arn = aws.kms.createKey(create -> {}).keyMetadata().arn();
    aws.createFunction(
        "fn",
        create -> create.kmsKeyArn(arn).environment(e -> e.variables(Map.of("STAGE", "prod"))));
    return arn;
  }

  private EnvironmentResponse environment() {
    EnvironmentResponse read =
        aws.lambda.getFunction(get -> get.functionName("fn")).configuration().environment();
    assertEquals(
        read, aws.lambda.getFunctionConfiguration(get -> get.functionName("fn")).environment());
    return read;
  }

  @Test
  void usableKey_shouldReturnTheVariables() {
    functionOnKey();

    assertEquals(Map.of("STAGE", "prod"), environment().variables());
    assertNull(environment().error());
  }

  @Test
  void disabledKey_shouldReturnKmsDisabledInsteadOfTheVariables() {
    String arn = functionOnKey();
    aws.kms.disableKey(disable -> disable.keyId(arn));

    EnvironmentResponse environment = environment();

    assertEquals("KMSDisabledException", environment.error().errorCode());
    assertFalse(environment.hasVariables() && !environment.variables().isEmpty());
  }

  @Test
  void keyPendingDeletion_shouldReturnKmsInvalidState() {
    String arn = functionOnKey();
    aws.kms.scheduleKeyDeletion(
        schedule -> schedule.keyId(arn.substring(arn.indexOf("key/") + 4)).pendingWindowInDays(7));

    assertEquals("KMSInvalidStateException", environment().error().errorCode());
  }

  @Test
  void functionWithoutVariables_shouldHaveNoError() {
    String arn = aws.kms.createKey(create -> {}).keyMetadata().arn();
    aws.createFunction("fn", create -> create.kmsKeyArn(arn));
    aws.kms.disableKey(disable -> disable.keyId(arn));

    EnvironmentResponse environment = environment();

    assertNull(environment == null ? null : environment.error());
  }
}
