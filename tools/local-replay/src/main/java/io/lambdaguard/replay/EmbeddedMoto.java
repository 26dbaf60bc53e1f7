package io.lambdaguard.replay;

import io.lambdaguard.testkit.MotoServer;
import io.lambdaguard.testkit.SqsEventSource;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;

/**
 * The project's patched moto, started for the replay: reset and seeded before every invocation,
 * with every AWS call recorded. Keys get exactly the ids the events name.
 */
final class EmbeddedMoto implements AwsBackend {
  private static final java.util.Set<String> EVENT_SOURCE =
      java.util.Set.of("ReceiveMessage", "DeleteMessage", "ChangeMessageVisibility");

  private final MotoServer moto;
  private final AwsTarget target;
  private final AwsClients aws;
  private final EmulatorSeeder seeder;
  private final String configuredKeyArn;
  private final List<SamTemplate.StackTable> tables;
  private final List<String> secrets;
  private final List<String> fifoQueues;
  private final DynamoDbClient dynamo;

  private EmbeddedMoto(
      MotoServer moto,
      String configuredKeyArn,
      List<SamTemplate.StackTable> tables,
      List<String> secrets,
      List<String> fifoQueues) {
    this.moto = moto;
    this.target = AwsTarget.emulator(MotoServer.REGION);
    this.aws = new AwsClients(target, moto.endpoint(), EmulatorCredentials.PROVIDER);
    this.seeder = new EmulatorSeeder(aws, target, moto::createKeyWithId, moto::setSystemTags);
    this.configuredKeyArn = configuredKeyArn;
    this.tables = List.copyOf(tables);
    this.secrets = List.copyOf(secrets);
    this.fifoQueues = List.copyOf(fifoQueues);
    this.dynamo =
        DynamoDbClient.builder()
            .endpointOverride(moto.endpoint())
            .region(Region.of(target.region()))
            .credentialsProvider(EmulatorCredentials.PROVIDER)
            .httpClient(UrlConnectionHttpClient.create())
            .build();
  }

  /**
   * Starts moto.
   *
   * @param configuredKeyArn the configured key, to create in every reset emulator; null to create
   *     none (the user passed a key of their own)
   * @param tables the stack's own tables (the ticket ledger), created in every reset emulator
   * @param secrets the stack's secrets with a generated value (the pseudonym key), by logical id:
   *     created in every reset emulator with a new random value, as CloudFormation would
   * @param fifoQueues the stack's FIFO queues (the tickets queue), by logical id, created in every
   *     reset emulator
   */
  static EmbeddedMoto start(
      String configuredKeyArn,
      List<SamTemplate.StackTable> tables,
      List<String> secrets,
      List<String> fifoQueues) {
    try {
      return new EmbeddedMoto(MotoServer.start(), configuredKeyArn, tables, secrets, fifoQueues);
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
    return "embedded moto at "
        + moto.endpoint()
        + (configuredKeyArn == null ? "" : ", configured key " + configuredKeyArn);
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
      dynamo.createTable(
          t ->
              t.tableName(table.name())
                  .billingMode(BillingMode.PAY_PER_REQUEST)
                  .attributeDefinitions(
                      table.keys().stream()
                          .map(
                              key ->
                                  AttributeDefinition.builder()
                                      .attributeName(key.name())
                                      .attributeType(key.type())
                                      .build())
                          .toList())
                  .keySchema(
                      table.keys().stream()
                          .map(
                              key ->
                                  KeySchemaElement.builder()
                                      .attributeName(key.name())
                                      .keyType(key.keyType())
                                      .build())
                          .toList()));
    }
    for (String secret : secrets) {
      moto.createSecret(secret, generatedValue());
    }
    fifoQueues.forEach(moto::createFifoQueue);
    seeder.seed(plan, keys);
  }

  /** 64 random letters and digits, as the template's {@code GenerateSecretString} asks for. */
  private static String generatedValue() {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    java.security.SecureRandom random = new java.security.SecureRandom();
    StringBuilder value = new StringBuilder();
    for (int i = 0; i < 64; i++) {
      value.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return value.toString();
  }

  @Override
  public void startRecording() {
    moto.resetCalls();
  }

  @Override
  public void deliver(String queueUrl, UnaryOperator<byte[]> consumer) {
    // The emulator's queue of that name: the functions' URLs name AWS's host, the emulator answers
    // for it.
    new SqsEventSource(
            moto,
            moto.endpoint().toString().replaceAll("/$", "")
                + queueUrl.substring(queueUrl.indexOf('/', 8)))
        .deliver(consumer);
  }

  /** The functions' calls; the event source's polling of a queue is Lambda's, not theirs. */
  @Override
  public List<AwsCall> recordedCalls() {
    return moto.calls().stream()
        .filter(call -> !(call.service().equals("sqs") && EVENT_SOURCE.contains(call.operation())))
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
