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
 * One benchmark run: the floors deployed next to the template's functions, then cold starts, warm
 * invocations and the non-compliant case, each phase interleaving the subjects so that a busy
 * moment of the machine hits them alike.
 */
final class BenchmarkRun {
  static final String JVM_FLOOR = "FloorJvm";
  static final String SDK_FLOOR = "FloorSdk";
  private static final Path JVM_FLOOR_ZIP =
      Path.of("tools/benchmark-floors/jvm-floor/target/jvm-floor.zip");
  private static final Path SDK_FLOOR_ZIP =
      Path.of("tools/benchmark-floors/sdk-floor/target/sdk-floor.zip");
  private static final String JVM_FLOOR_HANDLER =
      "io.lambdaguard.floors.jvm.JvmFloorHandler::handleRequest";
  private static final String SDK_FLOOR_HANDLER =
      "io.lambdaguard.floors.sdk.SdkFloorHandler::handleRequest";
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
    Scenario deadLetter =
        Files.isRegularFile(options.root().resolve(options.queueEvent()))
            ? Scenario.loadQueueEvent("dead letter", options.root(), options.queueEvent())
            : null;
    ReplayOptions.Builder replayOptions = ReplayOptions.builder(options.root());
    if (options.java() != null) {
      replayOptions.java(options.java());
    }
    ReplayOptions replay = replayOptions.build();
    ZonedDateTime date = ZonedDateTime.now(ZoneOffset.UTC);
    double loadBefore = Machine.loadAverage();
    try (ReplayDriver driver = ReplayDriver.open(replay);
        Emulator emulator = emulator(driver)) {
      List<String> notMeasured = new ArrayList<>();
      List<Subject> subjects = subjects(driver, deadLetter != null, notMeasured);
      Runnable compliantWorld = emulator.encryptingLogGroupOf(compliant.functionName());
      Map<Subject, Collector> collectors = new LinkedHashMap<>();
      for (Subject subject : subjects) {
        collectors.put(
            subject,
            subject.kind() == Subject.Kind.QUEUE_FUNCTION
                ? new Collector(subject, deadLetter, () -> {})
                : new Collector(subject, compliant, compliantWorld));
      }
      coldStarts(driver, collectors);
      warmInvocations(driver, collectors);
      // The SDK floor's event seeds the compliant world again: time the reads it costs.
      collectors.values().stream()
          .filter(collector -> collector.subject.kind() == Subject.Kind.SDK_FLOOR)
          .findFirst()
          .orElseThrow()
          .invoke(driver);
      Map<String, Double> roundTrips =
          emulator.roundTripMillis(compliant.functionName(), ROUND_TRIP_SAMPLES);
      subjects.forEach(subject -> driver.endEnvironment(subject.logicalId()));
      nonCompliantCalls(driver, collectors, nonCompliant);
      List<SubjectResult> results = collectors.values().stream().map(Collector::result).toList();
      return new BenchmarkReport(
          date,
          Machine.describe(replay.java()),
          driver.backendDescription(),
          options,
          compliant,
          nonCompliant,
          results,
          notMeasured,
          roundTrips,
          loadBefore,
          Machine.loadAverage());
    }
  }

  private static Emulator emulator(ReplayDriver driver) {
    if (driver.endpoint() == null || driver.configuredKeyArn() == null) {
      throw new BenchmarkException(
          "the benchmark needs the embedded emulator and a key parameter in the template");
    }
    return new Emulator(driver.endpoint(), driver.region(), driver.configuredKeyArn());
  }

  /**
   * The floors first, then every function of the template an event of ours can invoke (or those
   * asked for).
   */
  private List<Subject> subjects(
      ReplayDriver driver, boolean haveQueueEvent, List<String> notMeasured) {
    List<ReplayFunction> templateFunctions = driver.functions();
    List<Subject> subjects = new ArrayList<>();
    subjects.add(
        new Subject(
            "floor 0: JVM",
            Subject.Kind.JVM_FLOOR,
            driver.deploy(JVM_FLOOR, floorPackage(JVM_FLOOR_ZIP), JVM_FLOOR_HANDLER)));
    subjects.add(
        new Subject(
            "floor 1: SDK",
            Subject.Kind.SDK_FLOOR,
            driver.deploy(SDK_FLOOR, floorPackage(SDK_FLOOR_ZIP), SDK_FLOOR_HANDLER)));
    for (String id : options.only()) {
      if (templateFunctions.stream().noneMatch(function -> function.logicalId().equals(id))) {
        throw new BenchmarkException("--only " + id + ": the template has no such function");
      }
    }
    Map<String, Subject.Kind> kinds = new LinkedHashMap<>();
    for (ReplayFunction function : templateFunctions) {
      Subject.Kind kind =
          function.eventBridgeRouted()
              ? Subject.Kind.FUNCTION
              : function.eventTypes().contains("SQS") && haveQueueEvent
                  ? Subject.Kind.QUEUE_FUNCTION
                  : null;
      kinds.put(function.logicalId(), kind);
      if (!options.only().isEmpty() && !options.only().contains(function.logicalId())) {
        notMeasured.add(function.logicalId() + ": left out (--only)");
      } else if (kind == null) {
        notMeasured.add(
            function.logicalId()
                + ": triggered by "
                + function.eventTypes()
                + ", for which the benchmark has no event (it replays CloudTrail events, and SQS events with --sqs-event)");
      } else {
        subjects.add(new Subject(function.logicalId(), kind, function));
      }
    }
    for (Variant variant : options.variants()) {
      Subject.Kind kind = kinds.get(variant.function());
      if (kind == null) {
        throw new BenchmarkException(
            "--variant "
                + variant.label()
                + ": "
                + variant.function()
                + " is not a function the benchmark can measure");
      }
      subjects.add(
          new Subject(
              variant.function() + " [" + variant.label() + "]",
              kind,
              driver.deployCopy(
                  variant.logicalId(),
                  variant.function(),
                  variant.packageZip(),
                  variant.environment())));
    }
    return subjects;
  }

  private Path floorPackage(Path relative) {
    Path zip = options.root().resolve(relative);
    if (!Files.isRegularFile(zip)) {
      throw new BenchmarkException(
          "the floor package " + zip + " is missing: build with ./mvnw -q -DskipTests package");
    }
    return zip;
  }

  /**
   * One discarded round (it fills the machine's file cache and warms this JVM's Runtime API), then
   * the measured rounds: each subject gets a new execution environment and its event, twice.
   */
  private void coldStarts(ReplayDriver driver, Map<Subject, Collector> collectors)
      throws InterruptedException {
    for (int round = 0; round <= options.coldStarts(); round++) {
      List<String> line = new ArrayList<>();
      for (Collector collector : collectors.values()) {
        Subject subject = collector.subject;
        driver.endEnvironment(subject.logicalId());
        ReplayRow row = collector.invoke(driver);
        ReplayRow second = collector.invoke(driver);
        if (round > 0) {
          collector.cold(row, second);
          if (round == 1) {
            collector.calls(collector.scenario, false, row);
          }
        }
        line.add(
            String.format(
                Locale.ROOT,
                "%s %.0f+%.0f ms",
                subject.logicalId(),
                row.initDurationMs(),
                row.durationMs()));
      }
      progress.println(
          "benchmark: cold start "
              + (round == 0 ? "warm-up" : round + "/" + options.coldStarts())
              + ": "
              + String.join(", ", line));
    }
    collectors.keySet().forEach(subject -> driver.endEnvironment(subject.logicalId()));
  }

  /**
   * Every subject gets one new execution environment, then its event again and again, round robin.
   */
  private void warmInvocations(ReplayDriver driver, Map<Subject, Collector> collectors)
      throws InterruptedException {
    for (Collector collector : collectors.values()) {
      collector.invoke(driver);
    }
    for (int i = 0; i < options.warmEvents(); i++) {
      for (Collector collector : collectors.values()) {
        ReplayRow row = collector.invoke(driver);
        collector.warm(row);
        if (i == 0) {
          collector.calls(collector.scenario, true, row);
        }
      }
      if ((i + 1) % 50 == 0 || i + 1 == options.warmEvents()) {
        progress.println("benchmark: warm invocations " + (i + 1) + "/" + options.warmEvents());
      }
    }
  }

  /**
   * The functions only: each gets the non-compliant event in a new execution environment, then once
   * more warm.
   */
  private void nonCompliantCalls(
      ReplayDriver driver, Map<Subject, Collector> collectors, Scenario nonCompliant)
      throws InterruptedException {
    for (Collector collector : collectors.values()) {
      Subject subject = collector.subject;
      if (subject.kind() != Subject.Kind.FUNCTION) {
        continue;
      }
      for (boolean warm : new boolean[] {false, true}) {
        ReplayRow row = invoke(driver, subject, nonCompliant, () -> {});
        if (row.outcomes().stream().allMatch(outcome -> outcome.outcome().equals("compliant"))) {
          throw new BenchmarkException(
              subject.label()
                  + " found the non-compliant event "
                  + nonCompliant.file()
                  + " compliant: pass another with --non-compliant");
        }
        collector.calls(nonCompliant, warm, row);
      }
      driver.endEnvironment(subject.logicalId());
      progress.println("benchmark: non-compliant event: " + subject.logicalId() + " done");
    }
  }

  private static ReplayRow invoke(
      ReplayDriver driver, Subject subject, Scenario scenario, Runnable seeding)
      throws InterruptedException {
    ReplayRow row =
        driver.invoke(subject.logicalId(), scenario.label(), scenario.freshEvent(), seeding);
    if (row.status() != InvocationStatus.RESPONDED
        || row.durationMs() == null
        || row.cpuMs() == null) {
      throw new BenchmarkException(
          subject.label()
              + " did not answer the "
              + scenario.name()
              + " event: "
              + row.status()
              + (row.error() == null ? "" : ": " + row.error())
              + " (log: "
              + row.log()
              + ")");
    }
    return row;
  }

  /**
   * What a subject's event must give, or the numbers would measure another path: a function's
   * compliant event is compliant for every one of its rules and costs no write; a queue function
   * ticketed every message.
   */
  private static void requireExpectedPath(Subject subject, Scenario scenario, ReplayRow row) {
    if (subject.kind() == Subject.Kind.QUEUE_FUNCTION
        && !row.response().replace(" ", "").contains("\"batchItemFailures\":[]")) {
      throw new BenchmarkException(
          subject.label()
              + " did not handle every message of "
              + scenario.file()
              + ": "
              + row.response()
              + " (log: "
              + row.log()
              + ")");
    }
    if (subject.kind() != Subject.Kind.FUNCTION) {
      return;
    }
    List<RuleOutcome> other =
        row.outcomes().stream().filter(outcome -> !outcome.outcome().equals("compliant")).toList();
    if (!other.isEmpty() || row.writeCalls() > 0) {
      throw new BenchmarkException(
          "the compliant event is not compliant for "
              + subject.label()
              + ": "
              + (other.isEmpty()
                  ? row.writeCalls() + " writes"
                  : other.stream()
                      .map(
                          outcome ->
                              outcome.rule()
                                  + " "
                                  + outcome.outcome()
                                  + " ("
                                  + outcome.reason()
                                  + ")")
                      .toList())
              + "; seed what its rules need in Emulator, or pass another event with --compliant");
    }
  }

  /** The measurements of one subject as they arrive, and the event it gets. */
  private static final class Collector {
    private final Subject subject;
    private final Scenario scenario;
    private final Runnable seeding;
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

    Collector(Subject subject, Scenario scenario, Runnable seeding) {
      this.subject = subject;
      this.scenario = scenario;
      this.seeding = seeding;
    }

    /** The subject's event, checked to take the path it stands for. */
    ReplayRow invoke(ReplayDriver driver) throws InterruptedException {
      ReplayRow row = BenchmarkRun.invoke(driver, subject, scenario, seeding);
      requireExpectedPath(subject, scenario, row);
      return row;
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
      calls.add(
          new SubjectResult.Calls(
              scenario.name(), warmContainer, row.calls() == null ? List.of() : row.calls()));
    }

    SubjectResult result() {
      long size;
      Path packagePath = subject.function().packageZip();
      try (var files = Files.walk(packagePath)) {
        // A zip's size; for an unpacked package (a sam build directory), the size of its files.
        size =
            files
                .filter(Files::isRegularFile)
                .mapToLong(
                    file -> {
                      try {
                        return Files.size(file);
                      } catch (IOException e) {
                        throw new UncheckedIOException(e);
                      }
                    })
                .sum();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return new SubjectResult(
          subject,
          size,
          initMs,
          firstInvokeMs,
          initCpuMs,
          firstCpuMs,
          secondMs,
          coldRssMb,
          warmMs,
          warmCpuMs,
          warmPeakRssMb,
          calls);
    }
  }
}
