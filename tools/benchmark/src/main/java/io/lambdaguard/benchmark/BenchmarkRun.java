package io.lambdaguard.benchmark;

import io.lambdaguard.replay.InvocationStatus;
import io.lambdaguard.replay.ReplayDriver;
import io.lambdaguard.replay.ReplayFunction;
import io.lambdaguard.replay.ReplayOptions;
import io.lambdaguard.replay.ReplayRow;
import io.lambdaguard.replay.RuleOutcome;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One benchmark run: the floors deployed next to the template's functions, then cold starts, warm invocations and
 * the non-compliant case, each phase interleaving the subjects so that a busy moment of the machine hits them alike.
 */
final class BenchmarkRun {
  static final String JVM_FLOOR = "FloorJvm";
  static final String SDK_FLOOR = "FloorSdk";
  private static final Path JVM_FLOOR_ZIP = Path.of("tools/benchmark-floors/jvm-floor/target/jvm-floor.zip");
  private static final Path SDK_FLOOR_ZIP = Path.of("tools/benchmark-floors/sdk-floor/target/sdk-floor.zip");
  private static final String JVM_FLOOR_HANDLER = "io.lambdaguard.floors.jvm.JvmFloorHandler::handleRequest";
  private static final String SDK_FLOOR_HANDLER = "io.lambdaguard.floors.sdk.SdkFloorHandler::handleRequest";
  private static final int ROUND_TRIP_SAMPLES = 100;

  private final BenchmarkOptions options;
  private final PrintStream progress;

  BenchmarkRun(BenchmarkOptions options, PrintStream progress) {
    this.options = options;
    this.progress = progress;
  }

  BenchmarkReport run() throws InterruptedException {
    Scenario compliant = Scenario.load("compliant", options.root(), options.compliant());
    Scenario nonCompliant = Scenario.load("non-compliant", options.root(), options.nonCompliant());
    ReplayOptions.Builder replayOptions = ReplayOptions.builder(options.root());
    if (options.java() != null) {
      replayOptions.java(options.java());
    }
    ReplayOptions replay = replayOptions.build();
    ZonedDateTime date = ZonedDateTime.now(ZoneOffset.UTC);
    double loadBefore = Machine.loadAverage();
    try (ReplayDriver driver = ReplayDriver.open(replay)) {
      if (driver.endpoint() == null || driver.configuredKeyArn() == null) {
        throw new BenchmarkException("the benchmark needs the embedded emulator and a key parameter in the template");
      }
      List<String> notMeasured = new ArrayList<>();
      List<Subject> subjects = subjects(driver, notMeasured);
      Map<Subject, Collector> collectors = new LinkedHashMap<>();
      subjects.forEach(subject -> collectors.put(subject, new Collector(subject)));
      Map<String, Double> roundTrips;
      try (Emulator emulator = new Emulator(driver.endpoint(), driver.region(), driver.configuredKeyArn())) {
        Runnable compliantWorld = emulator.encryptingLogGroupOf(compliant.functionName());
        coldStarts(driver, collectors, compliant, compliantWorld);
        warmInvocations(driver, collectors, compliant, compliantWorld);
        // The last invocation left the compliant world in place: time the reads it costs.
        roundTrips = emulator.roundTripMillis(compliant.functionName(), ROUND_TRIP_SAMPLES);
        subjects.forEach(subject -> driver.endEnvironment(subject.logicalId()));
        nonCompliantCalls(driver, collectors, nonCompliant);
      }
      List<SubjectResult> results = collectors.values().stream().map(Collector::result).toList();
      return new BenchmarkReport(date, Machine.describe(replay.java()), driver.backendDescription(), options,
          compliant, nonCompliant, results, notMeasured, roundTrips, loadBefore, Machine.loadAverage());
    }
  }

  /** The floors first, then every EventBridge-routed function of the template (or those asked for). */
  private List<Subject> subjects(ReplayDriver driver, List<String> notMeasured) {
    List<ReplayFunction> templateFunctions = driver.functions();
    List<Subject> subjects = new ArrayList<>();
    subjects.add(new Subject("floor 0: JVM", Subject.Kind.JVM_FLOOR,
        driver.deploy(JVM_FLOOR, floorPackage(JVM_FLOOR_ZIP), JVM_FLOOR_HANDLER)));
    subjects.add(new Subject("floor 1: SDK", Subject.Kind.SDK_FLOOR,
        driver.deploy(SDK_FLOOR, floorPackage(SDK_FLOOR_ZIP), SDK_FLOOR_HANDLER)));
    for (String id : options.only()) {
      if (templateFunctions.stream().noneMatch(function -> function.logicalId().equals(id))) {
        throw new BenchmarkException("--only " + id + ": the template has no such function");
      }
    }
    for (ReplayFunction function : templateFunctions) {
      if (!options.only().isEmpty() && !options.only().contains(function.logicalId())) {
        notMeasured.add(function.logicalId() + ": left out (--only)");
      } else if (!function.eventBridgeRouted()) {
        notMeasured.add(function.logicalId() + ": no EventBridge rule invokes it (CloudTrail events are what the"
            + " benchmark replays)");
      } else {
        subjects.add(new Subject(function.logicalId(), Subject.Kind.FUNCTION, function));
      }
    }
    for (Variant variant : options.variants()) {
      subjects.add(new Subject(variant.function() + " [" + variant.label() + "]", Subject.Kind.FUNCTION,
          driver.deployCopy(variant.logicalId(), variant.function(), variant.packageZip(), variant.environment())));
    }
    return subjects;
  }

  private Path floorPackage(Path relative) {
    Path zip = options.root().resolve(relative);
    if (!Files.isRegularFile(zip)) {
      throw new BenchmarkException("the floor package " + zip + " is missing: build with ./mvnw -q -DskipTests package");
    }
    return zip;
  }

  /**
   * One discarded round (it fills the machine's file cache and warms this JVM's Runtime API), then the measured
   * rounds: each subject gets a new execution environment and the compliant event, twice.
   */
  private void coldStarts(ReplayDriver driver, Map<Subject, Collector> collectors, Scenario compliant,
                          Runnable compliantWorld) throws InterruptedException {
    for (int round = 0; round <= options.coldStarts(); round++) {
      List<String> line = new ArrayList<>();
      for (Collector collector : collectors.values()) {
        Subject subject = collector.subject;
        driver.endEnvironment(subject.logicalId());
        ReplayRow row = invoke(driver, subject, compliant, compliantWorld);
        requireCompliant(subject, row);
        ReplayRow second = invoke(driver, subject, compliant, compliantWorld);
        if (round > 0) {
          collector.cold(row, second);
          if (round == 1) {
            collector.calls(compliant, false, row);
          }
        }
        line.add(String.format(Locale.ROOT, "%s %.0f+%.0f ms", subject.logicalId(), row.initDurationMs(),
            row.durationMs()));
      }
      progress.println("benchmark: cold start " + (round == 0 ? "warm-up" : round + "/" + options.coldStarts())
          + ": " + String.join(", ", line));
    }
    collectors.keySet().forEach(subject -> driver.endEnvironment(subject.logicalId()));
  }

  /** Every subject gets one new execution environment, then the compliant event again and again, round robin. */
  private void warmInvocations(ReplayDriver driver, Map<Subject, Collector> collectors, Scenario compliant,
                               Runnable compliantWorld) throws InterruptedException {
    for (Subject subject : collectors.keySet()) {
      invoke(driver, subject, compliant, compliantWorld);
    }
    for (int i = 0; i < options.warmEvents(); i++) {
      for (Collector collector : collectors.values()) {
        ReplayRow row = invoke(driver, collector.subject, compliant, compliantWorld);
        requireCompliant(collector.subject, row);
        collector.warm(row);
        if (i == 0) {
          collector.calls(compliant, true, row);
        }
      }
      if ((i + 1) % 50 == 0 || i + 1 == options.warmEvents()) {
        progress.println("benchmark: warm invocations " + (i + 1) + "/" + options.warmEvents());
      }
    }
  }

  /** The functions only: each gets the non-compliant event in a new execution environment, then once more warm. */
  private void nonCompliantCalls(ReplayDriver driver, Map<Subject, Collector> collectors, Scenario nonCompliant)
      throws InterruptedException {
    for (Collector collector : collectors.values()) {
      Subject subject = collector.subject;
      if (subject.isFloor()) {
        continue;
      }
      for (boolean warm : new boolean[] {false, true}) {
        ReplayRow row = invoke(driver, subject, nonCompliant, () -> { });
        if (row.outcomes().stream().allMatch(outcome -> outcome.outcome().equals("compliant"))) {
          throw new BenchmarkException(subject.label() + " found the non-compliant event " + nonCompliant.file()
              + " compliant: pass another with --non-compliant");
        }
        collector.calls(nonCompliant, warm, row);
      }
      driver.endEnvironment(subject.logicalId());
      progress.println("benchmark: non-compliant event: " + subject.logicalId() + " done");
    }
  }

  private static ReplayRow invoke(ReplayDriver driver, Subject subject, Scenario scenario, Runnable seeding)
      throws InterruptedException {
    ReplayRow row = driver.invoke(subject.logicalId(), scenario.label(), scenario.freshEvent(), seeding);
    if (row.status() != InvocationStatus.RESPONDED || row.durationMs() == null || row.cpuMs() == null) {
      throw new BenchmarkException(subject.label() + " did not answer the " + scenario.name() + " event: "
          + row.status() + (row.error() == null ? "" : ": " + row.error()) + " (log: " + row.log() + ")");
    }
    return row;
  }

  /** A function's compliant event must be compliant for every one of its rules, and cost no write. */
  private static void requireCompliant(Subject subject, ReplayRow row) {
    if (subject.isFloor()) {
      return;
    }
    List<RuleOutcome> other = row.outcomes().stream().filter(outcome -> !outcome.outcome().equals("compliant"))
        .toList();
    if (!other.isEmpty() || row.writeCalls() > 0) {
      throw new BenchmarkException("the compliant event is not compliant for " + subject.label() + ": "
          + (other.isEmpty() ? row.writeCalls() + " writes" : other.stream()
              .map(outcome -> outcome.rule() + " " + outcome.outcome() + " (" + outcome.reason() + ")").toList())
          + "; seed what its rules need in Emulator, or pass another event with --compliant");
    }
  }

  /** The measurements of one subject as they arrive. */
  private static final class Collector {
    private final Subject subject;
    private final List<Double> initMs = new ArrayList<>();
    private final List<Double> firstInvokeMs = new ArrayList<>();
    private final List<Double> initCpuMs = new ArrayList<>();
    private final List<Double> firstCpuMs = new ArrayList<>();
    private final List<Double> secondMs = new ArrayList<>();
    private final List<Integer> coldRssMb = new ArrayList<>();
    private final List<Double> warmMs = new ArrayList<>();
    private final List<Double> warmCpuMs = new ArrayList<>();
    private Integer warmPeakRssMb;
    private final List<SubjectResult.Calls> calls = new ArrayList<>();

    Collector(Subject subject) {
      this.subject = subject;
    }

    void cold(ReplayRow first, ReplayRow second) {
      initMs.add(first.initDurationMs());
      firstInvokeMs.add(first.durationMs());
      initCpuMs.add(first.initCpuMs());
      firstCpuMs.add(first.cpuMs());
      secondMs.add(second.durationMs());
      coldRssMb.add(first.peakRssMb());
    }

    void warm(ReplayRow row) {
      warmMs.add(row.durationMs());
      warmCpuMs.add(row.cpuMs());
      warmPeakRssMb = row.peakRssMb();
    }

    void calls(Scenario scenario, boolean warmContainer, ReplayRow row) {
      calls.add(new SubjectResult.Calls(scenario.name(), warmContainer, row.calls() == null ? List.of() : row.calls()));
    }

    SubjectResult result() {
      long size;
      try {
        size = Files.size(subject.function().packageZip());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return new SubjectResult(subject, size, initMs, firstInvokeMs, initCpuMs, firstCpuMs, secondMs, coldRssMb,
          warmMs, warmCpuMs, warmPeakRssMb, calls);
    }
  }
}
