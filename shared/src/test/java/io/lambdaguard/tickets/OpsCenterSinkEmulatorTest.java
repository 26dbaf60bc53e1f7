package io.lambdaguard.tickets;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lambdaguard.aws.Deadline;
import io.lambdaguard.aws.SdkClients;
import io.lambdaguard.config.Config;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * The OpsCenter sink on the emulator's OpsCenter (a launcher patch): one OpsItem, even when a dead
 * invocation's retry sends again.
 */
class OpsCenterSinkEmulatorTest {
  private static TicketEmulator aws;
  private static SsmClient ssm;

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T10:00:05Z"));
  private Config config;

  @BeforeAll
  static void startEmulator() {
    aws = new TicketEmulator();
    ssm =
        SdkClients.build(
            SsmClient.builder(), aws.config(), TicketEmulator.CREDENTIALS, SdkClients.httpClient());
  }

  @AfterAll
  static void stopEmulator() {
    aws.close();
  }

  @BeforeEach
  void resetEmulator() {
    aws.reset();
    config = aws.config();
  }

  private Tickets container() {
    OpsCenterSink sink =
        new OpsCenterSink(
            SdkClients.build(
                SsmClient.builder(), config, TicketEmulator.CREDENTIALS, SdkClients.httpClient()));
    TicketLedger ledger = aws.ledger(config);
    return new Tickets(config.tickets(), () -> sink, () -> ledger, aws.pseudonyms(config), clock);
  }

  private Deadline deadline() {
    return Deadline.in(Duration.ofSeconds(30), clock);
  }

  private static int opsItems() {
    return ssm.describeOpsItems(d -> {}).opsItemSummaries().size();
  }

  @Test
  void findingRaisedTwiceAndByANewContainer_shouldBeOneOpsItem() {
    TicketRef first = container().raise(Findings.credentials(), deadline()).orElseThrow();
    TicketRef again = container().raise(Findings.credentials(), deadline()).orElseThrow();

    assertEquals(TicketRef.State.OPENED, first.state());
    assertEquals(
        new TicketRef("DATABASE_URL", TicketRef.State.DUPLICATE, "opscenter", first.ticketId()),
        again);
    assertEquals(1, opsItems());
  }

  @Test
  void retryAfterAnInvocationDiedBetweenCreateAndRecord_shouldStillBeOneOpsItem() {
    // given: an invocation claimed the finding, created the OpsItem, and died before recording it
    Instant claimedAt = clock.instant();
    aws.ledger(config)
        .claim(
            aws.entry(config, Findings.credentials()),
            claimedAt,
            claimedAt.plusSeconds(60),
            claimedAt);
    String created =
        new OpsCenterSink(ssm).open(aws.ticket(config, Findings.credentials()), deadline());
    // when: the retry sends again after the lease ran out
    clock.advance(Duration.ofSeconds(90));
    TicketRef retried = container().raise(Findings.credentials(), deadline()).orElseThrow();
    // then: OpsCenter's own dedup answered with the OpsItem that exists
    assertEquals(created, retried.ticketId());
    assertEquals(1, opsItems());
  }
}
