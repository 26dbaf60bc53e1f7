package io.lambdaguard.rules;

/**
 * A violation the service may not or cannot repair (unusable key, refused update): the owner has to
 * act. The message says why, without any value from the function.
 */
public final class CannotFixException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CannotFixException(String reason) {
    super(reason);
  }
}
