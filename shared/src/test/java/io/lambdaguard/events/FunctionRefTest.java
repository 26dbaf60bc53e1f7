package io.lambdaguard.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class FunctionRefTest {
  @Test
  void plainName_shouldBeCompletedWithTheEventsAccountAndRegion() {
    FunctionRef ref = FunctionRef.parse("orders-api").orElseThrow();
    assertEquals("arn:aws:lambda:eu-west-1:111122223333:function:orders-api", ref.arnIn("111122223333", "eu-west-1"));
  }

  @Test
  void qualifiedFullArn_shouldDropTheQualifierFromTheArn() {
    FunctionRef ref = FunctionRef.parse("arn:aws:lambda:us-west-2:444455556666:function:orders-api:live").orElseThrow();
    assertEquals(Optional.of("live"), ref.qualifier());
    assertEquals("arn:aws:lambda:us-west-2:444455556666:function:orders-api", ref.arnIn("123456789012", "us-east-1"));
  }

  @Test
  void partialArn_shouldKeepItsAccount() {
    FunctionRef ref = FunctionRef.parse("444455556666:function:orders-api").orElseThrow();
    assertEquals(Optional.of("444455556666"), ref.account());
    assertEquals("arn:aws:lambda:us-east-1:444455556666:function:orders-api", ref.arnIn("123456789012", "us-east-1"));
  }

  @Test
  void nonFunctionIdentifiers_shouldNotParse() {
    assertTrue(FunctionRef.parse("arn:aws:lambda:us-east-1:123456789012:layer:shared:3").isEmpty());
    assertTrue(FunctionRef.parse("has spaces").isEmpty());
    assertTrue(FunctionRef.parse("").isEmpty());
  }

  @Test
  void assumedRoleArn_shouldMapToItsIamRole() {
    Actor actor = new Actor("AssumedRole", Optional.of("arn:aws:sts::123456789012:assumed-role/DeployRole/alice"), Optional.empty());
    assertEquals(Optional.of("arn:aws:iam::123456789012:role/DeployRole"), actor.roleArn());
  }

  @Test
  void iamUser_shouldHaveNoRole() {
    Actor actor = new Actor("IAMUser", Optional.of("arn:aws:iam::123456789012:user/ci"), Optional.empty());
    assertTrue(actor.roleArn().isEmpty());
  }
}
