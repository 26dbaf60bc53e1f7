package io.lambdaguard.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One replay in progress: the functions' unpacked packages, their logs and their warm execution
 * environments, all released by {@link #close()}.
 */
final class ReplaySession implements AutoCloseable {
  /**
   * The function that consumes the tickets queue, and the variable that names the queue to the rule
   * functions.
   */
  static final String TICKETS_FUNCTION = "TicketsFunction";

  static final String TICKET_QUEUE_URL = "TICKET_QUEUE_URL";

  private final ReplayOptions options;
  private final AwsBackend backend;
  private final JavaRuntime runtime;
  private final EventRouter router;
  private final Path logDirectory;
  private final Map<String, FunctionPackage> packages = new HashMap<>();
  private final Map<String, FunctionLog> logs = new HashMap<>();
  private final Map<String, ExecutionEnvironment> warmEnvironments = new HashMap<>();

  ReplaySession(
      ReplayOptions options, AwsBackend backend, JavaRuntime runtime, EventRouter router) {
    this.options = options;
    this.backend = backend;
    this.runtime = runtime;
    this.router = router;
    this.logDirectory = options.root().resolve("target").resolve("local-replay");
  }

  Path logDirectory() {
    return logDirectory;
  }

  /** The rows of one event file: one per function it routes to, or one saying why there is none. */
  List<ReplayRow> replay(Path file) throws InterruptedException {
    String display = display(file);
    String text;
    JsonNode event;
    try {
      text = Files.readString(file);
      event = Json.MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      return List.of(
          ReplayRow.notInvoked(
              display,
              null,
              InvocationStatus.INVALID_EVENT,
              "not JSON: " + e.getOriginalMessage() + " at line " + e.getLocation().getLineNr()));
    } catch (IOException e) {
      return List.of(
          ReplayRow.notInvoked(
              display, null, InvocationStatus.INVALID_EVENT, "unreadable: " + e.getMessage()));
    }
    if (event == null || !event.isObject()) {
      return List.of(
          ReplayRow.notInvoked(display, null, InvocationStatus.INVALID_EVENT, "not a JSON object"));
    }
    String eventName = Json.text(event, "detail", "eventName");
    List<FunctionDefinition> targets = router.route(event);
    if (targets.isEmpty()) {
      return List.of(ReplayRow.notInvoked(display, eventName, InvocationStatus.NO_ROUTE, null));
    }
    SeedPlan plan;
    try {
      plan = SeedPlan.fromEvent(event).withSidecar(SeedPlan.sidecarOf(file));
    } catch (IOException | RuntimeException e) {
      return List.of(
          ReplayRow.notInvoked(
              display,
              eventName,
              InvocationStatus.INVALID_EVENT,
              "bad seed file " + SeedPlan.sidecarOf(file).getFileName() + ": " + e.getMessage()));
    }
    List<ReplayRow> rows = new ArrayList<>();
    for (FunctionDefinition function : targets) {
      rows.add(invoke(display, eventName, event, plan, text, function, () -> {}));
    }
    return rows;
  }

  /**
   * Invokes {@code function} with {@code event}, whether or not a route leads there.
   *
   * @param plan what to seed the backend with
   * @param afterSeeding runs once the backend shows what the event describes, before the invocation
   */
  ReplayRow invoke(
      String display,
      String eventName,
      JsonNode event,
      SeedPlan plan,
      String text,
      FunctionDefinition function,
      Runnable afterSeeding)
      throws InterruptedException {
    ExecutionEnvironment environment;
    try {
      // Every invocation starts from the state its event describes, also when several functions
      // share an event.
      backend.prepare(plan);
      afterSeeding.run();
      environment = warmEnvironment(function);
    } catch (IOException | RuntimeException e) {
      return new ReplayRow(
          display,
          eventName,
          function.logicalId(),
          InvocationStatus.SETUP_FAILED,
          List.of(),
          message(e),
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          logFile(function));
    }
    backend.startRecording();
    InvocationResult result = environment.invoke(text);
    deliverTickets(function);
    if (options.cold() || !environment.isAlive()) {
      environment.close();
      warmEnvironments.remove(function.logicalId());
    }
    List<RuleOutcome> outcomes =
        result.status() == InvocationStatus.RESPONDED ? outcomes(result.response()) : List.of();
    String error = result.error();
    if (result.status() == InvocationStatus.RESPONDED && outcomes.isEmpty()) {
      error = "the response lists no outcomes: " + abbreviate(result.response());
    }
    List<AwsCall> calls = null;
    FunctionState state = null;
    try {
      calls = backend.recordedCalls();
      String targetFunction = SeedPlan.functionName(event);
      // An account-level event (X-Ray's PutEncryptionConfig) names no function: there is no state
      // to read back.
      if (targetFunction == null
          && !outcomes.isEmpty()
          && outcomes.getFirst().function() != null
          && outcomes.getFirst().function().contains(":function:")) {
        targetFunction = SeedPlan.nameFromNameOrArn(outcomes.getFirst().function());
      }
      state = targetFunction == null ? null : backend.readState(targetFunction);
    } catch (RuntimeException e) {
      // The invocation's own result stands; only what the backend could tell about it is missing.
      error =
          (error == null ? "" : error + "; ")
              + "could not read the calls or the state back: "
              + message(e);
    }
    return new ReplayRow(
        display,
        eventName,
        function.logicalId(),
        result.status(),
        outcomes,
        error,
        result.response(),
        result.initDurationMs(),
        result.durationMs(),
        result.initCpuMs(),
        result.cpuMs(),
        result.peakRssMb(),
        calls,
        state,
        logFile(function));
  }

  /**
   * What a rule function queued, delivered to the tickets function as Lambda's event source would,
   * within the invocation's recording: the row shows the tickets opened. Only when the template has
   * the tickets function.
   */
  private void deliverTickets(FunctionDefinition function) {
    String queueUrl = function.environment().get(TICKET_QUEUE_URL);
    FunctionDefinition tickets = router.function(TICKETS_FUNCTION);
    if (queueUrl == null || queueUrl.isBlank() || tickets == null || tickets == function) {
      return;
    }
    backend.deliver(
        queueUrl,
        event -> {
          try {
            String response =
                warmEnvironment(tickets)
                    .invoke(new String(event, java.nio.charset.StandardCharsets.UTF_8))
                    .response();
            return response == null
                ? new byte[0]
                : response.getBytes(java.nio.charset.StandardCharsets.UTF_8);
          } catch (IOException | InterruptedException e) {
            if (e instanceof InterruptedException) {
              Thread.currentThread().interrupt();
            }
            return new byte[0];
          }
        });
  }

  /** The function's warm execution environment, started (a cold start) when it has none. */
  private ExecutionEnvironment warmEnvironment(FunctionDefinition function) throws IOException {
    ExecutionEnvironment existing = warmEnvironments.get(function.logicalId());
    if (existing != null && existing.isAlive()) {
      return existing;
    }
    FunctionPackage functionPackage = packages.get(function.logicalId());
    if (functionPackage == null) {
      functionPackage = FunctionPackage.unpack(function.packageZip(), function.logicalId());
      packages.put(function.logicalId(), functionPackage);
    }
    FunctionLog log = logs.get(function.logicalId());
    if (log == null) {
      log =
          FunctionLog.create(
              logDirectory.resolve(function.logicalId() + ".log"),
              function.logicalId(),
              options.verbose() ? System.err : null);
      logs.put(function.logicalId(), log);
    }
    Map<String, String> variables =
        LambdaEnvironment.of(
            function,
            backend.target(),
            backend.functionEnvironment(),
            functionPackage.taskRoot(),
            options.root().resolve(JavaRuntime.RUNTIME_JARS),
            options.aws());
    ExecutionEnvironment started =
        ExecutionEnvironment.start(
            function,
            backend.target().functionArn(function.functionName()),
            runtime,
            functionPackage.taskRoot(),
            variables,
            log);
    warmEnvironments.put(function.logicalId(), started);
    return started;
  }

  /**
   * Ends the function's warm execution environment, if it has one: its next invocation starts cold.
   */
  void endEnvironment(String logicalId) {
    ExecutionEnvironment environment = warmEnvironments.remove(logicalId);
    if (environment != null) {
      environment.close();
    }
  }

  private Path logFile(FunctionDefinition function) {
    FunctionLog log = logs.get(function.logicalId());
    return log == null ? null : log.file();
  }

  /** The outcomes of a handler response, read defensively: anything unexpected gives none. */
  static List<RuleOutcome> outcomes(String response) {
    JsonNode document;
    try {
      document = Json.MAPPER.readTree(response == null ? "" : response);
    } catch (JsonProcessingException e) {
      return List.of();
    }
    JsonNode list = document == null ? null : document.get("outcomes");
    if (list == null || !list.isArray()) {
      return List.of();
    }
    List<RuleOutcome> outcomes = new ArrayList<>();
    for (JsonNode entry : list) {
      if (entry.isObject()) {
        outcomes.add(
            new RuleOutcome(
                Json.text(entry, "rule"),
                Json.text(entry, "function"),
                Json.text(entry, "outcome"),
                Json.text(entry, "reason"),
                Json.text(entry, "ticket")));
      }
    }
    return outcomes;
  }

  private String display(Path file) {
    Path absolute = file.toAbsolutePath().normalize();
    return absolute.startsWith(options.root())
        ? options.root().relativize(absolute).toString()
        : file.toString();
  }

  private static String abbreviate(String text) {
    String flat = text == null ? "(empty)" : text.replaceAll("\\s+", " ");
    return flat.length() <= 200 ? flat : flat.substring(0, 200) + "…";
  }

  private static String message(Exception e) {
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }

  /** Ends every JVM, then removes the unpacked packages and closes the logs. */
  @Override
  public void close() {
    warmEnvironments.values().forEach(ExecutionEnvironment::close);
    warmEnvironments.clear();
    for (FunctionPackage functionPackage : packages.values()) {
      try {
        functionPackage.close();
      } catch (IOException e) {
        System.err.println(
            "replay: could not delete " + functionPackage.taskRoot() + ": " + e.getMessage());
      }
    }
    for (FunctionLog log : logs.values()) {
      try {
        log.close();
      } catch (IOException e) {
        System.err.println("replay: could not close " + log.file() + ": " + e.getMessage());
      }
    }
  }
}
