package io.lambdaguard.lambda;

/**
 * A write lost a race: the function changed since it was read ({@code PreconditionFailedException})
 * or an update is in progress ({@code ResourceConflictException}). Re-read and decide again.
 */
public final class StaleFunctionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StaleFunctionException(String functionArn, String awsErrorCode) {
    super("function changed or busy (" + awsErrorCode + "): " + functionArn);
  }
}
