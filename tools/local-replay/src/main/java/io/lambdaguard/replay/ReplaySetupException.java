package io.lambdaguard.replay;

/**
 * The replay cannot start or cannot run one function: missing build output, bad options, no
 * emulator.
 */
public final class ReplaySetupException extends RuntimeException {
  public ReplaySetupException(String message) {
    super(message);
  }

  public ReplaySetupException(String message, Throwable cause) {
    super(message, cause);
  }
}
