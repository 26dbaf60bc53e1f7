package io.lambdaguard.replay;

import io.lambdaguard.testkit.MotoServer;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;

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
    private final List<SamTemplate.StackTable> tables;
    private final DynamoDbClient dynamo;

    private EmbeddedMoto(MotoServer moto, String configuredKeyArn, List<SamTemplate.StackTable> tables) {
        this.moto = moto;
        this.target = AwsTarget.emulator(MotoServer.REGION);
        this.aws = new AwsClients(target, moto.endpoint(), EmulatorCredentials.PROVIDER);
        this.seeder = new EmulatorSeeder(aws, target, moto::createKeyWithId, moto::setSystemTags);
        this.configuredKeyArn = configuredKeyArn;
        this.tables = List.copyOf(tables);
        this.dynamo = DynamoDbClient.builder().endpointOverride(moto.endpoint()).region(Region.of(target.region()))
                .credentialsProvider(EmulatorCredentials.PROVIDER).httpClient(UrlConnectionHttpClient.create()).build();
    }

    /**
     * Starts moto.
     *
     * @param configuredKeyArn the configured key, to create in every reset emulator; null to create none (the user
     *                         passed a key of their own)
     * @param tables           the stack's own tables (the ticket ledger), created in every reset emulator
     */
    static EmbeddedMoto start(String configuredKeyArn, List<SamTemplate.StackTable> tables) {
        try {
            return new EmbeddedMoto(MotoServer.start(), configuredKeyArn, tables);
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
        for (SamTemplate.StackTable table : tables) {
            dynamo.createTable(t -> t.tableName(table.name()).billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(a -> a.attributeName(table.hashKey()).attributeType(table.hashKeyType()))
                    .keySchema(k -> k.attributeName(table.hashKey()).keyType(KeyType.HASH)));
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
        dynamo.close();
        moto.close();
    }
}
