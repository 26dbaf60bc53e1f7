package io.lambdaguard.tickets;

import io.lambdaguard.aws.SdkClients;
import io.lambdaguard.config.Config;
import io.lambdaguard.pseudonyms.PseudonymSecret;
import io.lambdaguard.pseudonyms.Pseudonyms;
import io.lambdaguard.testkit.MotoServer;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.securityhub.SecurityHubClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The patched moto with the ticket table and the pseudonym secret, and SDK clients built the way
 * the functions build theirs. Each {@link #container} call stands for a new Lambda container: new
 * clients, new ledger, new sink.
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
    dynamo =
        SdkClients.build(DynamoDbClient.builder(), config, CREDENTIALS, SdkClients.httpClient());
    securityHub =
        SdkClients.build(SecurityHubClient.builder(), config, CREDENTIALS, SdkClients.httpClient());
    sns = SdkClients.build(SnsClient.builder(), config, CREDENTIALS, SdkClients.httpClient());
    sqs = SdkClients.build(SqsClient.builder(), config, CREDENTIALS, SdkClients.httpClient());
  }

  /**
   * Function configuration on the emulator with the ticket table; {@code pairs} add or override
   * variables.
   */
  Config config(String... pairs) {
    Map<String, String> env = new HashMap<>();
    env.put("AWS_REGION", MotoServer.REGION);
    env.put("MODE", "enforce");
    env.put("AWS_ENDPOINT_URL", moto.endpoint().toString());
    env.put("TICKET_TABLE", TABLE);
    env.put("PSEUDONYM_SECRET_ARN", MotoServer.PSEUDONYM_SECRET_ARN);
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return Config.from(env);
  }

  /**
   * Empties the emulator and creates the ticket table (on demand, TTL) and the pseudonym secret as
   * the template does.
   */
  void reset() {
    moto.reset();
    moto.createPseudonymSecret();
    moto.createTicketTable(TABLE);
    dynamo.updateTimeToLive(
        ttl ->
            ttl.tableName(TABLE)
                .timeToLiveSpecification(s -> s.attributeName(TicketLedger.EXPIRES).enabled(true)));
  }

  /** A new container's ledger: its own DynamoDB client. */
  TicketLedger ledger(Config config) {
    return new TicketLedger(
        SdkClients.build(DynamoDbClient.builder(), config, CREDENTIALS, SdkClients.httpClient()),
        config);
  }

  /**
   * A new container's pseudonyms: its own Secrets Manager client, reading the emulator's secret on
   * first use.
   */
  Pseudonyms pseudonyms(Config config) {
    return new Pseudonyms(
        new PseudonymSecret(
            () ->
                SdkClients.build(
                    SecretsManagerClient.builder(), config, CREDENTIALS, SdkClients.httpClient()),
            config));
  }

  /**
   * Where {@code finding}'s ticket is recorded with this configuration (its sink), and its dedup
   * key.
   */
  TicketLedger.Entry entry(Config config, Finding finding) {
    return new Tickets(
            config.tickets(), () -> null, () -> null, pseudonyms(config), Clock.systemUTC())
        .entry(finding);
  }

  /** {@code finding}'s ticket as a container with this configuration renders it. */
  Ticket ticket(Config config, Finding finding) {
    return TicketRenderer.render(finding, entry(config, finding).dedupKey());
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
