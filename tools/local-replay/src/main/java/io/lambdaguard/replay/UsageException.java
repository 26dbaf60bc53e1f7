package io.lambdaguard.replay;

/** The command line is wrong; the message tells the user what to change. */
public final class UsageException extends RuntimeException {
  public UsageException(String message) {
    super(message);
  }
}
