package io.lambdaguard.benchmark;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code ./benchmark}: measures every function next to the floors and writes the table for
 * docs/benchmarks.md. Not a test: it takes minutes, and its numbers depend on the machine.
 */
public final class Benchmark {
  private Benchmark() {}

  /** Prints the report and exits 0, 1 when the run failed, or 2 for bad usage. */
  public static void main(String[] args) {
    System.exit(execute(List.of(args), System.out, System.err));
  }

  static int execute(List<String> args, PrintStream out, PrintStream err) {
    if (args.contains("--help") || args.contains("-h")) {
      out.println(BenchmarkOptions.USAGE);
      return 0;
    }
    BenchmarkOptions options;
    try {
      options = BenchmarkOptions.parse(args);
    } catch (IllegalArgumentException e) {
      err.println("benchmark: " + e.getMessage() + " (see ./benchmark --help)");
      return 2;
    }
    try {
      BenchmarkReport report = new BenchmarkRun(options, err).run();
      String markdown = MarkdownReport.render(report);
      Files.createDirectories(options.output());
      Path table = options.output().resolve("benchmark.md");
      Files.writeString(table, markdown);
      Files.writeString(options.output().resolve("samples.csv"), samples(report));
      out.print(markdown);
      err.println("benchmark: written to " + table + " (every sample: samples.csv)");
      return 0;
    } catch (BenchmarkException e) {
      err.println("benchmark: " + e.getMessage());
      return 1;
    } catch (IOException e) {
      err.println("benchmark: cannot write to " + options.output() + ": " + e.getMessage());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("benchmark: interrupted");
      return 1;
    } catch (RuntimeException e) {
      // The replay's exceptions (setup, template, emulator) name what went wrong; their type says
      // where.
      err.println("benchmark: " + e.getClass().getSimpleName() + ": " + e.getMessage());
      return 1;
    }
  }

  /** Every measurement, one per line, for a closer look than the table gives. */
  static String samples(BenchmarkReport report) {
    StringBuilder csv =
        new StringBuilder(
            "subject,phase,index,init_ms,duration_ms,init_cpu_ms,cpu_ms,peak_rss_mb\n");
    for (SubjectResult result : report.results()) {
      String id = result.subject().logicalId();
      for (int i = 0; i < result.initMs().size(); i++) {
        csv.append(
            String.format(
                Locale.ROOT,
                "%s,cold,%d,%.3f,%.3f,%.0f,%.0f,%d%n",
                id,
                i + 1,
                result.initMs().get(i),
                result.firstInvokeMs().get(i),
                result.initCpuMs().get(i),
                result.firstCpuMs().get(i),
                result.coldRssMb().get(i)));
      }
      for (int i = 0; i < result.warmMs().size(); i++) {
        csv.append(
            String.format(
                Locale.ROOT,
                "%s,warm,%d,,%.3f,,%.0f,%n",
                id,
                i + 1,
                result.warmMs().get(i),
                result.warmCpuMs().get(i)));
      }
    }
    return csv.toString();
  }
}
