package io.lambdaguard.tickets;

import io.lambdaguard.aws.Deadline;
import io.lambdaguard.config.Config;
import io.lambdaguard.config.TicketConfig;
import io.lambdaguard.pseudonyms.Pseudonyms;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.ThreadContext;

/**
 * Raises a ticket for a finding exactly once: claims the finding's dedup key in the {@link
 * TicketLedger}, opens the ticket in the configured {@link TicketSink}, records it. A repeat, or a
 * raise that loses the race to a concurrent one, is a {@link TicketRef.State#DUPLICATE}. A failed
 * sink call gives the claim back and propagates, so the report goes back to the tickets queue and,
 * after its last receive, to its dead-letter queue.
 *
 * <p>The dedup key is a keyed pseudonym ({@link Pseudonyms}) of the rule, what the ticket reports
 * (its outcome), the function, the subject and the sink: a "would fix" ticket never suppresses a
 * "cannot fix" one, and a new sink gets its own tickets. When a later check finds a subject gone,
 * {@link #forgetResolved} forgets its tickets, so that it raises a new one if it comes back.
 */
@Singleton
public final class Tickets {
  private static final Logger LOG = LogManager.getLogger(Tickets.class);

  private final TicketConfig config;
  private final Provider<TicketSink> sink;
  private final Provider<TicketLedger> ledger;
  private final Pseudonyms pseudonyms;
  private final Clock clock;

  /**
   * The sink and the ledger (and their clients) are built on the first ticket; their configuration
   * is checked now.
   */
  @Inject
  public Tickets(
      Config config,
      Provider<TicketSink> sink,
      Provider<TicketLedger> ledger,
      Pseudonyms pseudonyms) {
    this(config.tickets(), sink, ledger, pseudonyms, Clock.systemUTC());
  }

  public Tickets(
      TicketConfig config,
      Provider<TicketSink> sink,
      Provider<TicketLedger> ledger,
      Pseudonyms pseudonyms,
      Clock clock) {
    this.config = config;
    this.sink = sink;
    this.ledger = ledger;
    this.pseudonyms = pseudonyms;
    this.clock = clock;
    if (enabled()) {
      config.requireTable();
    }
  }

  /** False when {@code TICKET_SINK=none}. */
  public boolean enabled() {
    return !(config.sink() instanceof TicketConfig.NoSink);
  }

  /** Whether report mode raises tickets for what it would fix. */
  public boolean inReportMode() {
    return config.inReportMode();
  }

  /** Raises the finding's ticket unless it exists; empty when tickets are off. */
  public Optional<TicketRef> raise(Finding finding, Deadline deadline) {
    return raise(finding, deadline, clock.instant());
  }

  /**
   * Raises the finding's ticket unless it exists, recording when the reporting check read the
   * function ({@code checkedAt}, see {@link #forgetResolved}); empty when tickets are off.
   */
  public Optional<TicketRef> raise(Finding finding, Deadline deadline, Instant checkedAt) {
    if (!enabled()) {
      return Optional.empty();
    }
    TicketLedger.Entry entry = entry(finding);
    Ticket ticket = TicketRenderer.render(finding, entry.dedupKey());
    TicketLedger ledger = this.ledger.get();
    ThreadContext.put("dedupKey", entry.dedupKey());
    try {
      return Optional.of(
          switch (ledger.claim(entry, clock.instant(), deadline.invocationEnd(), checkedAt)) {
            case TicketLedger.Claim.Opened opened ->
                new TicketRef(
                    finding.subject(), TicketRef.State.DUPLICATE, opened.sink(), opened.ticketId());
            case TicketLedger.Claim.InFlight inFlight ->
                new TicketRef(finding.subject(), TicketRef.State.DUPLICATE, config.sink().id(), "");
            case TicketLedger.Claim.Granted granted ->
                open(ticket, entry, granted, ledger, deadline);
          });
    } finally {
      ThreadContext.remove("dedupKey");
    }
  }

  /**
   * Forgets the recorded tickets of {@code functionArn} (as findings name it) whose finding is
   * gone: for each rule that was just checked, every subject not in its set of those still found.
   * An empty set means the rule found the function compliant (or fixed it). A ticket raised by a
   * check that read the function after {@code checkedAt} is kept, whatever order the reports arrive
   * in. One query when tickets are on; nothing when off.
   */
  public void forgetResolved(
      String functionArn, Map<String, Set<String>> stillFoundByRule, Instant checkedAt) {
    if (!enabled() || stillFoundByRule.isEmpty()) {
      return;
    }
    String functionKey = functionKey(functionArn);
    TicketLedger ledger = this.ledger.get();
    for (TicketLedger.Recorded recorded : ledger.tickets(functionKey)) {
      Set<String> stillFound = stillFoundByRule.get(recorded.ruleId());
      // Subjects are compared by pseudonym, computed only when a rule still finds some (it raises
      // tickets anyway).
      if (recorded.opened()
          && stillFound != null
          && stillFound.stream().map(this::subjectKey).noneMatch(recorded.subjectKey()::equals)) {
        ThreadContext.put("dedupKey", recorded.dedupKey());
        try {
          ledger.forget(functionKey, recorded.dedupKey(), checkedAt);
          LOG.info(
              "finding gone: its ticket is forgotten unless a later check raised it, so it raises a new one if it comes back");
        } finally {
          ThreadContext.remove("dedupKey");
        }
      }
    }
  }

  /** Where the finding's ticket is recorded, and its dedup key. */
  TicketLedger.Entry entry(Finding finding) {
    return new TicketLedger.Entry(
        functionKey(finding.functionArn()),
        dedupKey(finding),
        finding.ruleId(),
        subjectKey(finding.subject()));
  }

  /**
   * The finding's dedup key in this stack with this sink: a keyed pseudonym of rule, outcome,
   * function, subject and sink. The same finding reported the same way gives the same key,
   * whichever event reported it.
   */
  public String dedupKey(Finding finding) {
    return pseudonyms.dedupKey(
        finding.ruleId(),
        finding.outcome(),
        finding.functionArn(),
        finding.subject(),
        config.sink().id());
  }

  /**
   * The ledger's partition of a function: the SHA-256 of its label, unkeyed so that a compliant
   * function's check needs no secret. The label holds no personal data (a name with some is
   * redacted and pseudonymised), and the item is never shown outside the table.
   */
  static String functionKey(String functionLabel) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(("function\n" + functionLabel).getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  private String subjectKey(String subject) {
    return pseudonyms.dedupKey("subject", subject);
  }

  private TicketRef open(
      Ticket ticket,
      TicketLedger.Entry entry,
      TicketLedger.Claim.Granted claim,
      TicketLedger ledger,
      Deadline deadline) {
    TicketSink target = sink.get();
    if (claim.resend()) {
      LOG.warn(
          "an earlier raise of this ticket ended without recording it: sending again to {}",
          target.id());
    }
    String ticketId;
    try {
      ticketId = target.open(ticket, deadline);
    } catch (RuntimeException e) {
      try {
        ledger.release(entry, claim.token());
      } catch (RuntimeException releaseFailed) {
        // The lease still expires with this invocation, so the retry can claim again.
        e.addSuppressed(releaseFailed);
      }
      throw e;
    }
    try {
      if (!ledger.confirm(entry, claim.token(), target.id(), ticketId, clock.instant())) {
        LOG.warn(
            "ticket {} opened after this raise's claim was taken over: a second ticket may exist",
            ticketId);
      }
    } catch (RuntimeException e) {
      // The ticket exists; failing now would only make the retry open another one.
      LOG.warn(
          "ticket {} opened but not recorded ({}): a later raise sends it again",
          ticketId,
          e.getClass().getSimpleName());
    }
    LOG.info("ticket opened in {}: {}", target.id(), ticketId);
    return new TicketRef(ticket.finding().subject(), TicketRef.State.OPENED, target.id(), ticketId);
  }
}
