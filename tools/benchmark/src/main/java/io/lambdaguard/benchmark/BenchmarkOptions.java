package io.lambdaguard.benchmark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What to measure and where to write it.
 *
 * @param root         the repository root: template, events, packages
 * @param coldStarts   measured cold starts per subject (one more, discarded, warms the machine's caches first)
 * @param warmEvents   measured warm invocations per subject
 * @param compliant    the event of a function every rule finds compliant, relative to {@code root}
 * @param nonCompliant the event of a function the rules fix, relative to {@code root}
 * @param only         logical ids of the functions to measure; empty for every EventBridge-routed one
 * @param output       where {@code benchmark.md} and {@code samples.csv} go
 * @param java         the JVM that runs the functions; null for the replay's default
 */
record BenchmarkOptions(Path root, int coldStarts, int warmEvents, Path compliant, Path nonCompliant,
                        List<String> only, Path output, Path java) {

  /** The minimums for a table that goes into the README. */
  static final int MIN_COLD_STARTS = 5;
  static final int MIN_WARM_EVENTS = 200;

  static final String USAGE = """
      usage: ./benchmark [options]

      Measures every EventBridge-routed function of template.yaml next to two floors (a hello-world handler and a
      plain SDK handler making one GetFunction call), each run from its package through the runtime interface client
      and the local replay's Runtime API, against the embedded patched moto. Writes target/benchmark/benchmark.md.

        --cold-starts N       measured cold starts per subject (default 7; the README table needs at least 5)
        --warm-events N       measured warm invocations per subject (default 200; the README table needs at least 200)
        --compliant FILE      event of a compliant function (default events/lambda/update_function_configuration_memory_compliant.json)
        --non-compliant FILE  event of a function the rules fix (default events/lambda/create_function_without_key.json)
        --only ID             measure only this function of the template (repeatable); the floors always run
        --output DIR          where to write benchmark.md and samples.csv (default target/benchmark)
        --java PATH           JVM for the functions and floors (default: $JAVA_HOME/bin/java)
        --root DIR            repository root (default: the current directory)
        --help                this text""";

  static BenchmarkOptions parse(List<String> args) {
    Path root = Path.of("").toAbsolutePath();
    int coldStarts = 7;
    int warmEvents = MIN_WARM_EVENTS;
    Path compliant = Path.of("events/lambda/update_function_configuration_memory_compliant.json");
    Path nonCompliant = Path.of("events/lambda/create_function_without_key.json");
    List<String> only = new ArrayList<>();
    Path output = null;
    Path java = null;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      switch (arg) {
        case "--cold-starts" -> coldStarts = positive(arg, value(args, i++));
        case "--warm-events" -> warmEvents = positive(arg, value(args, i++));
        case "--compliant" -> compliant = Path.of(value(args, i++));
        case "--non-compliant" -> nonCompliant = Path.of(value(args, i++));
        case "--only" -> only.add(value(args, i++));
        case "--output" -> output = Path.of(value(args, i++));
        case "--java" -> java = Path.of(value(args, i++));
        case "--root" -> root = Path.of(value(args, i++)).toAbsolutePath();
        default -> throw new IllegalArgumentException("unknown option " + arg);
      }
    }
    if (!Files.isRegularFile(root.resolve("template.yaml"))) {
      throw new IllegalArgumentException("no template.yaml in " + root + ": run from the repository or pass --root");
    }
    return new BenchmarkOptions(root.normalize(), coldStarts, warmEvents, compliant, nonCompliant, List.copyOf(only),
        output != null ? output : root.resolve("target").resolve("benchmark"), java);
  }

  /** Whether the run is large enough for the README: at least the minimum of cold starts and warm events. */
  boolean meetsMinimums() {
    return coldStarts >= MIN_COLD_STARTS && warmEvents >= MIN_WARM_EVENTS;
  }

  private static String value(List<String> args, int flagIndex) {
    if (flagIndex + 1 >= args.size() || args.get(flagIndex + 1).startsWith("--")) {
      throw new IllegalArgumentException(args.get(flagIndex) + " needs a value");
    }
    return args.get(flagIndex + 1);
  }

  private static int positive(String flag, String text) {
    try {
      int value = Integer.parseInt(text);
      if (value > 0) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(flag + " needs a positive whole number, got " + text);
  }
}
