package io.lambdaguard.tickets;

import io.lambdaguard.config.Config;
import io.lambdaguard.config.TicketConfig;
import io.lambdaguard.remediation.Deadline;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.ThreadContext;

/**
 * Raises a ticket for a finding exactly once: claims the finding's dedup key in the {@link TicketLedger},
 * opens the ticket in the configured {@link TicketSink}, records it. A repeat, or a raise that loses the
 * race to a concurrent one, is a {@link TicketRef.State#DUPLICATE}. A failed sink call gives the claim back
 * and propagates, so Lambda retries the event and, after the last retry, dead-letters it.
 */
@Singleton
public final class Tickets {
  private static final Logger LOG = LogManager.getLogger(Tickets.class);

  private final TicketConfig config;
  private final Provider<TicketSink> sink;
  private final Provider<TicketLedger> ledger;
  private final Clock clock;

  /** The sink and the ledger (and their clients) are built on the first ticket; their configuration is checked now. */
  @Inject
  public Tickets(Config config, Provider<TicketSink> sink, Provider<TicketLedger> ledger) {
    this(config.tickets(), sink, ledger, Clock.systemUTC());
  }

  public Tickets(TicketConfig config, Provider<TicketSink> sink, Provider<TicketLedger> ledger, Clock clock) {
    this.config = config;
    this.sink = sink;
    this.ledger = ledger;
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
    if (!enabled()) {
      return Optional.empty();
    }
    Ticket ticket = TicketRenderer.render(finding);
    String key = ticket.dedupKey();
    TicketLedger ledger = this.ledger.get();
    ThreadContext.put("dedupKey", key);
    try {
      return Optional.of(
          switch (ledger.claim(key, finding.ruleId(), clock.instant(), deadline.invocationEnd())) {
            case TicketLedger.Claim.Opened opened ->
                new TicketRef(finding.subject(), TicketRef.State.DUPLICATE, opened.sink(), opened.ticketId());
            case TicketLedger.Claim.InFlight inFlight ->
                new TicketRef(finding.subject(), TicketRef.State.DUPLICATE, config.sink().id(), "");
            case TicketLedger.Claim.Granted granted -> open(ticket, granted, ledger, deadline);
          });
    } finally {
      ThreadContext.remove("dedupKey");
    }
  }

  private TicketRef open(Ticket ticket, TicketLedger.Claim.Granted claim, TicketLedger ledger, Deadline deadline) {
    TicketSink target = sink.get();
    if (claim.resend()) {
      LOG.warn("an earlier raise of this ticket ended without recording it: sending again to {}", target.id());
    }
    String ticketId;
    try {
      ticketId = target.open(ticket, deadline);
    } catch (RuntimeException e) {
      try {
        ledger.release(ticket.dedupKey(), claim.token());
      } catch (RuntimeException releaseFailed) {
        // The lease still expires with this invocation, so the retry can claim again.
        e.addSuppressed(releaseFailed);
      }
      throw e;
    }
    try {
      if (!ledger.confirm(ticket.dedupKey(), claim.token(), target.id(), ticketId, clock.instant())) {
        LOG.warn("ticket {} opened after this raise's claim was taken over: a second ticket may exist", ticketId);
      }
    } catch (RuntimeException e) {
      // The ticket exists; failing now would only make the retry open another one.
      LOG.warn("ticket {} opened but not recorded ({}): a later raise sends it again", ticketId, e.getClass().getSimpleName());
    }
    LOG.info("ticket opened in {}: {}", target.id(), ticketId);
    return new TicketRef(ticket.finding().subject(), TicketRef.State.OPENED, target.id(), ticketId);
  }
}
