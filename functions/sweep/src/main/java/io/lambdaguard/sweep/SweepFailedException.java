package io.lambdaguard.sweep;

/**
 * A sweep that could not put every listed function on the queue. It fails the invocation, so the
 * schedule's retries, the error alarm and the caller of an on-demand run all see it. The message
 * holds a stable code and counts, never a function name.
 */
public final class SweepFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Stable machine-readable reasons, for logs and alarms. */
  public enum Reason {
    /** ListFunctions failed after the SDK's retries. */
    LIST_FAILED,
    /**
     * SendMessageBatch failed as a whole (queue missing, access denied, key disabled) after the
     * SDK's retries.
     */
    QUEUE_UNAVAILABLE,
    /** Entries of a batch were refused on every attempt. */
    QUEUE_REFUSED,
    /** The invocation would have timed out before the last function was on the queue. */
    OUT_OF_TIME
  }

  private final Reason reason;

  public SweepFailedException(Reason reason, String detail) {
    super(reason + ": " + detail);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
