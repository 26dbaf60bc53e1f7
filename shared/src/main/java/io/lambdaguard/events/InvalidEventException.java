package io.lambdaguard.events;

/**
 * Input that is not a usable CloudTrail-for-Lambda event. It can never succeed, so it is reported
 * and not retried. The message names the problem and the field, never a value from the event.
 */
public final class InvalidEventException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Stable machine-readable reasons, used in logs, outcomes and metrics. */
  public enum Reason {
    NOT_JSON,
    NOT_AN_OBJECT,
    MISSING_FIELD,
    WRONG_TYPE,
    WRONG_SOURCE,
    WRONG_DETAIL_TYPE,
    /** A field AWS always writes in one shape (account, region, event id) has another. */
    MALFORMED_FIELD,
    TOO_LARGE
  }

  private final Reason reason;
  private final String field;

  public InvalidEventException(Reason reason, String field, String problem) {
    super(reason + " at " + field + ": " + problem);
    this.reason = reason;
    this.field = field;
  }

  public Reason reason() {
    return reason;
  }

  /** JSON path of the offending field, e.g. {@code detail.eventName}. */
  public String field() {
    return field;
  }
}
