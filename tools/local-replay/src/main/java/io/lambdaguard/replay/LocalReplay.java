package io.lambdaguard.replay;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Replays recorded EventBridge events locally, as a deployment would process them: routed by the
 * template's event patterns, each function run from its deployment package in a JVM of its own
 * through the Lambda runtime interface client, its AWS calls going to an emulator seeded with what
 * the event describes (or to real AWS, read-only).
 */
public final class LocalReplay {

  /** The configured key's id in recorded events and in {@code samconfig.toml}. */
  public static final String CONFIGURED_KEY_ID = "0b3c8f4e-5a2d-4c6e-9f1a-7d2b9e4c1a55";

  private LocalReplay() {}

  /**
   * Command line entry point: prints the report and exits 0 (all handled), 1 (something failed) or
   * 2 (usage).
   */
  public static void main(String[] args) {
    System.exit(execute(List.of(args), System.out, System.err));
  }

  static int execute(List<String> args, PrintStream out, PrintStream err) {
    if (args.contains("--help") || args.contains("-h")) {
      out.println(ReplayOptions.USAGE);
      return 0;
    }
    try {
      if (args.contains(SweepReplay.FLAG)) {
        return SweepReplay.execute(args, out);
      }
      ReplayOptions options = ReplayOptions.parse(args);
      ReplayReport report = run(options);
      ReportPrinter printer = new ReportPrinter(options.root());
      if (options.json()) {
        out.println(printer.json(report));
      } else {
        out.print(printer.table(report, options.listCalls()));
      }
      return report.exitCode();
    } catch (UsageException e) {
      err.println("replay: " + e.getMessage() + " (see ./replay --help)");
      return 2;
    } catch (TemplateException e) {
      err.println("replay: template: " + e.getMessage());
      return 2;
    } catch (ReplaySetupException | UncheckedIOException e) {
      err.println("replay: " + e.getMessage());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("replay: interrupted");
      return 1;
    }
  }

  /**
   * Replays every event file of {@code options} and returns one row per event and function.
   *
   * @throws UsageException an input does not exist
   * @throws TemplateException the template cannot be read or resolved
   * @throws ReplaySetupException the backend or the runtime interface client is not available
   */
  public static ReplayReport run(ReplayOptions options) throws InterruptedException {
    List<Path> files = EventFiles.collect(options.inputs());
    try (ReplayDriver driver = ReplayDriver.open(options)) {
      List<ReplayRow> rows = new ArrayList<>();
      for (Path file : files) {
        rows.addAll(driver.replay(file));
      }
      return new ReplayReport(driver.backendDescription(), rows, driver.logDirectory());
    }
  }
}
