package io.lambdaguard.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.lambda.model.GetFunctionConfigurationResponse;

/** Patch lambda_kms_key_arn: the function's customer managed key for environment variables. */
class LambdaKmsKeyArnTest extends MotoTest {

  private String keyArn;

  @BeforeEach
  void createKey() {
    keyArn = aws.kms.createKey(key -> {}).keyMetadata().arn();
  }

  private GetFunctionConfigurationResponse configuration(String name) {
    return aws.lambda.getFunctionConfiguration(get -> get.functionName(name));
  }

  @Test
  void createFunction_withKmsKeyArn_shouldStoreAndReturnIt() {
    String created = aws.createFunction("fn", create -> create.kmsKeyArn(keyArn)).kmsKeyArn();

    assertEquals(keyArn, created);
    assertEquals(keyArn, configuration("fn").kmsKeyArn());
    assertEquals(
        keyArn, aws.lambda.getFunction(get -> get.functionName("fn")).configuration().kmsKeyArn());
  }

  @Test
  void createFunction_withoutKmsKeyArn_shouldOmitIt() {
    assertNull(aws.createFunction("fn").kmsKeyArn());
    assertNull(configuration("fn").kmsKeyArn());
  }

  @Test
  void updateFunctionConfiguration_withKmsKeyArn_shouldSetIt() {
    aws.createFunction("fn");

    String updated =
        aws.lambda
            .updateFunctionConfiguration(update -> update.functionName("fn").kmsKeyArn(keyArn))
            .kmsKeyArn();

    assertEquals(keyArn, updated);
    assertEquals(keyArn, configuration("fn").kmsKeyArn());
  }

  @Test
  void updateFunctionConfiguration_withEmptyKmsKeyArn_shouldClearIt() {
    aws.createFunction("fn", create -> create.kmsKeyArn(keyArn));

    String updated =
        aws.lambda
            .updateFunctionConfiguration(update -> update.functionName("fn").kmsKeyArn(""))
            .kmsKeyArn();

    assertNull(updated);
    assertNull(configuration("fn").kmsKeyArn());
  }

  @Test
  void updateFunctionConfiguration_withoutKmsKeyArn_shouldKeepIt() {
    aws.createFunction("fn", create -> create.kmsKeyArn(keyArn));

    aws.lambda.updateFunctionConfiguration(
        update -> update.functionName("fn").description("other setting"));

    assertEquals(keyArn, configuration("fn").kmsKeyArn());
  }
}
