package io.lambdaguard.replay;

/**
 * What one invocation of a function's JVM gave.
 *
 * @param response the response body, or the error document for {@link
 *     InvocationStatus#FUNCTION_ERROR}
 * @param error what went wrong, for every status but RESPONDED
 * @param initDurationMs from JVM start to its first {@code /next} request; null for a warm
 *     invocation
 * @param durationMs from handing out the event to the answer (or to giving up on it); null when not
 *     handed out
 * @param initCpuMs the JVM's CPU time (all threads) until its first {@code /next} request; null
 *     when warm or unknown
 * @param cpuMs the JVM's CPU time from handing out the event to the answer; null when unknown
 * @param peakRssMb the JVM's peak resident set size so far; null when unknown
 */
record InvocationResult(
    InvocationStatus status,
    String response,
    String error,
    Double initDurationMs,
    Double durationMs,
    Double initCpuMs,
    Double cpuMs,
    Integer peakRssMb) {

  /** The function's init failed: it never received the event. */
  static InvocationResult notStarted(InvocationStatus status, String error) {
    return new InvocationResult(status, null, error, null, null, null, null, null);
  }
}
