package io.lambdaguard.benchmark;

import io.lambdaguard.replay.AwsCall;
import java.util.ArrayList;
import java.util.List;

/**
 * What was measured for one subject.
 *
 * @param packageBytes  the size of its deployment package
 * @param initMs        per cold start: JVM start to the first {@code /next} request
 * @param firstInvokeMs per cold start: the first invocation, event handed out to answer received
 * @param coldRssMb     per cold start: peak resident memory after the first invocation
 * @param warmMs        every warm invocation
 * @param warmPeakRssMb peak resident memory after the last warm invocation
 * @param calls         the AWS calls of the invocations shown in the report
 */
record SubjectResult(Subject subject, long packageBytes, List<Double> initMs, List<Double> firstInvokeMs,
                     List<Integer> coldRssMb, List<Double> warmMs, Integer warmPeakRssMb, List<Calls> calls) {

  SubjectResult {
    initMs = List.copyOf(initMs);
    firstInvokeMs = List.copyOf(firstInvokeMs);
    coldRssMb = List.copyOf(coldRssMb);
    warmMs = List.copyOf(warmMs);
    calls = List.copyOf(calls);
  }

  /** Per cold start: init plus first invocation, the latency of an event that meets no warm container. */
  List<Double> coldTotalMs() {
    List<Double> totals = new ArrayList<>();
    for (int i = 0; i < initMs.size(); i++) {
      totals.add(initMs.get(i) + firstInvokeMs.get(i));
    }
    return totals;
  }

  /**
   * The AWS calls of one invocation.
   *
   * @param scenario      the scenario's name
   * @param warmContainer false for the first invocation of a container, true for the one after it
   */
  record Calls(String scenario, boolean warmContainer, List<AwsCall> calls) {
    Calls {
      calls = List.copyOf(calls);
    }
  }
}
