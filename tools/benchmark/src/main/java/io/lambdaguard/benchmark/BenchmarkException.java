package io.lambdaguard.benchmark;

/** The benchmark cannot measure what it should: the message says what to fix. */
final class BenchmarkException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  BenchmarkException(String message) {
    super(message);
  }
}
