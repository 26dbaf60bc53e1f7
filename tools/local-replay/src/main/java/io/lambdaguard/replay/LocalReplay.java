package io.lambdaguard.replay;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Replays recorded EventBridge events locally, as a deployment would process them: routed by the template's event
 * patterns, each function run from its deployment package in a JVM of its own through the Lambda runtime interface
 * client, its AWS calls going to an emulator seeded with what the event describes (or to real AWS, read-only).
 */
public final class LocalReplay {

    /** The configured key's id in recorded events and in {@code samconfig.toml}. */
    public static final String CONFIGURED_KEY_ID = "0b3c8f4e-5a2d-4c6e-9f1a-7d2b9e4c1a55";

    private LocalReplay() {
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
    static final String MODE_PARAMETER = "Mode";

    public static ReplayReport run(ReplayOptions options) throws InterruptedException {
        SamTemplate template = SamTemplate.load(options.template());
        List<Path> files = EventFiles.collect(options.inputs());
        JavaRuntime runtime = JavaRuntime.locate(options.root(), options.java());
        String keyParameter = template.keyParameter();
        Map<String, String> parameters = new LinkedHashMap<>(options.parameters());
        if (options.endpoint() == null && !options.aws() && template.parameterNames().contains(MODE_PARAMETER)) {
            // Nothing real is at stake in the embedded emulator: show what enforce mode does, unless told otherwise.
            parameters.putIfAbsent(MODE_PARAMETER, "enforce");
        }
        boolean createKey = keyParameter != null && !parameters.containsKey(keyParameter) && !options.aws();
        AwsTarget emulatorTarget = AwsTarget.emulator(options.region() != null ? options.region() : EmbeddedMoto.region());
        String configuredKeyArn = createKey ? emulatorTarget.keyArn(CONFIGURED_KEY_ID) : null;

        // Resolve once before starting anything, so that template mistakes surface at once.
        template.functions(withKey(parameters, keyParameter, configuredKeyArn), emulatorTarget);

        try (AwsBackend backend = openBackend(options, emulatorTarget, configuredKeyArn, template.tables())) {
            List<FunctionDefinition> functions =
                    template.functions(withKey(parameters, keyParameter, backend.seededKeyArn()), backend.target());
            try (ReplaySession session = new ReplaySession(options, backend, runtime, new EventRouter(functions))) {
                List<ReplayRow> rows = new ArrayList<>();
                for (Path file : files) {
                    rows.addAll(session.replay(file));
                }
                return new ReplayReport(backend.description(), rows, session.logDirectory());
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

    private static AwsBackend openBackend(
            ReplayOptions options, AwsTarget emulatorTarget, String configuredKeyArn, List<SamTemplate.StackTable> tables) {
        if (options.aws()) {
            return RealAws.connect(options.region());
        }
        if (options.endpoint() != null) {
            return new ExistingEndpoint(options.endpoint(), emulatorTarget, options.seed(), configuredKeyArn);
        }
        return EmbeddedMoto.start(configuredKeyArn, tables);
    }
}
