package io.lambdaguard.benchmark;

import io.lambdaguard.replay.AwsCall;
import java.util.ArrayList;
import java.util.List;

/**
 * What was measured for one subject.
 *
 * @param packageBytes the size of its deployment package
 * @param initMs per cold start: JVM start to the first {@code /next} request
 * @param firstInvokeMs per cold start: the first invocation, event handed out to answer received
 * @param initCpuMs per cold start: the JVM's CPU time (all threads) until the first {@code /next}
 *     request
 * @param firstCpuMs per cold start: the JVM's CPU time during the first invocation
 * @param secondMs per cold start: the second invocation of the same container, which is about what
 *     the first one would cost after a SnapStart restore from a snapshot taken after a priming
 *     invocation
 * @param coldRssMb per cold start: peak resident memory after the first invocation
 * @param warmMs every warm invocation
 * @param warmCpuMs every warm invocation's CPU time, in the kernel's 10 ms ticks: only their sum
 *     says much
 * @param warmPeakRssMb peak resident memory after the last warm invocation
 * @param calls the AWS calls of the invocations shown in the report
 */
record SubjectResult(
    Subject subject,
    long packageBytes,
    List<Double> initMs,
    List<Double> firstInvokeMs,
    List<Double> initCpuMs,
    List<Double> firstCpuMs,
    List<Double> secondMs,
    List<Integer> coldRssMb,
    List<Double> warmMs,
    List<Double> warmCpuMs,
    Integer warmPeakRssMb,
    List<Calls> calls) {

  SubjectResult {
    initMs = List.copyOf(initMs);
    firstInvokeMs = List.copyOf(firstInvokeMs);
    initCpuMs = List.copyOf(initCpuMs);
    firstCpuMs = List.copyOf(firstCpuMs);
    secondMs = List.copyOf(secondMs);
    coldRssMb = List.copyOf(coldRssMb);
    warmMs = List.copyOf(warmMs);
    warmCpuMs = List.copyOf(warmCpuMs);
    calls = List.copyOf(calls);
  }

  /**
   * Per cold start: init plus first invocation, the latency of an event that meets no warm
   * container.
   */
  List<Double> coldTotalMs() {
    return sums(initMs, firstInvokeMs);
  }

  /** Per cold start: the CPU time of init plus first invocation. */
  List<Double> coldCpuMs() {
    return sums(initCpuMs, firstCpuMs);
  }

  /** The mean CPU time of a warm invocation. */
  double warmCpuMeanMs() {
    return warmCpuMs.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
  }

  private static List<Double> sums(List<Double> first, List<Double> second) {
    List<Double> totals = new ArrayList<>();
    for (int i = 0; i < first.size(); i++) {
      totals.add(first.get(i) + second.get(i));
    }
    return totals;
  }

  /**
   * The AWS calls of one invocation.
   *
   * @param scenario the scenario's name
   * @param warmContainer false for the first invocation of a container, true for the one after it
   */
  record Calls(String scenario, boolean warmContainer, List<AwsCall> calls) {
    Calls {
      calls = List.copyOf(calls);
    }
  }
}
