package io.lambdaguard.benchmark;

import io.lambdaguard.replay.AwsCall;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Renders a run as the Markdown docs/benchmarks.md shows. */
final class MarkdownReport {
  /** The targets. */
  static final double COLD_RATIO_LIMIT = 2.0;

  static final double COLD_RATIO_AIM = 1.3;
  static final double WARM_P99_LIMIT_MS = 20;
  static final double PACKAGE_LIMIT_MB = 10;
  static final double PACKAGE_AIM_MB = 6;
  static final int MEMORY_LIMIT_MB = 256;

  private MarkdownReport() {}

  static String render(BenchmarkReport report) {
    StringBuilder md = new StringBuilder();
    BenchmarkOptions options = report.options();
    md.append("Measured ")
        .append(report.date().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")))
        .append(" on ")
        .append(report.machine().summary())
        .append(
            String.format(
                Locale.ROOT,
                " (load average %.2f at the start, %.2f at the end).%n",
                report.loadBefore(),
                report.loadAfter()));
    if (!options.meetsMinimums()) {
      md.append("\n**Below the minimums for docs/benchmarks.md** (")
          .append(BenchmarkOptions.MIN_COLD_STARTS)
          .append(" cold starts, ")
          .append(BenchmarkOptions.MIN_WARM_EVENTS)
          .append(" warm events).\n");
    }
    md.append(
        """

        Every subject runs from its deployment package in a JVM of its own, through AWS's runtime interface client \
        and the local replay's Runtime API; its AWS calls go to the patched moto on loopback. \
        Cold starts per subject: %d, after one discarded round; warm invocations: %d each; both interleaved \
        across subjects. Compliant event: `%s` (its log group seeded encrypted with the configured key); \
        non-compliant: `%s`; functions an SQS queue invokes get `%s`.
        """
            .formatted(
                options.coldStarts(),
                options.warmEvents(),
                report.compliant().file(),
                report.nonCompliant().file(),
                options.queueEvent()));
    md.append("\n").append(jvmOptions(report)).append("\n");

    md.append(
        "\n| subject | package MB | init ms | first invoke ms | cold: init + first invoke ms | × floor 0 | × floor 1 "
            + "| second invoke ms | warm p50 ms | warm p99 ms | peak RSS MB: cold / warm |\n");
    md.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    double floor0 = Stats.of(report.floor(Subject.Kind.JVM_FLOOR).coldTotalMs()).median();
    double floor1 = Stats.of(report.floor(Subject.Kind.SDK_FLOOR).coldTotalMs()).median();
    for (SubjectResult result : report.results()) {
      Stats cold = Stats.of(result.coldTotalMs());
      Stats warm = Stats.of(result.warmMs());
      md.append("| ")
          .append(result.subject().label())
          .append(" | ")
          .append(megabytes(result.packageBytes()))
          .append(" | ")
          .append(spread(Stats.of(result.initMs())))
          .append(" | ")
          .append(spread(Stats.of(result.firstInvokeMs())))
          .append(" | ")
          .append(spread(cold))
          .append(" | ")
          .append(ratio(cold.median() / floor0))
          .append(" | ")
          .append(ratio(cold.median() / floor1))
          .append(" | ")
          .append(decimal(Stats.of(result.secondMs()).median()))
          .append(" | ")
          .append(decimal(warm.median()))
          .append(" | ")
          .append(decimal(warm.p99()))
          .append(" | ")
          .append(Math.round(Stats.of(result.coldRssMb()).median()))
          .append(" / ")
          .append(result.warmPeakRssMb())
          .append(" |\n");
    }
    md.append(
        "\nMedians, with min–max in brackets; ratios compare medians of init + first invoke. "
            + "Second invoke: the next event in the same container (median), about what a first invocation would cost "
            + "after a SnapStart restore from a snapshot primed with one invocation, plus the restore, which only Lambda "
            + "can measure. Peak RSS is the JVM's VmHWM (Lambda's \"Max Memory Used\"): after the first invocation "
            + "(median), and after the last warm one.\n");

    md.append(
        "\n| subject | init CPU ms | first invoke CPU ms | cold: CPU ms | × floor 0 | × floor 1 "
            + "| warm: CPU ms per event |\n");
    md.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    double cpuFloor0 = Stats.of(report.floor(Subject.Kind.JVM_FLOOR).coldCpuMs()).median();
    double cpuFloor1 = Stats.of(report.floor(Subject.Kind.SDK_FLOOR).coldCpuMs()).median();
    for (SubjectResult result : report.results()) {
      Stats cpu = Stats.of(result.coldCpuMs());
      md.append("| ")
          .append(result.subject().label())
          .append(" | ")
          .append(spread(Stats.of(result.initCpuMs())))
          .append(" | ")
          .append(spread(Stats.of(result.firstCpuMs())))
          .append(" | ")
          .append(spread(cpu))
          .append(" | ")
          .append(ratio(cpu.median() / cpuFloor0))
          .append(" | ")
          .append(ratio(cpu.median() / cpuFloor1))
          .append(" | ")
          .append(decimal(result.warmCpuMeanMs()))
          .append(" |\n");
    }
    md.append(
        "\nCPU time of all the JVM's threads (JIT compiler and GC included), as the kernel accounts it in "
            + "10 ms ticks: another busy process on the machine barely changes it, and a function with less than one "
            + "vCPU (Lambda gives 1024 MB about 0.6) waits for all of it.\n");

    md.append(
        "\n| subject | event | AWS calls: first event of a container | next event, same container |\n");
    md.append("| --- | --- | --- | --- |\n");
    for (SubjectResult result : report.results()) {
      if (result.subject().kind() == Subject.Kind.JVM_FLOOR) {
        continue;
      }
      Map<String, List<SubjectResult.Calls>> byScenario = new LinkedHashMap<>();
      result
          .calls()
          .forEach(
              calls ->
                  byScenario.computeIfAbsent(calls.scenario(), s -> new ArrayList<>()).add(calls));
      byScenario.forEach(
          (scenario, calls) ->
              md.append("| ")
                  .append(result.subject().label())
                  .append(" | ")
                  .append(scenario)
                  .append(" | ")
                  .append(calls(calls, false))
                  .append(" | ")
                  .append(calls(calls, true))
                  .append(" |\n"));
    }

    md.append("\n").append(targets(report, floor1));
    if (!report.notMeasured().isEmpty()) {
      md.append("\nNot measured: ").append(String.join("; ", report.notMeasured())).append(".\n");
    }
    return md.toString();
  }

  /** One line per distinct JVM setup: usually every subject shares the floors' one. */
  private static String jvmOptions(BenchmarkReport report) {
    Map<String, List<String>> setups = new LinkedHashMap<>();
    for (SubjectResult result : report.results()) {
      var function = result.subject().function();
      String setup =
          "`"
              + String.join(" ", function.jvmOptions())
              + "`, `JAVA_TOOL_OPTIONS` "
              + (function.javaToolOptions() == null
                  ? "not set"
                  : "`" + function.javaToolOptions() + "`");
      setups.computeIfAbsent(setup, s -> new ArrayList<>()).add(result.subject().label());
    }
    if (setups.size() == 1) {
      return "JVM options, as Lambda's Java runtime sets them: "
          + setups.keySet().iterator().next()
          + ".";
    }
    return setups.entrySet().stream()
        .map(
            entry ->
                "JVM options of "
                    + String.join(", ", entry.getValue())
                    + ": "
                    + entry.getKey()
                    + ".")
        .collect(Collectors.joining("\n"));
  }

  private static String targets(BenchmarkReport report, double floor1) {
    List<SubjectResult> functions = report.functions();
    StringBuilder md = new StringBuilder("| target |");
    functions.forEach(result -> md.append(" ").append(result.subject().label()).append(" |"));
    md.append("\n| --- |").append(" --- |".repeat(functions.size())).append("\n");

    md.append("| cold latency ≤ ")
        .append(ratio(COLD_RATIO_LIMIT))
        .append(" floor 1 (aim ")
        .append(ratio(COLD_RATIO_AIM))
        .append(") |");
    double cpuFloor1 = Stats.of(report.floor(Subject.Kind.SDK_FLOOR).coldCpuMs()).median();
    for (SubjectResult result : functions) {
      double r = Stats.of(result.coldTotalMs()).median() / floor1;
      double cpu = Stats.of(result.coldCpuMs()).median() / cpuFloor1;
      md.append(" ")
          .append(ratio(r))
          .append(" (CPU ")
          .append(ratio(cpu))
          .append("): ")
          .append(
              r <= COLD_RATIO_AIM
                  ? "met, aim met"
                  : r <= COLD_RATIO_LIMIT ? "met, aim missed" : "missed")
          .append(" |");
    }
    md.append("\n| warm p99 < ")
        .append(decimal(WARM_P99_LIMIT_MS))
        .append(" ms excluding AWS round trips |");
    for (SubjectResult result : functions) {
      double p99 = Stats.of(result.warmMs()).p99();
      List<AwsCall> calls = warmCalls(result);
      if (!calls.stream().allMatch(call -> report.roundTripMs().containsKey(call.toString()))) {
        md.append(" ")
            .append(decimal(p99))
            .append(" ms with ")
            .append(calls.size())
            .append(" calls whose round trips were not timed |");
        continue;
      }
      double waiting =
          calls.stream().mapToDouble(call -> report.roundTripMs().get(call.toString())).sum();
      double own = p99 - waiting;
      md.append(" ")
          .append(decimal(p99))
          .append(" − ")
          .append(decimal(waiting))
          .append(" ms for ")
          .append(calls.size())
          .append(calls.size() == 1 ? " call" : " calls")
          .append(" = ")
          .append(decimal(own))
          .append(" ms: ")
          .append(own < WARM_P99_LIMIT_MS ? "met" : "missed")
          .append(" |");
    }
    md.append("\n| package ≤ ")
        .append(decimal(PACKAGE_LIMIT_MB))
        .append(" MB (aim ")
        .append(decimal(PACKAGE_AIM_MB))
        .append(" MB) |");
    for (SubjectResult result : functions) {
      double mb = result.packageBytes() / 1_000_000.0;
      md.append(" ")
          .append(megabytes(result.packageBytes()))
          .append(" MB: ")
          .append(
              mb <= PACKAGE_AIM_MB
                  ? "met, aim met"
                  : mb <= PACKAGE_LIMIT_MB ? "met, aim missed" : "missed")
          .append(" |");
    }
    md.append("\n| peak RSS fits a ").append(MEMORY_LIMIT_MB).append(" MB function |");
    for (SubjectResult result : functions) {
      int peak = result.warmPeakRssMb();
      md.append(" ")
          .append(peak)
          .append(" MB: ")
          .append(peak < MEMORY_LIMIT_MB ? "met" : "missed")
          .append(" |");
    }
    md.append("\n| compliant event, warm container: one read of the function, no write |");
    for (SubjectResult result : functions) {
      if (result.subject().kind() != Subject.Kind.FUNCTION) {
        md.append(" not a CloudTrail event |");
        continue;
      }
      List<AwsCall> calls = warmCalls(result);
      long reads =
          calls.stream().filter(call -> call.toString().equals("lambda:GetFunction")).count();
      boolean writes = calls.stream().anyMatch(AwsCall::write);
      md.append(" ")
          .append(reads == 1 && !writes ? "met" : "missed")
          .append(" (")
          .append(calls.size())
          .append(calls.size() == 1 ? " call" : " calls")
          .append(") |");
    }
    md.append("\n\nRound trips to the emulator, median from a warm JVM: ")
        .append(
            report.roundTripMs().entrySet().stream()
                .map(entry -> entry.getKey() + " " + decimal(entry.getValue()) + " ms")
                .collect(Collectors.joining(", ")))
        .append(".\n");
    return md.toString();
  }

  /** The calls of the subject's own event (compliant, or the SQS one) in a warm container. */
  private static List<AwsCall> warmCalls(SubjectResult result) {
    return result.calls().stream()
        .filter(SubjectResult.Calls::warmContainer)
        .findFirst()
        .map(SubjectResult.Calls::calls)
        .orElse(List.of());
  }

  private static String calls(List<SubjectResult.Calls> all, boolean warm) {
    return all.stream()
        .filter(calls -> calls.warmContainer() == warm)
        .findFirst()
        .map(
            calls -> {
              long writes = calls.calls().stream().filter(AwsCall::write).count();
              return calls.calls().size()
                  + (writes == 0 ? "" : " (" + writes + (writes == 1 ? " write" : " writes") + ")")
                  + (calls.calls().isEmpty()
                      ? ""
                      : ": "
                          + calls.calls().stream()
                              .map(AwsCall::toString)
                              .collect(Collectors.joining(", ")));
            })
        .orElse("-");
  }

  /** {@code 1234 (1200–1300)}: the median, then the range. */
  static String spread(Stats stats) {
    return decimal(stats.median()) + " (" + decimal(stats.min()) + "–" + decimal(stats.max()) + ")";
  }

  /** Whole numbers from 100 on, one decimal below: the precision the measurements have. */
  static String decimal(double value) {
    return Math.abs(value) >= 100
        ? String.format(Locale.ROOT, "%.0f", value)
        : String.format(Locale.ROOT, "%.1f", value);
  }

  static String ratio(double value) {
    return String.format(Locale.ROOT, "%.2f×", value);
  }

  static String megabytes(long bytes) {
    return String.format(Locale.ROOT, "%.2f", bytes / 1_000_000.0);
  }
}
