package io.lambdaguard.ticketing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lambdaguard.aws.Deadline;
import io.lambdaguard.config.Config;
import io.lambdaguard.personaldata.RuleBasedDetector;
import io.lambdaguard.pseudonyms.PseudonymSecret;
import io.lambdaguard.pseudonyms.Pseudonyms;
import io.lambdaguard.remediation.FunctionLabels;
import io.lambdaguard.testkit.FunctionPrincipal;
import io.lambdaguard.testkit.MotoServer;
import io.lambdaguard.testkit.TestContext;
import io.lambdaguard.tickets.Ticket;
import io.lambdaguard.tickets.TicketLedger;
import io.lambdaguard.tickets.TicketSink;
import io.lambdaguard.tickets.TicketSinkException;
import io.lambdaguard.tickets.Tickets;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.securityhub.SecurityHubClient;
import software.amazon.awssdk.services.securityhub.model.AwsSecurityFinding;

/**
 * The tickets function on dead letters, end to end: the real handler and Dagger graph, tickets in
 * Security Hub on the patched moto.
 */
class TicketsHandlerIntegrationTest {
  private static final String TABLE = "lambdaguard-tickets";
  private static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
  private static MotoServer moto;
  private static DynamoDbClient dynamo;
  private static SecurityHubClient securityHub;

  @BeforeAll
  static void startEmulator() {
    moto = MotoServer.start();
    dynamo =
        DynamoDbClient.builder()
            .endpointOverride(moto.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(CREDENTIALS)
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .build();
    securityHub =
        SecurityHubClient.builder()
            .endpointOverride(moto.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(CREDENTIALS)
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .build();
  }

  @AfterAll
  static void stopEmulator() {
    moto.close();
  }

  @BeforeEach
  void resetEmulator() {
    moto.reset();
    moto.createTicketTable(TABLE);
    moto.createPseudonymSecret();
    securityHub.enableSecurityHub(e -> e.enableDefaultStandards(false));
  }

  private static Config config() {
    Map<String, String> env =
        new HashMap<>(
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
                TABLE,
                "PSEUDONYM_SECRET_ARN",
                MotoServer.PSEUDONYM_SECRET_ARN));
    return Config.from(env);
  }

  /** A new container handles the SQS event; returns its response. */
  private static String invoke(TicketsHandler handler, byte[] sqsEvent) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      handler.handleRequest(
          new ByteArrayInputStream(sqsEvent),
          out,
          new TestContext("dead-letters").remainingTime(Duration.ofSeconds(30)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static TicketsHandler container() {
    return new TicketsHandler(
        DaggerTicketsComponent.factory()
            .create(
                config(),
                FunctionPrincipal.credentials(
                    TicketsPermissionsTest.ROLE, Map.of("TICKET_SINK", "securityhub")))
            .consumer());
  }

  private static List<AwsSecurityFinding> findings() {
    return securityHub.getFindings(g -> g.maxResults(100)).findings();
  }

  @Test
  void recordedTicketReport_shouldBecomeOneTicketAndStayOneWhenDeliveredAgain() {
    // events/sqs/ticket_report_from_encryption.json: what the encryption function queues for a
    // credential in a URL
    String first = invoke(container(), SqsEvents.batch(SqsEvents.TICKET_REPORT));
    String again = invoke(container(), SqsEvents.batch(SqsEvents.TICKET_REPORT));

    assertEquals("{\"batchItemFailures\":[]}", first);
    assertEquals("{\"batchItemFailures\":[]}", again);
    List<AwsSecurityFinding> findings = findings();
    assertEquals(1, findings.size());
    assertEquals("lambdaguard/env-vars-no-credentials", findings.getFirst().generatorId());
    assertTrue(findings.getFirst().title().contains("DATABASE_URL"), findings.getFirst().title());
  }

  @Test
  void deadEvent_shouldBecomeOneTicketAndAnEmptyBatchResponse() {
    String response = invoke(container(), SqsEvents.batch(SqsEvents.FROM_LAMBDA));

    assertEquals("{\"batchItemFailures\":[]}", response);
    List<AwsSecurityFinding> findings = findings();
    assertEquals(1, findings.size());
    assertEquals("lambdaguard/dead-letter", findings.getFirst().generatorId());
    assertEquals(
        "arn:aws:lambda:us-east-1:123456789012:function:orders-api",
        findings.getFirst().resources().getFirst().id());
    assertEquals(
        "Software and Configuration Checks/AWS Security Best Practices/Unchecked Change",
        findings.getFirst().types().getFirst());
  }

  @Test
  void sameDeadEventAgainInBothShapesAndNewContainers_shouldStayOneTicket() {
    invoke(container(), SqsEvents.batch(SqsEvents.FROM_LAMBDA));
    invoke(container(), SqsEvents.batch(SqsEvents.FROM_LAMBDA));
    invoke(container(), SqsEvents.batch(SqsEvents.FROM_EVENTBRIDGE));

    assertEquals(1, findings().size());
  }

  @Test
  void unreadableMessage_shouldBeTicketedNotRetriedForever() {
    String response = invoke(container(), SqsEvents.withBodies("not json"));

    assertEquals("{\"batchItemFailures\":[]}", response);
    assertEquals(1, findings().size());
    assertTrue(findings().getFirst().title().contains("could not be read"));
  }

  @Test
  void messageThatCannotBeTicketed_shouldBeTheOnlyBatchItemFailure() {
    // given: the ticket system refuses the ticket of one of three messages
    Config config = config();
    TicketLedger ledger = new TicketLedger(dynamo, config);
    Pseudonyms pseudonyms =
        new Pseudonyms(
            new PseudonymSecret(
                () ->
                    SecretsManagerClient.builder()
                        .endpointOverride(moto.endpoint())
                        .region(Region.US_EAST_1)
                        .credentialsProvider(CREDENTIALS)
                        .httpClientBuilder(UrlConnectionHttpClient.builder())
                        .build(),
                config));
    TicketSink refusesOne =
        new TicketSink() {
          @Override
          public String id() {
            return "flaky";
          }

          @Override
          public Set<String> permissions() {
            return Set.of("flaky:Open");
          }

          @Override
          public String open(Ticket ticket, Deadline deadline) {
            if (ticket.finding().subject().equals("sqs-message/m2")) {
              throw new TicketSinkException(id(), "unavailable (503)");
            }
            return "ticket-" + ticket.finding().subject();
          }
        };
    TicketsHandler handler =
        new TicketsHandler(
            new TicketsConsumer(
                new Tickets(
                    config.tickets(),
                    () -> refusesOne,
                    () -> ledger,
                    pseudonyms,
                    Clock.systemUTC()),
                new FunctionLabels(RuleBasedDetector::withDefaultPhoneRegions, pseudonyms, true)));
    // when
    String response = invoke(handler, SqsEvents.withBodies("first", "second", "third"));
    // then
    assertEquals("{\"batchItemFailures\":[{\"itemIdentifier\":\"m2\"}]}", response);
    assertEquals(2, dynamo.scan(s -> s.tableName(TABLE)).count());
  }
}
