package io.lambdaguard.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Replays recorded EventBridge events locally, as a deployment would process them: routed by the template's event
 * patterns, each function run from its deployment package in a JVM of its own through the Lambda runtime interface
 * client, its AWS calls going to an emulator seeded with what the event describes (or to real AWS, read-only).
 */
public final class LocalReplay implements AutoCloseable {

    /** The configured key's id in recorded events and in {@code samconfig.toml}. */
    public static final String CONFIGURED_KEY_ID = "0b3c8f4e-5a2d-4c6e-9f1a-7d2b9e4c1a55";

    private final ReplayOptions options;
    private final AwsBackend backend;
    private final JavaRuntime runtime;
    private final EventRouter router;
    private final Path logDirectory;
    private final Map<String, FunctionPackage> packages = new HashMap<>();
    private final Map<String, FunctionLog> logs = new HashMap<>();
    private final Map<String, ExecutionEnvironment> warmEnvironments = new HashMap<>();

    private LocalReplay(ReplayOptions options, AwsBackend backend, JavaRuntime runtime, EventRouter router) {
        this.options = options;
        this.backend = backend;
        this.runtime = runtime;
        this.router = router;
        this.logDirectory = options.root().resolve("target").resolve("local-replay");
    }

    /** Command line entry point: prints the report and exits 0 (all handled), 1 (something failed) or 2 (usage). */
    public static void main(String[] args) {
        System.exit(execute(List.of(args), System.out, System.err));
    }

    static int execute(List<String> args, PrintStream out, PrintStream err) {
        if (args.contains("--help") || args.contains("-h")) {
            out.println(ReplayOptions.USAGE);
            return 0;
        }
        try {
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
     * @throws UsageException       an input does not exist
     * @throws TemplateException    the template cannot be read or resolved
     * @throws ReplaySetupException the backend or the runtime interface client is not available
     */
    public static ReplayReport run(ReplayOptions options) throws InterruptedException {
        SamTemplate template = SamTemplate.load(options.template());
        List<Path> files = EventFiles.collect(options.inputs());
        JavaRuntime runtime = JavaRuntime.locate(options.root(), options.java());
        String keyParameter = template.keyParameter();
        boolean createKey = keyParameter != null && !options.parameters().containsKey(keyParameter) && !options.aws();
        AwsTarget emulatorTarget = AwsTarget.emulator(options.region() != null ? options.region() : EmbeddedMoto.region());
        String configuredKeyArn = createKey ? emulatorTarget.keyArn(CONFIGURED_KEY_ID) : null;

        // Resolve once before starting anything, so that template mistakes surface at once.
        template.functions(withKey(options.parameters(), keyParameter, configuredKeyArn), emulatorTarget);

        try (AwsBackend backend = openBackend(options, emulatorTarget, configuredKeyArn)) {
            List<FunctionDefinition> functions =
                    template.functions(withKey(options.parameters(), keyParameter, backend.seededKeyArn()), backend.target());
            try (LocalReplay replay = new LocalReplay(options, backend, runtime, new EventRouter(functions))) {
                List<ReplayRow> rows = new ArrayList<>();
                for (Path file : files) {
                    rows.addAll(replay.replay(file));
                }
                return new ReplayReport(backend.description(), rows, replay.logDirectory);
            }
        }
    }

    private static Map<String, String> withKey(Map<String, String> parameters, String keyParameter, String keyArn) {
        Map<String, String> result = new LinkedHashMap<>(parameters);
        if (keyArn != null) {
            result.put(keyParameter, keyArn);
        }
        return result;
    }

    private static AwsBackend openBackend(ReplayOptions options, AwsTarget emulatorTarget, String configuredKeyArn) {
        if (options.aws()) {
            return RealAws.connect(options.region());
        }
        if (options.endpoint() != null) {
            return new ExistingEndpoint(options.endpoint(), emulatorTarget, options.seed(), configuredKeyArn);
        }
        return EmbeddedMoto.start(configuredKeyArn);
    }

    /** The rows of one event file: one per function it routes to, or one saying why there is none. */
    private List<ReplayRow> replay(Path file) throws InterruptedException {
        String display = display(file);
        String text;
        JsonNode event;
        try {
            text = Files.readString(file);
            event = Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            return List.of(ReplayRow.notInvoked(display, null, InvocationStatus.INVALID_EVENT, "not JSON: "
                    + e.getOriginalMessage() + " at line " + e.getLocation().getLineNr()));
        } catch (IOException e) {
            return List.of(ReplayRow.notInvoked(display, null, InvocationStatus.INVALID_EVENT, "unreadable: " + e.getMessage()));
        }
        if (event == null || !event.isObject()) {
            return List.of(ReplayRow.notInvoked(display, null, InvocationStatus.INVALID_EVENT, "not a JSON object"));
        }
        String eventName = Json.text(event, "detail", "eventName");
        List<FunctionDefinition> targets = router.route(event);
        if (targets.isEmpty()) {
            return List.of(ReplayRow.notInvoked(display, eventName, InvocationStatus.NO_ROUTE, null));
        }
        List<ReplayRow> rows = new ArrayList<>();
        for (FunctionDefinition function : targets) {
            rows.add(invoke(display, eventName, event, text, function));
        }
        return rows;
    }

    private ReplayRow invoke(String display, String eventName, JsonNode event, String text, FunctionDefinition function)
            throws InterruptedException {
        try {
            // Every invocation starts from the state its event describes, also when several functions share an event.
            backend.prepare(SeedPlan.fromEvent(event));
            ExecutionEnvironment environment = warmEnvironment(function);
            backend.startRecording();
            InvocationResult result = environment.invoke(text);
            List<AwsCall> calls = backend.recordedCalls();
            if (options.cold() || !environment.isAlive()) {
                environment.close();
                warmEnvironments.remove(function.logicalId());
            }
            List<RuleOutcome> outcomes = result.status() == InvocationStatus.RESPONDED ? outcomes(result.response()) : List.of();
            String error = result.error();
            if (result.status() == InvocationStatus.RESPONDED && outcomes.isEmpty()) {
                error = "the response lists no outcomes: " + abbreviate(result.response());
            }
            String targetFunction = SeedPlan.functionName(event);
            if (targetFunction == null && !outcomes.isEmpty() && outcomes.getFirst().function() != null) {
                targetFunction = SeedPlan.nameFromNameOrArn(outcomes.getFirst().function());
            }
            FunctionState state = targetFunction == null ? null : backend.readState(targetFunction);
            return new ReplayRow(display, eventName, function.logicalId(), result.status(), outcomes, error,
                    result.response(), result.initDurationMs(), result.durationMs(), result.peakRssMb(), calls, state, logFile(function));
        } catch (IOException | RuntimeException e) {
            return new ReplayRow(display, eventName, function.logicalId(), InvocationStatus.SETUP_FAILED, List.of(),
                    message(e), null, null, null, null, null, null, logFile(function));
        }
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
            log = FunctionLog.create(logDirectory.resolve(function.logicalId() + ".log"), function.logicalId(),
                    options.verbose() ? System.err : null);
            logs.put(function.logicalId(), log);
        }
        Map<String, String> variables = LambdaEnvironment.of(function, backend.target(), backend.functionEnvironment(),
                functionPackage.taskRoot(), options.root().resolve(JavaRuntime.RUNTIME_JARS), options.aws());
        ExecutionEnvironment started = ExecutionEnvironment.start(function, backend.target().functionArn(function.functionName()),
                runtime, functionPackage.taskRoot(), variables, log);
        warmEnvironments.put(function.logicalId(), started);
        return started;
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
                outcomes.add(new RuleOutcome(Json.text(entry, "rule"), Json.text(entry, "function"),
                        Json.text(entry, "outcome"), Json.text(entry, "reason")));
            }
        }
        return outcomes;
    }

    private String display(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        return absolute.startsWith(options.root()) ? options.root().relativize(absolute).toString() : file.toString();
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
                System.err.println("replay: could not delete " + functionPackage.taskRoot() + ": " + e.getMessage());
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
