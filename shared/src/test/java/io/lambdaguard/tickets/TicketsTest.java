package io.lambdaguard.tickets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lambdaguard.aws.Deadline;
import io.lambdaguard.config.Config;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Exactly once: the ticket service with the real ledger on the emulator and a sink that counts. */
class TicketsTest {
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
    config = aws.config("TICKET_SINK", "securityhub");
  }

  /** Counts tickets; {@code failures} calls fail first. */
  private static final class CountingSink implements TicketSink {
    final AtomicInteger opened = new AtomicInteger();
    final AtomicInteger failures;

    CountingSink(int failures) {
      this.failures = new AtomicInteger(failures);
    }

    @Override
    public String id() {
      return "counting";
    }

    @Override
    public Set<String> permissions() {
      return Set.of("counting:Open");
    }

    @Override
    public String open(Ticket ticket, Deadline deadline) {
      if (failures.getAndDecrement() > 0) {
        throw new TicketSinkException(id(), "unavailable (503)");
      }
      return "ticket-" + opened.incrementAndGet();
    }
  }

  /** A new container: its own ledger and client, the given sink. */
  private Tickets container(TicketSink sink) {
    TicketLedger ledger = aws.ledger(config);
    return new Tickets(config.tickets(), () -> sink, () -> ledger, aws.pseudonyms(config), clock);
  }

  private Deadline deadline() {
    return Deadline.in(Duration.ofSeconds(30), clock);
  }

  @Test
  void findingRaisedTwice_shouldOpenOneTicketAndNameItOnTheRepeat() {
    // given
    CountingSink sink = new CountingSink(0);
    Tickets tickets = container(sink);
    // when
    TicketRef first = tickets.raise(Findings.credentials(), deadline()).orElseThrow();
    TicketRef second = tickets.raise(Findings.credentials(), deadline()).orElseThrow();
    // then
    assertEquals(
        new TicketRef("DATABASE_URL", TicketRef.State.OPENED, "counting", "ticket-1"), first);
    assertEquals(
        new TicketRef("DATABASE_URL", TicketRef.State.DUPLICATE, "counting", "ticket-1"), second);
    assertEquals(1, sink.opened.get());
  }

  @Test
  void findingRaisedAgainByANewContainer_shouldBeADuplicate() {
    CountingSink sink = new CountingSink(0);
    container(sink).raise(Findings.credentials(), deadline());
    clock.advance(Duration.ofMinutes(5));

    TicketRef again = container(sink).raise(Findings.credentials(), deadline()).orElseThrow();

    assertEquals(TicketRef.State.DUPLICATE, again.state());
    assertEquals(1, sink.opened.get());
  }

  @Test
  void laterCheckThatNoLongerFindsIt_shouldForgetTheTicket() {
    CountingSink sink = new CountingSink(0);
    Tickets tickets = container(sink);
    Instant raisedBy = clock.instant();
    tickets.raise(Findings.credentials(), deadline(), raisedBy);

    tickets.forgetResolved(
        Findings.FUNCTION, Map.of("env-vars-no-credentials", Set.of()), raisedBy.plusSeconds(1));

    assertEquals(
        TicketRef.State.OPENED,
        tickets
            .raise(Findings.credentials(), deadline(), raisedBy.plusSeconds(2))
            .orElseThrow()
            .state());
    assertEquals(2, sink.opened.get());
  }

  @Test
  void earlierCheckArrivingLate_shouldNotForgetATicketANewerCheckRaised() {
    // given: a check at 10:00:10 raised the ticket; a check at 10:00:08 that found the function
    // compliant arrives after it
    CountingSink sink = new CountingSink(0);
    Tickets tickets = container(sink);
    Instant newer = Instant.parse("2026-11-27T10:00:10Z");
    tickets.raise(Findings.credentials(), deadline(), newer);
    // when
    tickets.forgetResolved(
        Findings.FUNCTION, Map.of("env-vars-no-credentials", Set.of()), newer.minusSeconds(2));
    // then: still remembered, so the finding raises no second ticket
    assertEquals(
        TicketRef.State.DUPLICATE,
        tickets
            .raise(Findings.credentials(), deadline(), newer.plusSeconds(1))
            .orElseThrow()
            .state());
    assertEquals(1, sink.opened.get());
  }

  @Test
  void checkStillFindingTheSubject_shouldKeepItsTicketAndForgetOthers() {
    CountingSink sink = new CountingSink(0);
    Tickets tickets = container(sink);
    Instant raisedBy = clock.instant();
    tickets.raise(Findings.credentials("DATABASE_URL"), deadline(), raisedBy);
    tickets.raise(Findings.credentials("GITHUB_TOKEN"), deadline(), raisedBy);

    tickets.forgetResolved(
        Findings.FUNCTION,
        Map.of("env-vars-no-credentials", Set.of("DATABASE_URL")),
        raisedBy.plusSeconds(1));

    assertEquals(
        TicketRef.State.DUPLICATE,
        tickets.raise(Findings.credentials("DATABASE_URL"), deadline()).orElseThrow().state());
    assertEquals(
        TicketRef.State.OPENED,
        tickets.raise(Findings.credentials("GITHUB_TOKEN"), deadline()).orElseThrow().state());
  }

  @Test
  void anotherSubject_shouldGetItsOwnTicket() {
    CountingSink sink = new CountingSink(0);
    Tickets tickets = container(sink);
    tickets.raise(Findings.credentials("DATABASE_URL"), deadline());
    TicketRef other = tickets.raise(Findings.credentials("GITHUB_TOKEN"), deadline()).orElseThrow();
    assertEquals(TicketRef.State.OPENED, other.state());
    assertEquals(2, sink.opened.get());
  }

  @Test
  void concurrentRaises_shouldOpenExactlyOneTicket() throws Exception {
    // given: raisers in separate containers start together; the winner's sink call only returns
    // after
    // every other raiser has finished, so each of them meets the claim while it is still pending
    int raisers = 6;
    CountDownLatch othersDone = new CountDownLatch(raisers - 1);
    AtomicInteger opened = new AtomicInteger();
    TicketSink slowSink =
        new TicketSink() {
          @Override
          public String id() {
            return "slow";
          }

          @Override
          public Set<String> permissions() {
            return Set.of("slow:Open");
          }

          @Override
          public String open(Ticket ticket, Deadline deadline) {
            opened.incrementAndGet();
            try {
              if (!othersDone.await(20, TimeUnit.SECONDS)) {
                throw new IllegalStateException(
                    "other raisers never finished: more than one owns the claim");
              }
            } catch (InterruptedException e) {
              throw new IllegalStateException(e);
            }
            return "ticket-1";
          }
        };
    List<Tickets> containers = new ArrayList<>();
    for (int i = 0; i < raisers; i++) {
      containers.add(container(slowSink));
    }
    CyclicBarrier start = new CyclicBarrier(raisers);
    ExecutorService pool = Executors.newFixedThreadPool(raisers);
    try {
      List<Future<TicketRef>> results = new ArrayList<>();
      for (Tickets tickets : containers) {
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  TicketRef ref = tickets.raise(Findings.credentials(), deadline()).orElseThrow();
                  if (ref.state() == TicketRef.State.DUPLICATE) {
                    othersDone.countDown();
                  }
                  return ref;
                }));
      }
      // when
      List<TicketRef.State> states = new ArrayList<>();
      for (Future<TicketRef> result : results) {
        states.add(result.get(30, TimeUnit.SECONDS).state());
      }
      // then
      assertEquals(
          1, states.stream().filter(s -> s == TicketRef.State.OPENED).count(), states::toString);
      assertEquals(1, opened.get());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void sinkFailure_shouldPropagateAndReleaseTheClaimSoTheLambdaRetryOpensTheTicket() {
    // given: the sink fails once, as a throttled or unavailable ticket system does
    CountingSink sink = new CountingSink(1);
    // when: the first invocation fails
    assertThrows(
        TicketSinkException.class, () -> container(sink).raise(Findings.credentials(), deadline()));
    // then: no claim is left behind, and the retry (a minute later, maybe in another container)
    // opens it
    assertTrue(aws.items().isEmpty(), () -> "items: " + aws.items());
    clock.advance(Duration.ofMinutes(1));
    TicketRef retried = container(sink).raise(Findings.credentials(), deadline()).orElseThrow();
    assertEquals(TicketRef.State.OPENED, retried.state());
    assertEquals(1, sink.opened.get());
  }

  @Test
  void invocationThatDiedAfterItsClaim_shouldNotLoseTheTicket() {
    // given: a container claimed the finding, then died before opening the ticket (timeout, out of
    // memory)
    Instant claimedAt = clock.instant();
    aws.ledger(config)
        .claim(
            aws.entry(config, Findings.credentials()),
            claimedAt,
            claimedAt.plusSeconds(60),
            claimedAt);
    CountingSink sink = new CountingSink(0);
    // when: a duplicate delivery arrives while the claim's invocation could still be running
    clock.advance(Duration.ofSeconds(20));
    TicketRef meanwhile = container(sink).raise(Findings.credentials(), deadline()).orElseThrow();
    // then it leaves the ticket to that invocation
    assertEquals(
        new TicketRef("DATABASE_URL", TicketRef.State.DUPLICATE, "securityhub", ""), meanwhile);
    assertEquals(0, sink.opened.get());
    // when: Lambda retries the dead invocation's event after its lease ran out
    clock.advance(Duration.ofSeconds(60));
    TicketRef retried = container(sink).raise(Findings.credentials(), deadline()).orElseThrow();
    // then
    assertEquals(TicketRef.State.OPENED, retried.state());
    assertEquals(1, sink.opened.get());
  }

  @Test
  void findingStillPresentAfterTheRetention_shouldBeRaisedAgainAsAReminder() {
    CountingSink sink = new CountingSink(0);
    container(sink).raise(Findings.credentials(), deadline());
    clock.advance(TicketLedger.REMEMBER.plusDays(1));

    TicketRef reminder = container(sink).raise(Findings.credentials(), deadline()).orElseThrow();

    assertEquals(TicketRef.State.OPENED, reminder.state());
    assertEquals(2, sink.opened.get());
  }

  @Test
  void ledgerItem_shouldHoldTheKeyStateSinkAndIdsButNothingFromTheFunction() {
    container(new CountingSink(0)).raise(Findings.credentials(), deadline());

    Map<String, AttributeValue> item = aws.items().getFirst();

    assertEquals(
        Set.of(
            "functionKey",
            "dedupKey",
            "subjectKey",
            "state",
            "rule",
            "claimToken",
            "sink",
            "ticketId",
            "openedAt",
            "checkedAt",
            "expiresAt"),
        item.keySet());
    assertEquals(aws.entry(config, Findings.credentials()).dedupKey(), item.get("dedupKey").s());
    assertEquals("opened", item.get("state").s());
    assertEquals(
        clock.instant().plus(TicketLedger.REMEMBER).getEpochSecond(),
        Long.parseLong(item.get("expiresAt").n()));
  }

  @Test
  void ticketsOff_shouldRaiseNothingAndTouchNeitherTableNorSink() {
    Config off = aws.config("TICKET_SINK", "none", "TICKET_TABLE", "");
    Tickets tickets =
        new Tickets(
            off.tickets(),
            () -> {
              throw new AssertionError("sink built");
            },
            () -> {
              throw new AssertionError("ledger built");
            },
            aws.pseudonyms(off),
            clock);
    assertSame(Optional.empty(), tickets.raise(Findings.credentials(), deadline()));
  }
}
