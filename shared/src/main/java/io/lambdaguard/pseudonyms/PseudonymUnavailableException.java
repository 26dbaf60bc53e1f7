package io.lambdaguard.pseudonyms;

/**
 * The pseudonym key could not be read. Nothing is then named in clear instead: the invocation
 * fails, Lambda retries it and, after the last retry, dead-letters it. The message names the AWS
 * error code only.
 */
public final class PseudonymUnavailableException extends RuntimeException {
  PseudonymUnavailableException(String message) {
    super(message);
  }
}
