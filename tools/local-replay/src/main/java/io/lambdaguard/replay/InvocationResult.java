package io.lambdaguard.replay;

/**
 * What one invocation of a function's JVM gave.
 *
 * @param response       the response body, or the error document for {@link InvocationStatus#FUNCTION_ERROR}
 * @param error          what went wrong, for every status but RESPONDED
 * @param initDurationMs from JVM start to its first {@code /next} request; null for a warm invocation
 * @param durationMs     from handing out the event to receiving the answer; null without an answer
 * @param peakRssMb      the JVM's peak resident set size so far; null when unknown
 */
record InvocationResult(InvocationStatus status, String response, String error, Double initDurationMs,
                        Double durationMs, Integer peakRssMb) {

    static InvocationResult responded(String response, Double initDurationMs, double durationMs, Integer peakRssMb) {
        return new InvocationResult(InvocationStatus.RESPONDED, response, null, initDurationMs, durationMs, peakRssMb);
    }

    static InvocationResult failed(InvocationStatus status, String error, Double initDurationMs) {
        return new InvocationResult(status, null, error, initDurationMs, null, null);
    }

    InvocationResult withPeakRssMb(Integer peak) {
        return new InvocationResult(status, response, error, initDurationMs, durationMs, peak);
    }
}
