package io.lambdaguard.replay;

/** The template cannot be read or resolved; the message says what and where, for the user. */
public final class TemplateException extends RuntimeException {
  public TemplateException(String message) {
    super(message);
  }
}
