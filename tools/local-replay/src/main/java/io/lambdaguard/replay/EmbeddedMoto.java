package io.lambdaguard.replay;

import io.lambdaguard.testkit.MotoServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The project's patched moto, started for the replay: reset and seeded before every invocation, with every AWS call
 * recorded.
 */
final class EmbeddedMoto implements AwsBackend {

    /**
     * moto draws its ids from one random generator; seeding it after every reset makes the ids of a replay the same
     * every time, the configured key's included, which the functions' warm JVMs hold in their environment.
     */
    private static final long RANDOM_SEED = 20261127;

    private final MotoServer moto;
    private final AwsTarget target;
    private final AwsClients aws;
    private final EmulatorSeeder seeder;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String nominalKeyArn;
    private String seededKeyArn;

    private EmbeddedMoto(MotoServer moto, AwsTarget target, String nominalKeyArn) {
        this.moto = moto;
        this.target = target;
        this.aws = new AwsClients(target, moto.endpoint(), EmulatorCredentials.PROVIDER);
        this.seeder = new EmulatorSeeder(aws, target, moto::setSystemTags);
        this.nominalKeyArn = nominalKeyArn;
    }

    /**
     * Starts moto.
     *
     * @param nominalKeyArn the configured key as recorded events name it, to create in every reset emulator; null to
     *                      create none (the user passed a key of their own)
     */
    static EmbeddedMoto start(AwsTarget target, String nominalKeyArn) {
        MotoServer moto;
        try {
            moto = MotoServer.start();
        } catch (IllegalStateException | UncheckedIOException e) {
            throw new ReplaySetupException("cannot start the embedded moto: " + e.getMessage(), e);
        }
        EmbeddedMoto backend = new EmbeddedMoto(moto, target, nominalKeyArn);
        try {
            backend.seededKeyArn = backend.resetWithConfiguredKey().get(nominalKeyArn);
            return backend;
        } catch (RuntimeException e) {
            backend.close();
            throw e;
        }
    }

    @Override
    public String description() {
        // moto ignores the requested key id, so say which key stands for the configured one.
        return "embedded moto at " + moto.endpoint()
                + (seededKeyArn == null ? "" : ", configured key " + seededKeyArn + " (events: " + nominalKeyArn + ")");
    }

    @Override
    public AwsTarget target() {
        return target;
    }

    @Override
    public Map<String, String> functionEnvironment() {
        return EmulatorCredentials.functionEnvironment(moto.endpoint());
    }

    @Override
    public String seededKeyArn() {
        return seededKeyArn;
    }

    @Override
    public void prepare(SeedPlan plan) {
        Map<String, String> keys = resetWithConfiguredKey();
        if (seededKeyArn != null && !seededKeyArn.equals(keys.get(nominalKeyArn))) {
            throw new ReplaySetupException("after a reset moto gave the configured key the ARN " + keys.get(nominalKeyArn)
                    + " instead of " + seededKeyArn + ", which the functions were started with");
        }
        seeder.seed(plan, keys);
    }

    /** Empties moto and creates the configured key; returns the key map for seeding (event ARN to moto's ARN). */
    private Map<String, String> resetWithConfiguredKey() {
        moto.reset();
        seedRandomIds();
        Map<String, String> keys = new HashMap<>();
        if (nominalKeyArn != null) {
            keys.put(nominalKeyArn, seeder.createKey(EmulatorSeeder.keyId(nominalKeyArn), "local-replay: the configured key"));
        }
        return keys;
    }

    private void seedRandomIds() {
        HttpRequest request = HttpRequest.newBuilder(moto.endpoint().resolve("/moto-api/seed?a=" + RANDOM_SEED))
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.noBody()).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new ReplaySetupException("moto refused to seed its ids: HTTP " + response.statusCode());
            }
        } catch (IOException e) {
            throw new ReplaySetupException("moto did not answer " + request.uri() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReplaySetupException("interrupted while seeding moto", e);
        }
    }

    @Override
    public void startRecording() {
        moto.resetCalls();
    }

    @Override
    public List<AwsCall> recordedCalls() {
        return moto.calls().stream()
                .map(call -> new AwsCall(call.service(), call.operation(), MotoServer.isWrite(call)))
                .toList();
    }

    @Override
    public FunctionState readState(String functionName) {
        return aws.readState(functionName);
    }

    @Override
    public void close() {
        aws.close();
        http.close();
        moto.close();
    }
}
