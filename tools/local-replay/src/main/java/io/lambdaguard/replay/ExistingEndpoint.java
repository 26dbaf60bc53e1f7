package io.lambdaguard.replay;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An emulator (or any AWS-compatible endpoint) the user runs. It is never reset, and seeded only when asked: with
 * {@code --seed} the configured key is created once and each event's function is recreated before its invocation.
 */
final class ExistingEndpoint implements AwsBackend {

    private final URI endpoint;
    private final AwsTarget target;
    private final AwsClients aws;
    private final EmulatorSeeder seeder;
    private final Map<String, String> keys = new HashMap<>();
    private final String seededKeyArn;

    /**
     * @param seed          whether to seed the endpoint at all
     * @param nominalKeyArn the configured key as recorded events name it, to create once; null to create none
     */
    ExistingEndpoint(URI endpoint, AwsTarget target, boolean seed, String nominalKeyArn) {
        this.endpoint = endpoint;
        this.target = target;
        this.aws = new AwsClients(target, endpoint, EmulatorCredentials.PROVIDER);
        // Only the embedded moto has a way to set aws: tags; events that carry some fail to seed here.
        this.seeder = seed ? new EmulatorSeeder(aws, target, null) : null;
        if (seed && nominalKeyArn != null) {
            try {
                keys.put(nominalKeyArn, seeder.createKey(EmulatorSeeder.keyId(nominalKeyArn), "local-replay: the configured key"));
            } catch (RuntimeException e) {
                aws.close();
                throw new ReplaySetupException("cannot create the configured key at " + endpoint + ": " + e.getMessage(), e);
            }
        }
        this.seededKeyArn = keys.get(nominalKeyArn);
    }

    @Override
    public String description() {
        return "endpoint " + endpoint + (seeder == null ? " (not seeded)" : " (seeded)");
    }

    @Override
    public AwsTarget target() {
        return target;
    }

    @Override
    public Map<String, String> functionEnvironment() {
        return EmulatorCredentials.functionEnvironment(endpoint);
    }

    @Override
    public String seededKeyArn() {
        return seededKeyArn;
    }

    @Override
    public void prepare(SeedPlan plan) {
        if (seeder != null) {
            seeder.seed(plan, keys);
        }
    }

    @Override
    public void startRecording() {
        // An endpoint of the user's keeps no call log the replay could read.
    }

    @Override
    public List<AwsCall> recordedCalls() {
        return null;
    }

    @Override
    public FunctionState readState(String functionName) {
        try {
            return aws.readState(functionName);
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Override
    public void close() {
        aws.close();
    }
}
