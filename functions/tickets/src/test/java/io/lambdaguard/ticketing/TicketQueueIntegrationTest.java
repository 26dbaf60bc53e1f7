package io.lambdaguard.ticketing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lambdaguard.aws.Deadline;
import io.lambdaguard.config.Config;
import io.lambdaguard.personaldata.RuleBasedDetector;
import io.lambdaguard.pseudonyms.PseudonymSecret;
import io.lambdaguard.pseudonyms.Pseudonyms;
import io.lambdaguard.remediation.FunctionLabels;
import io.lambdaguard.testkit.CloudFormationYaml;
import io.lambdaguard.testkit.FunctionPrincipal;
import io.lambdaguard.testkit.MotoServer;
import io.lambdaguard.testkit.SqsEventSource;
import io.lambdaguard.tickets.Category;
import io.lambdaguard.tickets.Finding;
import io.lambdaguard.tickets.FixStep;
import io.lambdaguard.tickets.Severity;
import io.lambdaguard.tickets.Ticket;
import io.lambdaguard.tickets.TicketLedger;
import io.lambdaguard.tickets.TicketQueue;
import io.lambdaguard.tickets.TicketReport;
import io.lambdaguard.tickets.TicketSink;
import io.lambdaguard.tickets.TicketSinkException;
import io.lambdaguard.tickets.Tickets;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
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
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The tickets queue end to end: reports sent by the rule functions' sender to a FIFO queue
 * configured as the template configures it, delivered as Lambda's event source does ({@link
 * SqsEventSource}) to the tickets function's real handler and graph, tickets in Security Hub and
 * the ledger on the patched moto.
 */
class TicketQueueIntegrationTest {
  private static final String TABLE = "lambdaguard-tickets";
  private static final String FUNCTION =
      "arn:aws:lambda:us-east-1:123456789012:function:orders-api";
  private static final String RULE = "env-vars-no-credentials";
  private static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
  private static MotoServer moto;
  private static DynamoDbClient dynamo;
  private static SecurityHubClient securityHub;
  private static SqsClient sqs;
  private String queueUrl;

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
    sqs =
        SqsClient.builder()
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
    queueUrl = moto.createTicketQueue("lambdaguard-TicketQueue", maxReceiveCount());
  }

  /** The template's redrive setting of the tickets queue. */
  @SuppressWarnings("unchecked")
  private static int maxReceiveCount() {
    Map<String, Object> resources =
        (Map<String, Object>) CloudFormationYaml.ofProject().get("Resources");
    Map<String, Object> queue =
        (Map<String, Object>)
            ((Map<String, Object>) resources.get("TicketQueue")).get("Properties");
    assertEquals(Boolean.TRUE, queue.get("FifoQueue"));
    return ((Number) ((Map<String, Object>) queue.get("RedrivePolicy")).get("maxReceiveCount"))
        .intValue();
  }

  private Map<String, String> env() {
    return new HashMap<>(
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
            "TICKET_QUEUE_URL",
            queueUrl,
            "PSEUDONYM_SECRET_ARN",
            MotoServer.PSEUDONYM_SECRET_ARN));
  }

  /** A new container of the tickets function, with its real graph. */
  private TicketsHandler container() {
    return new TicketsHandler(
        DaggerTicketsComponent.factory()
            .create(
                Config.from(env()),
                FunctionPrincipal.credentials(TicketsPermissionsTest.ROLE, env()))
            .consumer());
  }

  /** A new container whose sink fails while {@code down} holds. */
  private TicketsHandler containerWithSink(AtomicBoolean down) {
    Config config = Config.from(env());
    SecretsManagerClient secrets =
        SecretsManagerClient.builder()
            .endpointOverride(moto.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(CREDENTIALS)
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .build();
    Pseudonyms pseudonyms = new Pseudonyms(new PseudonymSecret(() -> secrets, config));
    TicketLedger ledger = new TicketLedger(dynamo, config);
    TicketSink sink =
        new TicketSink() {
          private int opened;

          @Override
          public String id() {
            return "securityhub";
          }

          @Override
          public Set<String> permissions() {
            return Set.of();
          }

          @Override
          public String open(Ticket ticket, Deadline deadline) {
            if (down.get()) {
              throw new TicketSinkException(id(), "unavailable (503)");
            }
            return "ticket-" + ++opened;
          }
        };
    return new TicketsHandler(
        new TicketsConsumer(
            new Tickets(config.tickets(), () -> sink, () -> ledger, pseudonyms, Clock.systemUTC()),
            new FunctionLabels(RuleBasedDetector::withDefaultPhoneRegions, pseudonyms, true)));
  }

  /** The rule functions' sender. */
  private TicketQueue sender() {
    return new TicketQueue(Config.from(env()), () -> sqs);
  }

  private static Finding finding(String subject, String eventId) {
    return new Finding(
        RULE,
        FUNCTION,
        "123456789012",
        "us-east-1",
        Optional.empty(),
        Instant.parse("2026-12-01T10:00:00Z"),
        eventId,
        Severity.HIGH,
        Category.CREDENTIALS,
        subject,
        "environment variable " + subject + " holds a credential",
        "only the owner can move a secret out of the configuration",
        Finding.CANNOT_FIX,
        List.of(FixStep.of("Rotate it.")));
  }

  private static TicketReport found(String eventId, Instant checkedAt, String... subjects) {
    return new TicketReport(
        FUNCTION,
        eventId,
        checkedAt,
        java.util.Arrays.stream(subjects).map(s -> finding(s, eventId)).toList(),
        Map.of(RULE, Set.of(subjects)));
  }

  private static TicketReport compliant(String eventId, Instant checkedAt) {
    return new TicketReport(FUNCTION, eventId, checkedAt, List.of(), Map.of(RULE, Set.of()));
  }

  /** The same report under another event id: SQS does not deduplicate it, only the ledger can. */
  private static TicketReport withEventId(TicketReport report, String eventId) {
    return new TicketReport(
        report.function(), eventId, report.checkedAt(), report.findings(), report.stillFound());
  }

  private SqsEventSource.Delivery drain(TicketsHandler handler) {
    return new SqsEventSource(moto, queueUrl).deliver(handler, "lambdaguard-tickets");
  }

  private static int ledgerItems() {
    return dynamo.scan(s -> s.tableName(TABLE)).count();
  }

  @Test
  void findingQueuedTwice_shouldOpenOneTicket() {
    // given: two events report the same finding, and one report is delivered twice (its delete was
    // lost)
    TicketQueue sender = sender();
    sender.send(found("e-1", Instant.parse("2026-12-01T10:00:01Z"), "DATABASE_URL"));
    sender.send(found("e-2", Instant.parse("2026-12-01T10:00:02Z"), "DATABASE_URL"));
    TicketsHandler handler = container();
    // when
    SqsEventSource.Delivery delivery = drain(handler);
    sender.send(
        withEventId(
            found("e-1", Instant.parse("2026-12-01T10:00:01Z"), "DATABASE_URL"),
            "e-1-redelivered"));
    drain(handler);
    // then
    assertEquals(List.of(), delivery.failed());
    assertEquals(1, securityHub.getFindings(g -> g.maxResults(100)).findings().size());
    assertEquals(1, ledgerItems());
  }

  @Test
  void sameReportSentTwice_shouldBeDeliveredOnce() {
    // A Lambda retry of the same check sends the same body: SQS drops it by its deduplication id.
    TicketQueue sender = sender();
    TicketReport report = found("e-1", Instant.parse("2026-12-01T10:00:01Z"), "DATABASE_URL");
    sender.send(report);
    sender.send(report);

    assertEquals(1, drain(container()).bodies().size());
  }

  @Test
  void sinkDown_shouldKeepTheReportUntilTheDeadLetterQueueNeverLoseIt() {
    // given
    AtomicBoolean down = new AtomicBoolean(true);
    TicketsHandler handler = containerWithSink(down);
    sender().send(found("e-1", Instant.parse("2026-12-01T10:00:01Z"), "DATABASE_URL"));
    // when: every delivery fails, as often as the queue redelivers
    int deliveries = 0;
    SqsEventSource.Delivery delivery;
    while (!(delivery = drain(handler)).bodies().isEmpty()) {
      assertEquals(delivery.bodies().size(), delivery.failed().size());
      deliveries++;
      assertTrue(deliveries <= maxReceiveCount(), "delivered more often than maxReceiveCount");
    }
    // then: delivered maxReceiveCount times, then moved to the dead-letter queue, whole
    assertEquals(maxReceiveCount(), deliveries);
    List<String> dead =
        SqsEventSource.peek(
            moto,
            queueUrl.replace("lambdaguard-TicketQueue.fifo", "lambdaguard-TicketQueue-dlq.fifo"));
    assertEquals(1, dead.size());
    assertEquals(
        found("e-1", Instant.parse("2026-12-01T10:00:01Z"), "DATABASE_URL"),
        TicketReport.parse(dead.getFirst()));
    assertEquals(0, ledgerItems());
  }

  @Test
  void sinkBackAfterAnOutage_shouldTicketTheDelayedReport() {
    AtomicBoolean down = new AtomicBoolean(true);
    TicketsHandler handler = containerWithSink(down);
    sender().send(found("e-1", Instant.parse("2026-12-01T10:00:01Z"), "DATABASE_URL"));
    assertEquals(1, drain(handler).failed().size());

    down.set(false);
    SqsEventSource.Delivery later = drain(handler);

    assertEquals(List.of(), later.failed());
    assertEquals(1, later.bodies().size());
    assertEquals(1, ledgerItems());
  }

  @Test
  void failedReport_shouldHoldBackTheLaterReportsOfTheBatch() {
    // given: the first report's finding cannot be ticketed; the second report, later, says the
    // function is compliant
    AtomicBoolean down = new AtomicBoolean(true);
    TicketsHandler handler = containerWithSink(down);
    sender().send(found("e-1", Instant.parse("2026-12-01T10:00:01Z"), "DATABASE_URL"));
    sender().send(compliant("e-2", Instant.parse("2026-12-01T10:00:05Z")));
    // when
    SqsEventSource.Delivery first = drain(handler);
    // then: both are delivered again, in order
    assertEquals(2, first.failed().size());
    down.set(false);
    SqsEventSource.Delivery second = drain(handler);
    assertEquals(List.of(), second.failed());
    assertEquals(
        List.of("e-1", "e-2"),
        second.bodies().stream().map(b -> TicketReport.parse(b).eventId()).toList());
    // and the later compliant report forgot the ticket the earlier one raised
    assertEquals(0, ledgerItems());
  }

  @Test
  void compliantReport_shouldForgetTheTicketSoTheFindingsReturnRaisesANewOne() {
    TicketQueue sender = sender();
    TicketsHandler handler = container();
    sender.send(
        found("e-1", Instant.parse("2026-12-01T10:00:01Z"), "DATABASE_URL", "GITHUB_TOKEN"));
    drain(handler);
    assertEquals(2, ledgerItems());

    sender.send(found("e-2", Instant.parse("2026-12-01T10:00:02Z"), "GITHUB_TOKEN"));
    drain(handler);
    assertEquals(1, ledgerItems());

    sender.send(compliant("e-3", Instant.parse("2026-12-01T10:00:03Z")));
    drain(handler);
    assertEquals(0, ledgerItems());
  }

  @Test
  void compliantReportOfAnEarlierCheck_shouldNotForgetATicketALaterCheckRaised() {
    // given: two checks of one function raced; the later one (10:00:05) found the variable, the
    // earlier one (10:00:01)
    // did not, and its report was sent last
    TicketQueue sender = sender();
    sender.send(found("e-2", Instant.parse("2026-12-01T10:00:05Z"), "DATABASE_URL"));
    sender.send(compliant("e-1", Instant.parse("2026-12-01T10:00:01Z")));
    // when
    drain(container());
    // then
    assertEquals(1, ledgerItems());
  }

  @Test
  void reportModeFinding_shouldBeTicketedOnceAndApartFromTheEnforceModeOne() {
    TicketQueue sender = sender();
    Finding wouldFix =
        new Finding(
            "env-vars-customer-managed-key",
            FUNCTION,
            "123456789012",
            "us-east-1",
            Optional.empty(),
            Instant.parse("2026-12-01T10:00:00Z"),
            "e-1",
            Severity.MEDIUM,
            Category.ENCRYPTION,
            "",
            "variables are encrypted with the AWS managed key",
            "the service runs in report mode",
            Finding.WOULD_FIX,
            List.of());
    TicketReport report =
        new TicketReport(
            FUNCTION,
            "e-1",
            Instant.parse("2026-12-01T10:00:01Z"),
            List.of(wouldFix),
            Map.of("env-vars-customer-managed-key", Set.of("")));
    sender.send(report);
    sender.send(withEventId(report, "e-2"));
    drain(container());

    assertEquals(1, securityHub.getFindings(g -> g.maxResults(100)).findings().size());
    assertEquals(1, ledgerItems());
  }
}
