package io.lambdaguard.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/** Patch lambda_reserved_tag_prefix: users cannot set or remove "aws:" tags; AWS services can. */
class LambdaReservedTagPrefixTest extends MotoTest {

  private static final Map<String, String> STACK_TAG =
      Map.of("aws:cloudformation:stack-name", "payments");

  private Map<String, String> tags(String arn) {
    return aws.lambda.listTags(list -> list.resource(arn)).tags();
  }

  @Test
  void tagResource_withAwsPrefixedKey_shouldFailWithInvalidParameterValue() {
    String arn = aws.createFunction("fn").functionArn();

    InvalidParameterValueException failure =
        assertThrows(
            InvalidParameterValueException.class,
            () ->
                aws.lambda.tagResource(
                    tag -> tag.resource(arn).tags(Map.of("owner", "me", "aws:owner", "me"))));

    assertEquals(400, failure.statusCode());
    assertEquals(Map.of(), tags(arn));
  }

  @Test
  void tagResource_withAwsPrefixInAnyCase_shouldFailWithInvalidParameterValue() {
    String arn = aws.createFunction("fn").functionArn();

    assertThrows(
        InvalidParameterValueException.class,
        () -> aws.lambda.tagResource(tag -> tag.resource(arn).tags(Map.of("AWS:owner", "me"))));
  }

  @Test
  void tagResource_withOrdinaryKey_shouldTag() {
    String arn = aws.createFunction("fn").functionArn();

    aws.lambda.tagResource(tag -> tag.resource(arn).tags(Map.of("owner", "me")));

    assertEquals(Map.of("owner", "me"), tags(arn));
  }

  @Test
  void createFunction_withAwsPrefixedTag_shouldFailAndCreateNothing() {
    assertThrows(
        InvalidParameterValueException.class,
        () -> aws.createFunction("fn", create -> create.tags(STACK_TAG)));

    assertThrows(
        ResourceNotFoundException.class,
        () -> aws.lambda.getFunction(get -> get.functionName("fn")));
  }

  @Test
  void systemTags_shouldBeVisibleInListTagsAndGetFunction() {
    String arn =
        aws.createFunction("fn", create -> create.tags(Map.of("owner", "me"))).functionArn();

    moto.setSystemTags(arn, STACK_TAG);

    Map<String, String> expected =
        Map.of("owner", "me", "aws:cloudformation:stack-name", "payments");
    assertEquals(expected, tags(arn));
    assertEquals(expected, aws.lambda.getFunction(get -> get.functionName("fn")).tags());
  }

  @Test
  void untagResource_withAwsPrefixedKey_shouldFailAndKeepTheTag() {
    String arn = aws.createFunction("fn").functionArn();
    moto.setSystemTags(arn, STACK_TAG);

    assertThrows(
        InvalidParameterValueException.class,
        () ->
            aws.lambda.untagResource(
                untag -> untag.resource(arn).tagKeys("aws:cloudformation:stack-name")));

    assertEquals(STACK_TAG, tags(arn));
  }
}
