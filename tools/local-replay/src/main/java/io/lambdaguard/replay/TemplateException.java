package io.lambdaguard.replay;

/** The template cannot be read or resolved; the message says what and where, for the user. */
final class TemplateException extends RuntimeException {
    TemplateException(String message) {
        super(message);
    }
}
