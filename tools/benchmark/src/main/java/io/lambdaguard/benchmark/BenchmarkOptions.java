package io.lambdaguard.benchmark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What to measure and where to write it.
 *
 * @param root the repository root: template, events, packages
 * @param coldStarts measured cold starts per subject (one more, discarded, warms the machine's
 *     caches first)
 * @param warmEvents measured warm invocations per subject
 * @param compliant the event of a function every rule finds compliant, relative to {@code root}
 * @param nonCompliant the event of a function the rules fix, relative to {@code root}
 * @param queueEvent the SQS event for functions a queue invokes, relative to {@code root}
 * @param only logical ids of the functions to measure; empty for every EventBridge-routed one
 * @param variants other builds or JVM settings of functions, measured next to them
 * @param output where {@code benchmark.md} and {@code samples.csv} go
 * @param java the JVM that runs the functions; null for the replay's default
 */
record BenchmarkOptions(
    Path root,
    int coldStarts,
    int warmEvents,
    Path compliant,
    Path nonCompliant,
    Path queueEvent,
    List<String> only,
    List<Variant> variants,
    Path output,
    Path java) {

  /** The minimums for a table that goes into docs/benchmarks.md. */
  static final int MIN_COLD_STARTS = 5;

  static final int MIN_WARM_EVENTS = 200;

  static final String USAGE =
      """
      usage: ./benchmark [options]

      Measures every EventBridge-routed function of template.yaml next to two floors (a hello-world handler and a
      plain SDK handler making one GetFunction call), each run from its package through the runtime interface client
      and the local replay's Runtime API, against the embedded patched moto. Writes target/benchmark/benchmark.md.

        --cold-starts N       measured cold starts per subject (default 7; the docs table needs at least 5)
        --warm-events N       measured warm invocations per subject (default 200; the docs table needs at least 200)
        --compliant FILE      event of a compliant function (default events/lambda/update_function_configuration_memory_compliant.json)
        --non-compliant FILE  event of a function the rules fix (default events/lambda/create_function_with_personal_data_in_tags.json)
        --sqs-event FILE      event for functions an SQS queue invokes (default events/sqs/dead_letter_from_lambda_destination.json)
        --only ID             measure only this function of the template (repeatable); the floors always run
        --variant L=ID        also measure a copy of function ID labelled L, to compare an optimisation in one run:
        --variant-package L=ZIP   ... with another package (e.g. the build before a change)
        --variant-env L=NAME=VALUE  ... with one more environment variable (e.g. JAVA_TOOL_OPTIONS=...)
        --output DIR          where to write benchmark.md and samples.csv (default target/benchmark)
        --java PATH           JVM for the functions and floors (default: $JAVA_HOME/bin/java)
        --root DIR            repository root (default: the current directory)
        --help                this text""";

  static BenchmarkOptions parse(List<String> args) {
    Path root = Path.of("").toAbsolutePath();
    int coldStarts = 7;
    int warmEvents = MIN_WARM_EVENTS;
    Path compliant = Path.of("events/lambda/update_function_configuration_memory_compliant.json");
    Path nonCompliant = Path.of("events/lambda/create_function_with_personal_data_in_tags.json");
    Path queueEvent = Path.of("events/sqs/dead_letter_from_lambda_destination.json");
    List<String> only = new ArrayList<>();
    Map<String, String> variantFunctions = new LinkedHashMap<>();
    Map<String, Path> variantPackages = new LinkedHashMap<>();
    Map<String, Map<String, String>> variantEnvironments = new LinkedHashMap<>();
    Path output = null;
    Path java = null;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      switch (arg) {
        case "--cold-starts" -> coldStarts = positive(arg, value(args, i++));
        case "--warm-events" -> warmEvents = positive(arg, value(args, i++));
        case "--compliant" -> compliant = Path.of(value(args, i++));
        case "--non-compliant" -> nonCompliant = Path.of(value(args, i++));
        case "--sqs-event" -> queueEvent = Path.of(value(args, i++));
        case "--only" -> only.add(value(args, i++));
        case "--variant" -> {
          String[] labelAndFunction = assignment(arg, value(args, i++));
          variantFunctions.put(labelAndFunction[0], labelAndFunction[1]);
        }
        case "--variant-package" -> {
          String[] labelAndZip = assignment(arg, value(args, i++));
          variantPackages.put(labelAndZip[0], Path.of(labelAndZip[1]).toAbsolutePath());
        }
        case "--variant-env" -> {
          String[] labelAndVariable = assignment(arg, value(args, i++));
          String[] variable = assignment(arg, labelAndVariable[1]);
          variantEnvironments
              .computeIfAbsent(labelAndVariable[0], label -> new LinkedHashMap<>())
              .put(variable[0], variable[1]);
        }
        case "--output" -> output = Path.of(value(args, i++));
        case "--java" -> java = Path.of(value(args, i++));
        case "--root" -> root = Path.of(value(args, i++)).toAbsolutePath();
        default -> throw new IllegalArgumentException("unknown option " + arg);
      }
    }
    if (!Files.isRegularFile(root.resolve("template.yaml"))) {
      throw new IllegalArgumentException(
          "no template.yaml in " + root + ": run from the repository or pass --root");
    }
    List<String> undeclared = new ArrayList<>(variantPackages.keySet());
    undeclared.addAll(variantEnvironments.keySet());
    undeclared.removeAll(variantFunctions.keySet());
    if (!undeclared.isEmpty()) {
      throw new IllegalArgumentException("no --variant LABEL=FUNCTION for " + undeclared);
    }
    List<Variant> variants =
        variantFunctions.entrySet().stream()
            .map(
                variant ->
                    new Variant(
                        variant.getKey(),
                        variant.getValue(),
                        variantPackages.get(variant.getKey()),
                        variantEnvironments.getOrDefault(variant.getKey(), Map.of())))
            .toList();
    return new BenchmarkOptions(
        root.normalize(),
        coldStarts,
        warmEvents,
        compliant,
        nonCompliant,
        queueEvent,
        List.copyOf(only),
        variants,
        output != null ? output : root.resolve("target").resolve("benchmark"),
        java);
  }

  /** {@code NAME=VALUE} split at the first {@code =}. */
  private static String[] assignment(String flag, String text) {
    int equals = text.indexOf('=');
    if (equals <= 0) {
      throw new IllegalArgumentException(flag + " takes NAME=VALUE, got " + text);
    }
    return new String[] {text.substring(0, equals), text.substring(equals + 1)};
  }

  /**
   * Whether the run is large enough for docs/benchmarks.md: at least the minimum of cold
   * starts and warm events.
   */
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
