package io.lambdaguard.replay;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The result of a replay: one row per event file and function it was routed to.
 *
 * @param backend where the functions' AWS calls went ({@code embedded moto}, an endpoint, {@code
 *     real AWS})
 * @param logDirectory where the functions' logs are
 */
public record ReplayReport(String backend, List<ReplayRow> rows, Path logDirectory) {

  public ReplayReport {
    rows = List.copyOf(rows);
  }

  /**
   * 0 when every event was handled (rules deciding {@code error} included), 1 when anything failed
   * or crashed.
   */
  public int exitCode() {
    return rows.stream().allMatch(row -> row.status().handled()) ? 0 : 1;
  }

  /**
   * {@code 7 event files, 6 invocations: 2 fixed, 3 compliant, 1 ignored; 1 without route; 0
   * failed}.
   */
  public String summary() {
    long files = rows.stream().map(ReplayRow::eventFile).distinct().count();
    List<ReplayRow> invoked = rows.stream().filter(row -> row.function() != null).toList();
    Map<String, Long> outcomes =
        invoked.stream()
            .filter(row -> row.status() == InvocationStatus.RESPONDED)
            .flatMap(row -> row.outcomes().stream())
            .collect(
                Collectors.groupingBy(RuleOutcome::outcome, TreeMap::new, Collectors.counting()));
    long unrouted = rows.stream().filter(row -> row.status() == InvocationStatus.NO_ROUTE).count();
    long failed = rows.stream().filter(row -> !row.status().handled()).count();
    String outcomeCounts =
        outcomes.isEmpty()
            ? "no outcomes"
            : outcomes.entrySet().stream()
                .map(entry -> entry.getValue() + " " + entry.getKey())
                .collect(Collectors.joining(", "));
    return files
        + " event file"
        + (files == 1 ? "" : "s")
        + ", "
        + invoked.size()
        + " invocation"
        + (invoked.size() == 1 ? "" : "s")
        + ": "
        + outcomeCounts
        + "; "
        + unrouted
        + " without route; "
        + failed
        + " failed";
  }
}
