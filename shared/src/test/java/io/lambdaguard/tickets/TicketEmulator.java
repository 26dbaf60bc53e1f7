package io.lambdaguard.tickets;

import io.lambdaguard.aws.SdkClients;
import io.lambdaguard.config.Config;
import io.lambdaguard.testkit.MotoServer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.securityhub.SecurityHubClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The patched moto with the ticket table, and SDK clients built the way the functions build theirs. Each
 * {@link #container} call stands for a new Lambda container: new clients, new ledger, new sink.
 */
final class TicketEmulator implements AutoCloseable {
  static final String TABLE = "lambdaguard-tickets";
  static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));

  final MotoServer moto;
  final DynamoDbClient dynamo;
  final SecurityHubClient securityHub;
  final SnsClient sns;
  final SqsClient sqs;

  TicketEmulator() {
    moto = MotoServer.start();
    Config config = config();
    dynamo = SdkClients.build(DynamoDbClient.builder(), config, CREDENTIALS, SdkClients.httpClient());
    securityHub = SdkClients.build(SecurityHubClient.builder(), config, CREDENTIALS, SdkClients.httpClient());
    sns = SdkClients.build(SnsClient.builder(), config, CREDENTIALS, SdkClients.httpClient());
    sqs = SdkClients.build(SqsClient.builder(), config, CREDENTIALS, SdkClients.httpClient());
  }

  /** Function configuration on the emulator with the ticket table; {@code pairs} add or override variables. */
  Config config(String... pairs) {
    Map<String, String> env = new HashMap<>();
    env.put("AWS_REGION", MotoServer.REGION);
    env.put("MODE", "enforce");
    env.put("AWS_ENDPOINT_URL", moto.endpoint().toString());
    env.put("TICKET_TABLE", TABLE);
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return Config.from(env);
  }

  /** Empties the emulator and creates the ticket table as the template does (on demand, TTL). */
  void reset() {
    moto.reset();
    dynamo.createTable(create -> create.tableName(TABLE)
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(a -> a.attributeName(TicketLedger.KEY).attributeType(ScalarAttributeType.S))
        .keySchema(k -> k.attributeName(TicketLedger.KEY).keyType(KeyType.HASH)));
    dynamo.updateTimeToLive(ttl -> ttl.tableName(TABLE)
        .timeToLiveSpecification(s -> s.attributeName(TicketLedger.EXPIRES).enabled(true)));
  }

  /** A new container's ledger: its own DynamoDB client. */
  TicketLedger ledger(Config config) {
    return new TicketLedger(SdkClients.build(DynamoDbClient.builder(), config, CREDENTIALS, SdkClients.httpClient()), config);
  }

  /** Every item of the ticket table. */
  List<Map<String, AttributeValue>> items() {
    return dynamo.scan(s -> s.tableName(TABLE)).items();
  }

  @Override
  public void close() {
    moto.close();
  }
}
