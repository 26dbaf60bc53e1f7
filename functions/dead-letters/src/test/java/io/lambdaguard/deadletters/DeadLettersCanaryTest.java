package io.lambdaguard.deadletters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lambdaguard.config.Config;
import io.lambdaguard.testkit.FunctionPrincipal;
import io.lambdaguard.testkit.LogCapture;
import io.lambdaguard.testkit.MotoServer;
import io.lambdaguard.testkit.TestContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.securityhub.SecurityHubClient;

/**
 * Canaries in a dead event's tags, description, user agent and variables, in the failed function's error
 * message and in EventBridge's ERROR_MESSAGE: none reaches the ticket, the ledger, the response or a log line.
 */
class DeadLettersCanaryTest {
  private static final String HEX = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
  private static final String EMAIL = "canary." + HEX + "@example.com";
  private static final String SECRET = "canarysecret" + HEX;

  private static String planted(String file) {
    String json = SqsEvents.read(file)
        .replace("\\\"team\\\":\\\"payments\\\"", "\\\"team\\\":\\\"payments\\\",\\\"owner\\\":\\\"" + EMAIL + "\\\"")
        .replace("\\\"description\\\":\\\"\\\"", "\\\"description\\\":\\\"" + SECRET + "\\\"")
        .replace("\\\"userAgent\\\":\\\"", "\\\"userAgent\\\":\\\"" + EMAIL + " ")
        .replace("Unable to execute HTTP request: Read timed out", "Leaked " + SECRET + " for " + EMAIL)
        .replace("Unable to invoke Lambda function: Rate Exceeded.", "Leaked " + SECRET + " for " + EMAIL);
    assertTrue(json.contains(EMAIL) && json.contains(SECRET), "canaries planted in " + file);
    return json;
  }

  @Test
  void noCanary_shouldReachTheTicketTheLedgerTheResponseOrALogLine() throws Exception {
    try (MotoServer moto = MotoServer.start(); LogCapture logs = new LogCapture()) {
      StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
      DynamoDbClient dynamo = DynamoDbClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
          .credentialsProvider(credentials).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
      SecurityHubClient securityHub = SecurityHubClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
          .credentialsProvider(credentials).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
      dynamo.createTable(t -> t.tableName("tickets").billingMode(BillingMode.PAY_PER_REQUEST)
          .attributeDefinitions(a -> a.attributeName("dedupKey").attributeType(ScalarAttributeType.S))
          .keySchema(k -> k.attributeName("dedupKey").keyType(KeyType.HASH)));
      Map<String, String> env = Map.of("AWS_REGION", "us-east-1", "MODE", "enforce", "AWS_ENDPOINT_URL", moto.endpoint().toString(),
          "TICKET_SINK", "securityhub", "TICKET_TABLE", "tickets");
      Config config = Config.from(env);
      List<String> leaked = new ArrayList<>();
      for (String file : List.of(SqsEvents.FROM_LAMBDA, SqsEvents.FROM_EVENTBRIDGE)) {
        DeadLettersHandler handler = new DeadLettersHandler(DaggerDeadLettersComponent.factory()
            .create(config, FunctionPrincipal.credentials(DeadLettersPermissionsTest.ROLE, env)).consumer());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        moto.resetCalls();
        handler.handleRequest(new ByteArrayInputStream(planted(file).getBytes(StandardCharsets.UTF_8)), out,
            new TestContext("dead-letters").remainingTime(Duration.ofSeconds(30)));
        leaked.add(out.toString(StandardCharsets.UTF_8));
        dynamo.scan(s -> s.tableName("tickets")).items().forEach(i -> leaked.add(i.toString()));
        // control, per path: this shape alone ticketed its dead event (the ledger is emptied between shapes), so a shape
        // whose ticket is silently dropped fails here instead of hiding behind the other's finding
        assertEquals("{\"batchItemFailures\":[]}", out.toString(StandardCharsets.UTF_8), file);
        assertEquals(1, dynamo.scan(s -> s.tableName("tickets")).items().size(), () -> "ledger items after " + file);
        assertEquals(1, moto.calls("securityhub").stream().filter(c -> "BatchImportFindings".equals(c.operation())).count(),
            () -> "findings imported for " + file);
        dynamo.scan(s -> s.tableName("tickets")).items()
            .forEach(i -> dynamo.deleteItem(d -> d.tableName("tickets").key(Map.of("dedupKey", i.get("dedupKey")))));
      }
      var findings = securityHub.getFindings(g -> g.maxResults(100)).findings();
      assertEquals(1, findings.size(), "both shapes of the one dead event update one finding");
      leaked.add(findings.toString());
      leaked.add(logs.text());
      assertTrue(logs.text().contains("dead event: ticket opened"), "control: the log lines were captured");
      for (String output : leaked) {
        assertFalse(output.contains(EMAIL) || output.contains(SECRET) || output.contains(HEX), () -> "canary leaked into:\n" + output);
      }
    }
  }
}
