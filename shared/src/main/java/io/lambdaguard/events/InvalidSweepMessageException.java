package io.lambdaguard.events;

/**
 * A sweep queue message that is not a usable sweep message. It can never succeed, so a consumer
 * reports it and does not retry it. The message names the problem and the field, never a value: a
 * function name can hold personal data.
 */
public final class InvalidSweepMessageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Stable machine-readable reasons, for logs, outcomes and metrics. */
  public enum Reason {
    NOT_JSON,
    NOT_AN_OBJECT,
    MISSING_FIELD,
    WRONG_TYPE,
    UNSUPPORTED_VERSION,
    WRONG_KIND,
    BAD_VALUE
  }

  private final Reason reason;
  private final String field;

  public InvalidSweepMessageException(Reason reason, String field, String problem) {
    super(reason + " at " + field + ": " + problem);
    this.reason = reason;
    this.field = field;
  }

  public Reason reason() {
    return reason;
  }

  /** The offending field, e.g. {@code functionArn}, or {@code $} for the whole body. */
  public String field() {
    return field;
  }
}
