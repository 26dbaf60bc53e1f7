package io.lambdaguard.aws;

/**
 * The invocation's time budget is spent; the event is left to Lambda's retry and dead-letter path.
 */
public final class DeadlineExceededException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DeadlineExceededException() {
    super("invocation deadline reached before the next AWS call");
  }
}
