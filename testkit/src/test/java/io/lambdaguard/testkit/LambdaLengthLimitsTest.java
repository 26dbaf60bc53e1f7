package io.lambdaguard.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.lambda.model.LambdaException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/**
 * Patch lambda_description_and_tag_length_limits: Lambda refuses descriptions and tag values over
 * 256 characters.
 */
class LambdaLengthLimitsTest extends MotoTest {

  private static String description() {
    return aws.lambda.getFunctionConfiguration(g -> g.functionName("fn")).description();
  }

  private static void assertValidationException(LambdaException failure) {
    assertEquals(400, failure.statusCode());
    assertEquals("ValidationException", failure.awsErrorDetails().errorCode());
  }

  @Test
  void updateFunctionConfiguration_withDescriptionOf257Characters_shouldFailAndChangeNothing() {
    aws.createFunction("fn", create -> create.description("before"));

    LambdaException failure =
        assertThrows(
            LambdaException.class,
            () ->
                aws.lambda.updateFunctionConfiguration(
                    u -> u.functionName("fn").description("d".repeat(257))));

    assertValidationException(failure);
    assertEquals("before", description());
  }

  @Test
  void updateFunctionConfiguration_withDescriptionOf256Characters_shouldApply() {
    aws.createFunction("fn");

    aws.lambda.updateFunctionConfiguration(
        u -> u.functionName("fn").description("\u00e9".repeat(256)));

    assertEquals("\u00e9".repeat(256), description());
  }

  @Test
  void createFunction_withDescriptionOf257Characters_shouldFailAndCreateNothing() {
    assertValidationException(
        assertThrows(
            LambdaException.class,
            () -> aws.createFunction("fn", create -> create.description("d".repeat(257)))));

    assertThrows(
        ResourceNotFoundException.class,
        () -> aws.lambda.getFunction(get -> get.functionName("fn")));
  }

  @Test
  void tagResource_withValueOf257Characters_shouldFailAndTagNothing() {
    String arn = aws.createFunction("fn").functionArn();

    LambdaException failure =
        assertThrows(
            LambdaException.class,
            () ->
                aws.lambda.tagResource(
                    tag ->
                        tag.resource(arn)
                            .tags(Map.of("team", "payments", "note", "v".repeat(257)))));

    assertValidationException(failure);
    assertEquals(Map.of(), aws.lambda.listTags(list -> list.resource(arn)).tags());
  }

  @Test
  void tagResource_withKeyOf129Characters_shouldFail() {
    String arn = aws.createFunction("fn").functionArn();

    assertValidationException(
        assertThrows(
            LambdaException.class,
            () ->
                aws.lambda.tagResource(
                    tag -> tag.resource(arn).tags(Map.of("k".repeat(129), "v")))));
  }

  @Test
  void tagResource_withValueOf256Characters_shouldTag() {
    String arn = aws.createFunction("fn").functionArn();

    aws.lambda.tagResource(tag -> tag.resource(arn).tags(Map.of("note", "v".repeat(256))));

    assertEquals(
        Map.of("note", "v".repeat(256)), aws.lambda.listTags(list -> list.resource(arn)).tags());
  }
}
