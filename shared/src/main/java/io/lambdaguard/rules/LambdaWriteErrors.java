package io.lambdaguard.rules;

import io.lambdaguard.lambda.FunctionGoneException;
import io.lambdaguard.lambda.StaleFunctionException;
import software.amazon.awssdk.services.lambda.model.LambdaException;

/**
 * What a refused write to a function means for the rule that made it; one place, so every rule
 * reads it alike.
 */
public final class LambdaWriteErrors {
  private LambdaWriteErrors() {}

  /**
   * Lost race or update in progress: {@link StaleFunctionException} (re-read, decide again);
   * function gone: {@link FunctionGoneException}; refused for good (access, invalid or too long a
   * value, the key): {@link CannotFixException} naming the AWS error code only, as AWS messages may
   * echo values; anything else is returned as it is.
   */
  public static RuntimeException translate(LambdaException e, String functionArn, String refused) {
    String code = e.awsErrorDetails() == null ? "unknown" : e.awsErrorDetails().errorCode();
    return switch (code) {
      case "PreconditionFailedException", "ResourceConflictException" ->
          new StaleFunctionException(functionArn, code);
      case "ResourceNotFoundException" -> new FunctionGoneException(functionArn);
      case "KMSAccessDeniedException",
          "KMSDisabledException",
          "KMSInvalidStateException",
          "KMSNotFoundException",
          "InvalidParameterValueException",
          "ValidationException",
          "AccessDeniedException" ->
          new CannotFixException(refused + ": " + code);
      default -> e;
    };
  }
}
