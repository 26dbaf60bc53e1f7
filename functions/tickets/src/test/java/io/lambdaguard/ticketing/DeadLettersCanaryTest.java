package io.lambdaguard.ticketing;

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
import software.amazon.awssdk.services.securityhub.SecurityHubClient;

/**
 * Canaries in a dead event's tags, description, user agent and variables, in the failed function's
 * error message and in EventBridge's ERROR_MESSAGE, and a (fictional) social security number in the
 * changed function's name ({@code payroll-<ssn>}): none reaches the ticket, the ledger, the
 * response or a log line.
 */
class DeadLettersCanaryTest {
  private static final String HEX = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
  private static final String EMAIL = "canary." + HEX + "@example.com";
  private static final String SECRET = "canarysecret" + HEX;
  private static final java.util.Random RANDOM = new java.security.SecureRandom();

  /**
   * Issuable by the SSA's rules (area 100-599, group 10-99, serial 1000-9999), so the detector
   * finds it; made up.
   */
  private static final String SSN =
      (100 + RANDOM.nextInt(500))
          + "-"
          + (10 + RANDOM.nextInt(90))
          + "-"
          + (1000 + RANDOM.nextInt(9000));

  private static final String NAME = "payroll-" + SSN;

  private static String planted(String file) {
    String json =
        SqsEvents.read(file)
            .replace(
                "\\\"team\\\":\\\"payments\\\"",
                "\\\"team\\\":\\\"payments\\\",\\\"owner\\\":\\\"" + EMAIL + "\\\"")
            .replace("\\\"description\\\":\\\"\\\"", "\\\"description\\\":\\\"" + SECRET + "\\\"")
            .replace("\\\"userAgent\\\":\\\"", "\\\"userAgent\\\":\\\"" + EMAIL + " ")
            .replace(
                "Unable to execute HTTP request: Read timed out",
                "Leaked " + SECRET + " for " + EMAIL)
            .replace(
                "Unable to invoke Lambda function: Rate Exceeded.",
                "Leaked " + SECRET + " for " + EMAIL)
            .replace("orders-api", NAME);
    assertTrue(
        json.contains(EMAIL) && json.contains(SECRET) && json.contains(NAME),
        "canaries planted in " + file);
    return json;
  }

  @Test
  void noCanary_shouldReachTheTicketTheLedgerTheResponseOrALogLine() throws Exception {
    try (MotoServer moto = MotoServer.start();
        LogCapture logs = new LogCapture()) {
      StaticCredentialsProvider credentials =
          StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
      DynamoDbClient dynamo =
          DynamoDbClient.builder()
              .endpointOverride(moto.endpoint())
              .region(Region.US_EAST_1)
              .credentialsProvider(credentials)
              .httpClientBuilder(UrlConnectionHttpClient.builder())
              .build();
      SecurityHubClient securityHub =
          SecurityHubClient.builder()
              .endpointOverride(moto.endpoint())
              .region(Region.US_EAST_1)
              .credentialsProvider(credentials)
              .httpClientBuilder(UrlConnectionHttpClient.builder())
              .build();
      moto.createTicketTable("tickets");
      moto.createPseudonymSecret();
      Map<String, String> env =
          Map.of(
              "AWS_REGION",
              "us-east-1",
              "MODE",
              "enforce",
              "AWS_ENDPOINT_URL",
              moto.endpoint().toString(),
              "TICKET_SINK",
              "securityhub",
              "TICKET_TABLE",
              "tickets",
              "PSEUDONYM_SECRET_ARN",
              MotoServer.PSEUDONYM_SECRET_ARN);
      Config config = Config.from(env);
      List<String> leaked = new ArrayList<>();
      for (String file : List.of(SqsEvents.FROM_LAMBDA, SqsEvents.FROM_EVENTBRIDGE)) {
        TicketsHandler handler =
            new TicketsHandler(
                DaggerTicketsComponent.factory()
                    .create(config, FunctionPrincipal.credentials(TicketsPermissionsTest.ROLE, env))
                    .consumer());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        moto.resetCalls();
        handler.handleRequest(
            new ByteArrayInputStream(planted(file).getBytes(StandardCharsets.UTF_8)),
            out,
            new TestContext("dead-letters").remainingTime(Duration.ofSeconds(30)));
        leaked.add(out.toString(StandardCharsets.UTF_8));
        dynamo.scan(s -> s.tableName("tickets")).items().forEach(i -> leaked.add(i.toString()));
        // control, per path: this shape alone ticketed its dead event (the ledger is emptied
        // between shapes), so a shape
        // whose ticket is silently dropped fails here instead of hiding behind the other's finding
        assertEquals("{\"batchItemFailures\":[]}", out.toString(StandardCharsets.UTF_8), file);
        assertEquals(
            1,
            dynamo.scan(s -> s.tableName("tickets")).items().size(),
            () -> "ledger items after " + file);
        assertEquals(
            1,
            moto.calls("securityhub").stream()
                .filter(c -> "BatchImportFindings".equals(c.operation()))
                .count(),
            () -> "findings imported for " + file);
        dynamo
            .scan(s -> s.tableName("tickets"))
            .items()
            .forEach(
                i ->
                    dynamo.deleteItem(
                        d ->
                            d.tableName("tickets")
                                .key(
                                    Map.of(
                                        "functionKey",
                                        i.get("functionKey"),
                                        "dedupKey",
                                        i.get("dedupKey")))));
      }
      var findings = securityHub.getFindings(g -> g.maxResults(100)).findings();
      assertEquals(1, findings.size(), "both shapes of the one dead event update one finding");
      leaked.add(findings.toString());
      leaked.add(logs.text());
      assertTrue(
          logs.text().contains("dead event: ticket opened"),
          "control: the log lines were captured");
      for (String output : leaked) {
        for (String canary : List.of(EMAIL, SECRET, HEX, NAME, SSN, SSN.replace("-", ""))) {
          assertFalse(output.contains(canary), () -> "canary leaked into:\n" + output);
        }
      }
      assertTrue(
          findings.getFirst().title().contains("payroll-[redacted:us-ssn] (#"),
          "control: the changed function is named");
    }
  }
}
