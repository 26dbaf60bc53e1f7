package io.lambdaguard.remediation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.Context;
import io.lambdaguard.testkit.TestContext;
import java.lang.reflect.Proxy;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The account and name of the invoked function, from the Lambda context. */
class InvokedTest {

  /** A context whose invoked function ARN is {@code arn}; only the two methods read here answer. */
  private static Context invokedAs(String arn) {
    return (Context)
        Proxy.newProxyInstance(
            InvokedTest.class.getClassLoader(),
            new Class<?>[] {Context.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "getInvokedFunctionArn" -> arn;
                  case "getFunctionName" -> "encryption";
                  default -> throw new UnsupportedOperationException(method.getName());
                });
  }

  @Test
  void unqualifiedArn_shouldGiveAccountAndName() {
    assertEquals(
        new Invoked(Optional.of("123456789012"), Optional.of("encryption")),
        Invoked.by(new TestContext("encryption")));
  }

  @Test
  void aliasArn_shouldGiveAccountAndName() {
    assertEquals(
        new Invoked(Optional.of("210987654321"), Optional.of("lambdaguard-encryption")),
        Invoked.by(
            invokedAs(
                "arn:aws:lambda:eu-west-1:210987654321:function:lambdaguard-encryption:live")));
  }

  @Test
  void noArn_shouldGiveNoAccount_soNoEventIsActedOn() {
    assertEquals(Optional.empty(), Invoked.by(invokedAs(null)).account());
    assertEquals(Optional.empty(), Invoked.by(invokedAs("not-an-arn")).account());
  }
}
