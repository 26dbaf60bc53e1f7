package io.lambdaguard.replay;

import java.nio.file.Path;
import java.util.List;

/**
 * The replay of one event file by one function (or the reason there was none).
 *
 * @param eventFile the event file, relative to the repository root when under it
 * @param eventName {@code detail.eventName}; null when the file has none
 * @param function the function's logical id in the template; null when nothing was invoked
 * @param status how far the invocation got
 * @param outcomes the outcomes the handler returned (empty unless it responded with some)
 * @param error what went wrong, when {@code status} is not RESPONDED or the response had no
 *     outcomes
 * @param response the handler's raw response (or error document)
 * @param initDurationMs JVM start to the first {@code /next}; null when warm or not started
 * @param durationMs event handed out to answer received (or to giving up); null when never handed
 *     out
 * @param initCpuMs CPU time of the JVM's init (all threads, in clock ticks); null when warm or
 *     unknown
 * @param cpuMs CPU time of the JVM from handing out the event to the answer; null when unknown
 * @param peakRssMb peak resident memory of the function's JVM so far; null when unknown
 * @param calls AWS calls made during the invocation; null when the backend cannot record them
 * @param finalState the function's state read back afterwards; null when unknown
 * @param log the function's log file; null when nothing was invoked
 */
public record ReplayRow(
    String eventFile,
    String eventName,
    String function,
    InvocationStatus status,
    List<RuleOutcome> outcomes,
    String error,
    String response,
    Double initDurationMs,
    Double durationMs,
    Double initCpuMs,
    Double cpuMs,
    Integer peakRssMb,
    List<AwsCall> calls,
    FunctionState finalState,
    Path log) {

  public ReplayRow {
    outcomes = List.copyOf(outcomes);
    calls = calls == null ? null : List.copyOf(calls);
  }

  /** A row for an event nothing was invoked for. */
  static ReplayRow notInvoked(
      String eventFile, String eventName, InvocationStatus status, String error) {
    return new ReplayRow(
        eventFile, eventName, null, status, List.of(), error, null, null, null, null, null, null,
        null, null, null);
  }

  /**
   * The outcome of the first rule, or {@code error}/{@code no route} when the function did not
   * answer.
   */
  public String outcome() {
    if (!outcomes.isEmpty()) {
      return outcomes.getFirst().outcome();
    }
    return status == InvocationStatus.NO_ROUTE ? "no route" : "error";
  }

  /** The number of state-changing calls; 0 when none or unknown. */
  public long writeCalls() {
    return calls == null ? 0 : calls.stream().filter(AwsCall::write).count();
  }
}
