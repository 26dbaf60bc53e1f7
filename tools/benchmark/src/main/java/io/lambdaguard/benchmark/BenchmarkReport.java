package io.lambdaguard.benchmark;

import java.time.ZonedDateTime;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One benchmark run.
 *
 * @param notMeasured functions of the template the run did not measure, each with the reason
 * @param roundTripMs the emulator's median round trip per read a compliant event costs, from a warm
 *     JVM
 * @param loadBefore the machine's 1-minute load average when the run started
 * @param loadAfter the same when it ended
 */
record BenchmarkReport(
    ZonedDateTime date,
    Machine machine,
    String backend,
    BenchmarkOptions options,
    Scenario compliant,
    Scenario nonCompliant,
    List<SubjectResult> results,
    List<String> notMeasured,
    Map<String, Double> roundTripMs,
    double loadBefore,
    double loadAfter) {

  BenchmarkReport {
    results = List.copyOf(results);
    notMeasured = List.copyOf(notMeasured);
    roundTripMs = Collections.unmodifiableMap(new LinkedHashMap<>(roundTripMs));
  }

  SubjectResult floor(Subject.Kind kind) {
    return results.stream()
        .filter(result -> result.subject().kind() == kind)
        .findFirst()
        .orElseThrow();
  }

  List<SubjectResult> functions() {
    return results.stream().filter(result -> !result.subject().isFloor()).toList();
  }
}
