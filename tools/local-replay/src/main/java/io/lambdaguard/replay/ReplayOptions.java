package io.lambdaguard.replay;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What to replay and how; {@link #parse(List)} reads the command line, {@link #builder(Path)}
 * serves programs.
 *
 * @param root the repository root: default template and events, the RIC jars, the log directory
 * @param inputs event files and folders (searched recursively for {@code *.json})
 * @param template the SAM template
 * @param parameters template parameter overrides
 * @param endpoint an endpoint to use instead of the embedded moto; null for the embedded moto (or
 *     real AWS)
 * @param seed seed {@code endpoint} as the embedded moto is seeded
 * @param aws replay against real AWS with the default credential chain, in report mode
 * @param cold a fresh JVM for every invocation instead of one warm JVM per function
 * @param json print the report as JSON
 * @param listCalls list the AWS calls of each invocation in the table
 * @param verbose echo the functions' log lines to stderr
 * @param java the {@code java} executable that runs the functions
 * @param region with an endpoint or --aws, the region the functions run in; null for the default
 *     (us-east-1, or the SDK's default region with --aws)
 */
public record ReplayOptions(
    Path root,
    List<Path> inputs,
    Path template,
    Map<String, String> parameters,
    URI endpoint,
    boolean seed,
    boolean aws,
    boolean cold,
    boolean json,
    boolean listCalls,
    boolean verbose,
    Path java,
    String region) {

  static final String USAGE =
      """
            usage: ./replay [options] [event files or folders...]      (default: events/)

            Replays recorded EventBridge events through the functions of template.yaml: each event goes to every
            function whose pattern matches, runs in a JVM through the Lambda runtime interface client, against an
            embedded moto seeded with what the event describes.

              --template FILE        SAM template (default: template.yaml in the repository root)
              --parameter NAME=VALUE template parameter override, repeatable (e.g. --parameter Mode=enforce)
              --endpoint URL         use this emulator instead of the embedded moto (not seeded unless --seed)
              --seed                 with --endpoint: seed it as the embedded moto is seeded
              --aws                  real AWS, default credential chain: functions run with MODE=report, nothing seeded
              --region REGION        with --endpoint or --aws: region of the functions (default: us-east-1 for an
                                     endpoint, the SDK's default region for --aws)
              --cold                 a fresh JVM per event instead of one warm JVM per function
              --calls                list each invocation's AWS calls
              --json                 print the report as JSON
              --verbose              echo the functions' log lines (always written to target/local-replay/)
              --java PATH            JVM for the functions (default: $JAVA_HOME/bin/java)
              --root DIR             repository root (default: nearest directory above with template.yaml)
              --sweep                run the sweep function instead of events: seed functions in the embedded moto,
                                     sweep them onto the sweep queue and print the summary
              --seed-functions N     with --sweep: how many functions to seed (default 100)
              --help                 this text

            Exit code: 0 when every event was handled, 1 when a function crashed, timed out or failed to initialise,
            or an event file is not JSON, 2 for bad usage.""";

  public ReplayOptions {
    inputs = List.copyOf(inputs);
    parameters = Map.copyOf(parameters);
    if (aws && endpoint != null) {
      throw new UsageException("--aws and --endpoint exclude each other");
    }
    if (seed && endpoint == null) {
      throw new UsageException(
          "--seed needs --endpoint: the embedded moto is always seeded, real AWS never");
    }
    if (region != null && endpoint == null && !aws) {
      throw new UsageException(
          "--region needs --endpoint or --aws: the embedded moto runs in " + EmbeddedMoto.region());
    }
  }

  /** Options with defaults for a repository at {@code root}. */
  public static Builder builder(Path root) {
    return new Builder(root);
  }

  /** Reads command-line arguments; throws {@link UsageException} with a message for the user. */
  public static ReplayOptions parse(List<String> args) {
    Path root = null;
    List<String> remaining = new ArrayList<>(args);
    int rootFlag = remaining.indexOf("--root");
    if (rootFlag >= 0) {
      root = Path.of(value(remaining, rootFlag, "--root"));
      remaining.subList(rootFlag, rootFlag + 2).clear();
    }
    Builder builder = new Builder(root != null ? root : findRoot(Path.of("").toAbsolutePath()));
    for (int i = 0; i < remaining.size(); i++) {
      String arg = remaining.get(i);
      switch (arg) {
        case "--template" -> builder.template(Path.of(value(remaining, i++, arg)));
        case "--parameter" -> {
          String assignment = value(remaining, i++, arg);
          int equals = assignment.indexOf('=');
          if (equals <= 0) {
            throw new UsageException("--parameter takes NAME=VALUE, got " + assignment);
          }
          builder.parameter(assignment.substring(0, equals), assignment.substring(equals + 1));
        }
        case "--endpoint" -> builder.endpoint(endpoint(value(remaining, i++, arg)));
        case "--seed" -> builder.seed(true);
        case "--aws" -> builder.aws(true);
        case "--region" -> builder.region(value(remaining, i++, arg));
        case "--cold" -> builder.cold(true);
        case "--calls" -> builder.listCalls(true);
        case "--json" -> builder.json(true);
        case "--verbose" -> builder.verbose(true);
        case "--java" -> builder.java(Path.of(value(remaining, i++, arg)));
        default -> {
          if (arg.startsWith("-")) {
            throw new UsageException("unknown option " + arg);
          }
          builder.input(Path.of(arg));
        }
      }
    }
    return builder.build();
  }

  private static String value(List<String> args, int flagIndex, String flag) {
    if (flagIndex + 1 >= args.size() || args.get(flagIndex + 1).startsWith("--")) {
      throw new UsageException(flag + " needs a value");
    }
    return args.get(flagIndex + 1);
  }

  private static URI endpoint(String text) {
    try {
      URI uri = URI.create(text);
      if (uri.getScheme() != null && uri.getHost() != null) {
        return uri;
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw new UsageException(
        "--endpoint needs an absolute URL such as http://127.0.0.1:5000, got " + text);
  }

  /** The nearest directory at or above {@code start} that holds {@code template.yaml}. */
  static Path findRoot(Path start) {
    for (Path directory = start; directory != null; directory = directory.getParent()) {
      if (Files.isRegularFile(directory.resolve("template.yaml"))) {
        return directory;
      }
    }
    throw new UsageException(
        "no template.yaml in " + start + " or above: run from the repository or pass --root");
  }

  /**
   * The JVM the functions get by default: {@code $JAVA_HOME/bin/java}, else the one running the
   * replay.
   */
  static Path defaultJava() {
    String javaHome = System.getenv("JAVA_HOME");
    Path home =
        javaHome == null || javaHome.isBlank()
            ? Path.of(System.getProperty("java.home"))
            : Path.of(javaHome);
    return home.resolve("bin").resolve("java");
  }

  /** Collects options; every setting has a default. */
  public static final class Builder {
    private final Path root;
    private final List<Path> inputs = new ArrayList<>();
    private Path template;
    private final Map<String, String> parameters = new LinkedHashMap<>();
    private URI endpoint;
    private boolean seed;
    private boolean aws;
    private boolean cold;
    private boolean json;
    private boolean listCalls;
    private boolean verbose;
    private Path java;
    private String region;

    private Builder(Path root) {
      this.root = root.toAbsolutePath().normalize();
    }

    public Builder input(Path input) {
      inputs.add(input);
      return this;
    }

    public Builder template(Path file) {
      this.template = file;
      return this;
    }

    public Builder parameter(String name, String value) {
      parameters.put(name, value);
      return this;
    }

    public Builder endpoint(URI url) {
      this.endpoint = url;
      return this;
    }

    public Builder seed(boolean enabled) {
      this.seed = enabled;
      return this;
    }

    public Builder aws(boolean enabled) {
      this.aws = enabled;
      return this;
    }

    public Builder cold(boolean enabled) {
      this.cold = enabled;
      return this;
    }

    public Builder json(boolean enabled) {
      this.json = enabled;
      return this;
    }

    public Builder listCalls(boolean enabled) {
      this.listCalls = enabled;
      return this;
    }

    public Builder verbose(boolean enabled) {
      this.verbose = enabled;
      return this;
    }

    public Builder java(Path executable) {
      this.java = executable;
      return this;
    }

    public Builder region(String name) {
      this.region = name;
      return this;
    }

    public ReplayOptions build() {
      List<Path> resolvedInputs = inputs.isEmpty() ? List.of(root.resolve("events")) : inputs;
      return new ReplayOptions(
          root,
          resolvedInputs,
          template != null ? template : root.resolve("template.yaml"),
          parameters,
          endpoint,
          seed,
          aws,
          cold,
          json,
          listCalls,
          verbose,
          java != null ? java : defaultJava(),
          region);
    }
  }
}
