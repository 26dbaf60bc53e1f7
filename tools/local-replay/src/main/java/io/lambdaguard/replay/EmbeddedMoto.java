package io.lambdaguard.replay;

import io.lambdaguard.testkit.MotoServer;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The project's patched moto, started for the replay: reset and seeded before every invocation, with every AWS call
 * recorded. Keys get exactly the ids the events name.
 */
final class EmbeddedMoto implements AwsBackend {

    private final MotoServer moto;
    private final AwsTarget target;
    private final AwsClients aws;
    private final EmulatorSeeder seeder;
    private final String configuredKeyArn;

    private EmbeddedMoto(MotoServer moto, String configuredKeyArn) {
        this.moto = moto;
        this.target = AwsTarget.emulator(MotoServer.REGION);
        this.aws = new AwsClients(target, moto.endpoint(), EmulatorCredentials.PROVIDER);
        this.seeder = new EmulatorSeeder(aws, target, moto::createKeyWithId, moto::setSystemTags);
        this.configuredKeyArn = configuredKeyArn;
    }

    /**
     * Starts moto.
     *
     * @param configuredKeyArn the configured key, to create in every reset emulator; null to create none (the user
     *                         passed a key of their own)
     */
    static EmbeddedMoto start(String configuredKeyArn) {
        try {
            return new EmbeddedMoto(MotoServer.start(), configuredKeyArn);
        } catch (IllegalStateException | UncheckedIOException e) {
            throw new ReplaySetupException("cannot start the embedded moto: " + e.getMessage(), e);
        }
    }

    /** The region of the embedded moto, which the testkit fixes. */
    static String region() {
        return MotoServer.REGION;
    }

    @Override
    public String description() {
        return "embedded moto at " + moto.endpoint() + (configuredKeyArn == null ? "" : ", configured key " + configuredKeyArn);
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
        return configuredKeyArn;
    }

    @Override
    public void prepare(SeedPlan plan) {
        moto.reset();
        Map<String, String> keys = new HashMap<>();
        if (configuredKeyArn != null) {
            keys.put(configuredKeyArn, moto.createKeyWithId(EmulatorSeeder.keyId(configuredKeyArn)));
        }
        seeder.seed(plan, keys);
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
        moto.close();
    }
}
