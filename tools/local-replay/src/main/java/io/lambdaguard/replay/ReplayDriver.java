package io.lambdaguard.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A replay driven by a program instead of by event files: one function, one event, in a warm
 * execution environment or a cold one, giving the row the replay prints. The functions are the
 * template's, plus packages deployed with the template's Globals. Closing it ends every JVM and the
 * backend.
 */
public final class ReplayDriver implements AutoCloseable {

  static final String MODE_PARAMETER = "Mode";

  private final SamTemplate template;
  private final Map<String, String> parameters;
  private final AwsBackend backend;
  private final ReplaySession session;
  private final Map<String, FunctionDefinition> functions = new LinkedHashMap<>();

  private ReplayDriver(
      SamTemplate template,
      Map<String, String> parameters,
      AwsBackend backend,
      ReplaySession session,
      List<FunctionDefinition> templateFunctions) {
    this.template = template;
    this.parameters = parameters;
    this.backend = backend;
    this.session = session;
    templateFunctions.forEach(function -> functions.put(function.logicalId(), function));
  }

  /**
   * Resolves the template and starts the backend of {@code options} (the embedded moto unless told
   * otherwise).
   *
   * @throws TemplateException the template cannot be read or resolved
   * @throws ReplaySetupException the backend or the runtime interface client is not available
   */
  public static ReplayDriver open(ReplayOptions options) {
    SamTemplate template = SamTemplate.load(options.template());
    JavaRuntime runtime = JavaRuntime.locate(options.root(), options.java());
    String keyParameter = template.keyParameter();
    Map<String, String> parameters = new LinkedHashMap<>(options.parameters());
    if (options.endpoint() == null
        && !options.aws()
        && template.parameterNames().contains(MODE_PARAMETER)) {
      // Nothing real is at stake in the embedded emulator: show what enforce mode does, unless told
      // otherwise.
      parameters.putIfAbsent(MODE_PARAMETER, "enforce");
    }
    boolean createKey =
        keyParameter != null && !parameters.containsKey(keyParameter) && !options.aws();
    AwsTarget emulatorTarget =
        AwsTarget.emulator(options.region() != null ? options.region() : EmbeddedMoto.region());
    String configuredKeyArn =
        createKey ? emulatorTarget.keyArn(LocalReplay.CONFIGURED_KEY_ID) : null;

    // Resolve once before starting anything, so that template mistakes surface at once.
    template.functions(withKey(parameters, keyParameter, configuredKeyArn), emulatorTarget);

    AwsBackend backend =
        openBackend(
            options,
            emulatorTarget,
            configuredKeyArn,
            template.tables(),
            template.generatedSecrets(),
            template.fifoQueues());
    try {
      Map<String, String> resolved = withKey(parameters, keyParameter, backend.seededKeyArn());
      List<FunctionDefinition> functions = template.functions(resolved, backend.target());
      ReplaySession session =
          new ReplaySession(options, backend, runtime, new EventRouter(functions));
      return new ReplayDriver(template, resolved, backend, session, functions);
    } catch (RuntimeException e) {
      backend.close();
      throw e;
    }
  }

  /** The template's functions, in template order, then the deployed ones. */
  public List<ReplayFunction> functions() {
    return functions.values().stream().map(this::describe).toList();
  }

  /**
   * Adds a function the template does not have: {@code handler} in {@code packageZip}, with the
   * template's Globals (runtime, memory, timeout, environment) and no route, so only {@link
   * #invoke} reaches it.
   */
  public ReplayFunction deploy(String logicalId, Path packageZip, String handler) {
    if (functions.containsKey(logicalId)) {
      throw new UsageException("a function named " + logicalId + " exists already");
    }
    FunctionDefinition function =
        template.withGlobals(logicalId, packageZip, handler, parameters, backend.target());
    functions.put(logicalId, function);
    return describe(function);
  }

  /**
   * Adds a copy of a function under another name, with another package (null: the same) and more
   * environment variables, such as {@code JAVA_TOOL_OPTIONS}: to compare two builds or two JVM
   * settings of one function side by side. The copy has no route either.
   */
  public ReplayFunction deployCopy(
      String logicalId, String original, Path packageZip, Map<String, String> environment) {
    FunctionDefinition source = functions.get(original);
    if (source == null) {
      throw new UsageException(
          "no function named " + original + " to copy (there are: " + functions.keySet() + ")");
    }
    if (functions.containsKey(logicalId)) {
      throw new UsageException("a function named " + logicalId + " exists already");
    }
    Map<String, String> variables = new LinkedHashMap<>(source.environment());
    variables.putAll(environment);
    FunctionDefinition copy =
        new FunctionDefinition(
            logicalId,
            source.functionName(),
            packageZip != null ? packageZip.toAbsolutePath() : source.packageZip(),
            source.handler(),
            source.runtime(),
            source.memorySizeMb(),
            source.timeoutSeconds(),
            Map.copyOf(variables),
            List.of(),
            source.logFormat(),
            source.applicationLogLevel(),
            source.logGroup());
    functions.put(logicalId, copy);
    return describe(copy);
  }

  /**
   * Invokes one function with one event, as the replay does for a routed one: the backend is seeded
   * from the event, then {@code afterSeeding} runs, then the function's warm execution environment
   * (or a new one) gets the event.
   *
   * @param label the row's event name for reports, such as the file the event came from
   */
  public ReplayRow invoke(String logicalId, String label, String eventJson, Runnable afterSeeding)
      throws InterruptedException {
    FunctionDefinition function = functions.get(logicalId);
    if (function == null) {
      throw new UsageException(
          "no function named " + logicalId + " (there are: " + functions.keySet() + ")");
    }
    JsonNode event;
    try {
      event = Json.MAPPER.readTree(eventJson);
    } catch (JsonProcessingException e) {
      throw new UsageException(label + " is not JSON: " + e.getOriginalMessage());
    }
    return session.invoke(
        label,
        Json.text(event, "detail", "eventName"),
        event,
        SeedPlan.fromEvent(event),
        eventJson,
        function,
        afterSeeding);
  }

  /**
   * Ends the function's execution environment, as Lambda does when it scales in: the next
   * invocation starts cold.
   */
  public void endEnvironment(String logicalId) {
    session.endEnvironment(logicalId);
  }

  /** Where the functions' AWS calls go ({@code AWS_ENDPOINT_URL}); null for AWS's own endpoints. */
  public URI endpoint() {
    String endpoint = backend.functionEnvironment().get("AWS_ENDPOINT_URL");
    return endpoint == null ? null : URI.create(endpoint);
  }

  /** The region the functions run in. */
  public String region() {
    return backend.target().region();
  }

  /**
   * The configured key the backend created and passed as the template's key parameter; null if
   * none.
   */
  public String configuredKeyArn() {
    return backend.seededKeyArn();
  }

  /** For reports: {@code embedded moto at ...}, an endpoint, or real AWS. */
  public String backendDescription() {
    return backend.description();
  }

  /** Where the functions' logs are written. */
  public Path logDirectory() {
    return session.logDirectory();
  }

  /** A function with the event types of its template resource (none for one deployed here). */
  private ReplayFunction describe(FunctionDefinition function) {
    return ReplayFunction.of(function, template.eventTypes(function.logicalId()));
  }

  List<ReplayRow> replay(Path file) throws InterruptedException {
    return session.replay(file);
  }

  /** Ends every JVM, then stops the backend. */
  @Override
  public void close() {
    try {
      session.close();
    } finally {
      backend.close();
    }
  }

  private static Map<String, String> withKey(
      Map<String, String> parameters, String keyParameter, String keyArn) {
    Map<String, String> result = new LinkedHashMap<>(parameters);
    if (keyArn != null) {
      result.put(keyParameter, keyArn);
    }
    return result;
  }

  private static AwsBackend openBackend(
      ReplayOptions options,
      AwsTarget emulatorTarget,
      String configuredKeyArn,
      List<SamTemplate.StackTable> tables,
      List<String> secrets,
      List<String> fifoQueues) {
    if (options.aws()) {
      return RealAws.connect(options.region());
    }
    if (options.endpoint() != null) {
      return new ExistingEndpoint(
          options.endpoint(), emulatorTarget, options.seed(), configuredKeyArn);
    }
    return EmbeddedMoto.start(configuredKeyArn, tables, secrets, fifoQueues);
  }
}
