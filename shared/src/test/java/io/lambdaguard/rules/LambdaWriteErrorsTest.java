package io.lambdaguard.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.lambdaguard.lambda.StaleFunctionException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.lambda.model.LambdaException;

class LambdaWriteErrorsTest {
  private static final String ARN = "arn:aws:lambda:us-east-1:123456789012:function:fn";

  private static LambdaException refused(String code, String message) {
    return (LambdaException)
        LambdaException.builder()
            .statusCode(400)
            .message(message)
            .awsErrorDetails(
                AwsErrorDetails.builder().errorCode(code).errorMessage(message).build())
            .build();
  }

  @Test
  void validationException_shouldBeCannotFixNamingTheCodeOnly() {
    // Lambda's message quotes the refused value: "Value '<description>' at 'description' failed to
    // satisfy constraint"
    RuntimeException translated =
        LambdaWriteErrors.translate(
            refused(
                "ValidationException",
                "1 validation error detected: Value 'call jane.doe@example.com' at 'description' failed to satisfy constraint"),
            ARN,
            "update refused");

    CannotFixException cannotFix = assertInstanceOf(CannotFixException.class, translated);
    assertEquals("update refused: ValidationException", cannotFix.getMessage());
    assertFalse(cannotFix.getMessage().contains("jane.doe"));
  }

  @Test
  void preconditionFailed_shouldBeStale() {
    assertInstanceOf(
        StaleFunctionException.class,
        LambdaWriteErrors.translate(
            refused("PreconditionFailedException", "revision"), ARN, "update refused"));
  }

  @Test
  void unknownError_shouldBeReturnedAsItIs() {
    LambdaException throttled = refused("TooManyRequestsException", "slow down");
    assertSame(throttled, LambdaWriteErrors.translate(throttled, ARN, "update refused"));
  }
}
