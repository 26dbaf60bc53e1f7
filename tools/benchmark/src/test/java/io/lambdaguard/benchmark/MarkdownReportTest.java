package io.lambdaguard.benchmark;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lambdaguard.replay.AwsCall;
import io.lambdaguard.replay.ReplayFunction;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MarkdownReportTest {
  private static final Path ROOT = Path.of(System.getProperty("lambdaguard.root"));
  private static final List<String> FLAGS = List.of("-XX:TieredStopAtLevel=1", "-Xmx870m");
  private static final AwsCall GET_FUNCTION = new AwsCall("lambda", "GetFunction", false);
  private static final AwsCall DESCRIBE_LOG_GROUPS =
      new AwsCall("logs", "DescribeLogGroups", false);

  @Test
  void report_showsRatiosToBothFloors_callsAndTheTargets() {
    // given: floor 0 cold 100 ms, floor 1 cold 500 ms, the function cold 800 ms
    SubjectResult jvm =
        result("floor 0: JVM", Subject.Kind.JVM_FLOOR, 10_000, 90, 10, 40, List.of());
    SubjectResult sdk =
        result(
            "floor 1: SDK",
            Subject.Kind.SDK_FLOOR,
            7_000_000,
            400,
            100,
            110,
            List.of(new SubjectResult.Calls("compliant", true, List.of(GET_FUNCTION))));
    SubjectResult function =
        result(
            "EncryptionFunction",
            Subject.Kind.FUNCTION,
            12_000_000,
            600,
            200,
            170,
            List.of(
                new SubjectResult.Calls(
                    "compliant", false, List.of(GET_FUNCTION, DESCRIBE_LOG_GROUPS)),
                new SubjectResult.Calls(
                    "compliant", true, List.of(GET_FUNCTION, DESCRIBE_LOG_GROUPS)),
                new SubjectResult.Calls(
                    "non-compliant",
                    false,
                    List.of(
                        GET_FUNCTION,
                        new AwsCall("lambda", "UpdateFunctionConfiguration", true)))));
    BenchmarkOptions options = BenchmarkOptions.parse(List.of("--root", ROOT.toString()));
    BenchmarkReport report =
        new BenchmarkReport(
            ZonedDateTime.of(2026, 11, 27, 12, 0, 0, 0, ZoneOffset.UTC),
            new Machine("AMD EPYC", 2, 24_000, "Linux", "Temurin-25"),
            "embedded moto",
            options,
            Scenario.load("compliant", ROOT, options.compliant()),
            Scenario.load("non-compliant", ROOT, options.nonCompliant()),
            List.of(jvm, sdk, function),
            List.of("TicketsFunction: no EventBridge rule invokes it"),
            Map.of("lambda:GetFunction", 4.0, "logs:DescribeLogGroups", 3.0),
            0.5,
            0.7);

    // when
    String markdown = MarkdownReport.render(report);

    // then
    assertTrue(markdown.contains("Measured 2026-11-27 12:00 UTC on AMD EPYC, 2 cores"), markdown);
    assertTrue(
        markdown.contains(
            "| EncryptionFunction | 12.00 | 600 (600–600) | 200 (200–200) | 800 (800–800) "
                + "| 8.00× | 1.60× | 24.0 | 12.0 | 12.0 | 170 / 170 |"),
        markdown);
    assertTrue(
        markdown.contains(
            "| EncryptionFunction | non-compliant | 2 (1 write): lambda:GetFunction, "
                + "lambda:UpdateFunctionConfiguration | - |"),
        markdown);
    assertTrue(
        markdown.contains(
            "| EncryptionFunction | 300 (300–300) | 100 (100–100) | 400 (400–400) | 8.00× "
                + "| 1.60× | 6.0 |"),
        markdown);
    assertTrue(markdown.contains("1.60× (CPU 1.60×): met, aim missed"), markdown);
    assertTrue(markdown.contains("12.0 − 7.0 ms for 2 calls = 5.0 ms: met"), markdown);
    assertTrue(markdown.contains("12.00 MB: missed"), markdown);
    assertTrue(
        markdown.contains("`-XX:TieredStopAtLevel=1 -Xmx870m`, `JAVA_TOOL_OPTIONS` not set"),
        markdown);
    assertTrue(markdown.contains("Not measured: TicketsFunction"), markdown);
  }

  private static SubjectResult result(
      String label,
      Subject.Kind kind,
      long bytes,
      double initMs,
      double firstMs,
      int rssMb,
      List<SubjectResult.Calls> calls) {
    ReplayFunction function =
        new ReplayFunction(
            label,
            Path.of(label + ".zip"),
            1024,
            kind == Subject.Kind.FUNCTION,
            kind == Subject.Kind.FUNCTION ? Set.of("EventBridgeRule") : Set.of(),
            FLAGS,
            null);
    double warmMs = kind == Subject.Kind.FUNCTION ? 12 : 5;
    // CPU time: half the elapsed time
    return new SubjectResult(
        new Subject(label, kind, function),
        bytes,
        List.of(initMs),
        List.of(firstMs),
        List.of(initMs / 2),
        List.of(firstMs / 2),
        List.of(warmMs * 2),
        List.of(rssMb),
        List.of(warmMs),
        List.of(warmMs / 2),
        rssMb,
        calls);
  }
}
