package io.lambdaguard.lambda;

/** The function no longer exists (deleted or renamed before the event was handled). */
public final class FunctionGoneException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public FunctionGoneException(String functionArn) {
    super("function not found: " + functionArn);
  }
}
