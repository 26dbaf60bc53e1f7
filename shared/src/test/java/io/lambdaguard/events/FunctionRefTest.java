package io.lambdaguard.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class FunctionRefTest {
  @Test
  void plainName_shouldBeCompletedWithTheEventsAccountAndRegion() {
    FunctionRef ref = FunctionRef.parse("orders-api").orElseThrow();
    assertEquals(
        "arn:aws:lambda:eu-west-1:111122223333:function:orders-api",
        ref.arnIn("111122223333", "eu-west-1"));
  }

  @Test
  void qualifiedFullArn_shouldDropTheQualifierFromTheArn() {
    FunctionRef ref =
        FunctionRef.parse("arn:aws:lambda:us-west-2:444455556666:function:orders-api:live")
            .orElseThrow();
    assertEquals(Optional.of("live"), ref.qualifier());
    assertEquals(
        "arn:aws:lambda:us-west-2:444455556666:function:orders-api",
        ref.arnIn("123456789012", "us-east-1"));
  }

  @Test
  void partialArn_shouldKeepItsAccount() {
    FunctionRef ref = FunctionRef.parse("444455556666:function:orders-api").orElseThrow();
    assertEquals(Optional.of("444455556666"), ref.account());
    assertEquals(
        "arn:aws:lambda:us-east-1:444455556666:function:orders-api",
        ref.arnIn("123456789012", "us-east-1"));
  }

  @Test
  void plainName_shouldTakeThePartitionOfTheEventsRegion() {
    FunctionRef ref = FunctionRef.parse("orders-api").orElseThrow();
    assertEquals(
        "arn:aws-cn:lambda:cn-north-1:111122223333:function:orders-api",
        ref.arnIn("111122223333", "cn-north-1"));
    assertEquals(
        "arn:aws-us-gov:lambda:us-gov-west-1:111122223333:function:orders-api",
        ref.arnIn("111122223333", "us-gov-west-1"));
    assertEquals(
        "arn:aws:lambda:eu-central-2:111122223333:function:orders-api",
        ref.arnIn("111122223333", "eu-central-2"));
  }

  @Test
  void fullArnOutsideTheAwsPartition_shouldKeepItsPartition() {
    FunctionRef china =
        FunctionRef.parse("arn:aws-cn:lambda:cn-northwest-1:444455556666:function:orders-api:7")
            .orElseThrow();
    assertEquals(Optional.of("aws-cn"), china.partition());
    assertEquals(
        "arn:aws-cn:lambda:cn-northwest-1:444455556666:function:orders-api",
        china.arnIn("123456789012", "cn-north-1"));

    FunctionRef govCloud =
        FunctionRef.parse("arn:aws-us-gov:lambda:us-gov-east-1:444455556666:function:orders-api")
            .orElseThrow();
    assertEquals(
        "arn:aws-us-gov:lambda:us-gov-east-1:444455556666:function:orders-api",
        govCloud.arnIn("123456789012", "us-gov-west-1"));
  }

  @Test
  void eventInChina_shouldNameTheFunctionInTheAwsCnPartition() {
    String event =
        RecordedEvents.read("lambda/create_function_without_key.json")
            .replace("us-east-1", "cn-north-1")
            .replace("arn:aws:", "arn:aws-cn:");
    CloudTrailEvent parsed = CloudTrailEvents.parse(event);
    assertTrue(
        parsed.functionArn().orElseThrow().startsWith("arn:aws-cn:lambda:cn-north-1:"),
        parsed.functionArn()::get);
  }

  @Test
  void nonFunctionIdentifiers_shouldNotParse() {
    assertTrue(FunctionRef.parse("arn:aws:lambda:us-east-1:123456789012:layer:shared:3").isEmpty());
    assertTrue(FunctionRef.parse("has spaces").isEmpty());
    assertTrue(FunctionRef.parse("").isEmpty());
  }

  @Test
  void assumedRoleArn_shouldMapToItsIamRole() {
    Actor actor =
        new Actor(
            "AssumedRole",
            Optional.of("arn:aws:sts::123456789012:assumed-role/DeployRole/alice"),
            Optional.empty());
    assertEquals(Optional.of("arn:aws:iam::123456789012:role/DeployRole"), actor.roleArn());
  }

  @Test
  void iamUser_shouldHaveNoRole() {
    Actor actor =
        new Actor("IAMUser", Optional.of("arn:aws:iam::123456789012:user/ci"), Optional.empty());
    assertTrue(actor.roleArn().isEmpty());
  }
}
