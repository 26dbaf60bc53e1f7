package io.lambdaguard.tickets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lambdaguard.aws.Deadline;
import io.lambdaguard.aws.SdkClients;
import io.lambdaguard.config.Config;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.securityhub.SecurityHubClient;
import software.amazon.awssdk.services.securityhub.model.AwsSecurityFinding;

/**
 * The Security Hub sink on the emulator: one finding per finding, however often and by whom it is
 * raised.
 */
class SecurityHubSinkTest {
  private static TicketEmulator aws;

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T10:00:05Z"));
  private Config config;

  @BeforeAll
  static void startEmulator() {
    aws = new TicketEmulator();
  }

  @AfterAll
  static void stopEmulator() {
    aws.close();
  }

  @BeforeEach
  void resetEmulator() {
    aws.reset();
    aws.securityHub.enableSecurityHub(e -> e.enableDefaultStandards(false));
    config = aws.config("TICKET_SINK", "securityhub");
  }

  /** A new container: new clients, ledger and sink. */
  private Tickets container(Config config) {
    SecurityHubClient client =
        SdkClients.build(
            SecurityHubClient.builder(),
            config,
            TicketEmulator.CREDENTIALS,
            SdkClients.httpClient());
    TicketLedger ledger = aws.ledger(config);
    SecurityHubSink sink = new SecurityHubSink(client, clock);
    return new Tickets(config.tickets(), () -> sink, () -> ledger, aws.pseudonyms(config), clock);
  }

  private Deadline deadline() {
    return Deadline.in(Duration.ofSeconds(30), clock);
  }

  private static List<AwsSecurityFinding> findings() {
    return aws.securityHub.getFindings(g -> g.maxResults(100)).findings();
  }

  @Test
  void findingRaisedTwiceAndByANewContainer_shouldBeOneSecurityHubFinding() {
    // when
    TicketRef first = container(config).raise(Findings.credentials(), deadline()).orElseThrow();
    TicketRef repeat = container(config).raise(Findings.credentials(), deadline()).orElseThrow();
    clock.advance(Duration.ofMinutes(3));
    TicketRef later = container(config).raise(Findings.credentials(), deadline()).orElseThrow();
    // then
    assertEquals(TicketRef.State.OPENED, first.state());
    assertEquals(
        List.of(TicketRef.State.DUPLICATE, TicketRef.State.DUPLICATE),
        List.of(repeat.state(), later.state()));
    List<AwsSecurityFinding> findings = findings();
    assertEquals(1, findings.size());
    assertEquals(first.ticketId(), findings.getFirst().id());
    assertEquals(first.ticketId(), later.ticketId());
  }

  @Test
  void finding_shouldCarryEveryRequiredAsffFieldAndAStableId() {
    TicketRef ref = container(config).raise(Findings.credentials(), deadline()).orElseThrow();

    AwsSecurityFinding finding = findings().getFirst();

    assertEquals(
        "lambdaguard/env-vars-no-credentials/"
            + aws.entry(config, Findings.credentials()).dedupKey(),
        ref.ticketId());
    assertEquals("2018-10-08", finding.schemaVersion());
    assertEquals(
        "arn:aws:securityhub:us-east-1:123456789012:product/123456789012/default",
        finding.productArn());
    assertEquals("lambdaguard/env-vars-no-credentials", finding.generatorId());
    assertEquals("123456789012", finding.awsAccountId());
    assertEquals(List.of("Sensitive Data Identifications/Passwords"), finding.types());
    assertEquals("2026-11-27T10:00:03Z", finding.createdAt());
    assertEquals("2026-11-27T10:00:05Z", finding.updatedAt());
    assertEquals("HIGH", finding.severity().labelAsString());
    assertEquals("HIGH", finding.findingProviderFields().severity().labelAsString());
    assertEquals(Findings.ticket(Findings.credentials()).title(), finding.title());
    assertEquals("AwsLambdaFunction", finding.resources().getFirst().type());
    assertEquals(Findings.FUNCTION, finding.resources().getFirst().id());
    assertEquals(
        Map.of(
            "lambdaguard/Rule",
            "env-vars-no-credentials",
            "lambdaguard/DedupKey",
            aws.entry(config, Findings.credentials()).dedupKey()),
        finding.productFields());
  }

  @Test
  void retryAfterANetworkFailure_shouldImportTheFindingOnce() {
    // given: the first invocation cannot reach Security Hub (a closed port stands for the outage)
    Config unreachable =
        aws.config("TICKET_SINK", "securityhub", "AWS_ENDPOINT_URL", "http://127.0.0.1:9");
    TicketLedger ledger = aws.ledger(config);
    SecurityHubSink broken =
        new SecurityHubSink(
            SdkClients.build(
                SecurityHubClient.builder(),
                unreachable,
                TicketEmulator.CREDENTIALS,
                SdkClients.httpClient()),
            clock);
    Tickets failing =
        new Tickets(config.tickets(), () -> broken, () -> ledger, aws.pseudonyms(config), clock);
    // when: it fails, and Lambda retries the event a minute later in a new container
    assertThrows(SdkClientException.class, () -> failing.raise(Findings.credentials(), deadline()));
    clock.advance(Duration.ofMinutes(1));
    TicketRef retried = container(config).raise(Findings.credentials(), deadline()).orElseThrow();
    // then
    assertEquals(TicketRef.State.OPENED, retried.state());
    assertEquals(1, findings().size());
  }

  @Test
  void retryAfterAnInvocationDiedBetweenImportAndRecord_shouldStillBeOneFinding() {
    // given: an invocation claimed the finding, imported it, and died before recording it
    Instant claimedAt = clock.instant();
    aws.ledger(config)
        .claim(
            aws.entry(config, Findings.credentials()),
            claimedAt,
            claimedAt.plusSeconds(60),
            claimedAt);
    new SecurityHubSink(aws.securityHub, clock)
        .open(aws.ticket(config, Findings.credentials()), deadline());
    // when: Lambda retries after the dead invocation's lease ran out; the retry sends again
    clock.advance(Duration.ofSeconds(90));
    TicketRef retried = container(config).raise(Findings.credentials(), deadline()).orElseThrow();
    // then: the same finding id updated the finding
    assertEquals(TicketRef.State.OPENED, retried.state());
    assertEquals(1, findings().size());
    assertEquals("2026-11-27T10:01:35Z", findings().getFirst().updatedAt());
  }
}
