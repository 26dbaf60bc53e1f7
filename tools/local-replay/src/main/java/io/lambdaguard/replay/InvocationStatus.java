package io.lambdaguard.replay;

/** How far one replayed invocation got. */
public enum InvocationStatus {
  /**
   * The function returned a response (whatever outcome its rules report, {@code error} included).
   */
  RESPONDED,
  /** No function's EventBridge pattern matches the event. */
  NO_ROUTE,
  /** The handler threw: the runtime posted an invocation error. */
  FUNCTION_ERROR,
  /** The handler could not be initialised: the runtime posted an init error. */
  INIT_ERROR,
  /**
   * The function ran longer than its Timeout (or its init longer than Lambda allows) and was
   * killed.
   */
  TIMEOUT,
  /** The function's JVM exited without answering. */
  CRASHED,
  /** The event file is not JSON. */
  INVALID_EVENT,
  /**
   * The replay could not prepare the invocation: package missing, emulator refused the seed, ...
   */
  SETUP_FAILED;

  /**
   * Whether this status lets the replay exit with 0: the event was handled as a deployment would
   * handle it.
   */
  public boolean handled() {
    return this == RESPONDED || this == NO_ROUTE;
  }
}
