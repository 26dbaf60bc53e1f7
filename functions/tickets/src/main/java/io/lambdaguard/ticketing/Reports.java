package io.lambdaguard.ticketing;

import io.lambdaguard.aws.Deadline;
import io.lambdaguard.tickets.Finding;
import io.lambdaguard.tickets.TicketRef;
import io.lambdaguard.tickets.TicketReport;
import io.lambdaguard.tickets.Tickets;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.ThreadContext;

/**
 * A rule function's report: each finding raises its ticket exactly once (the ledger's claim meets
 * redeliveries and retries), then the tickets of subjects the check no longer found are forgotten,
 * unless a later check raised them.
 */
final class Reports {
  private static final Logger LOG = LogManager.getLogger(Reports.class);

  private final Tickets tickets;

  Reports(Tickets tickets) {
    this.tickets = tickets;
  }

  /** Raises and forgets; a failure propagates, and SQS delivers the report again. */
  void handle(String body, Deadline deadline) {
    TicketReport report;
    try {
      report = TicketReport.parse(body);
    } catch (IllegalArgumentException e) {
      // Never retried into success: it goes to the tickets dead-letter queue after its last
      // receive, and its alarm.
      LOG.error("unreadable ticket report: {}", e.getMessage());
      throw e;
    }
    ThreadContext.put("eventId", report.eventId());
    ThreadContext.put("functionArn", report.function());
    try {
      for (Finding finding : report.findings()) {
        ThreadContext.put("rule", finding.ruleId());
        Optional<TicketRef> ticket = tickets.raise(finding, deadline, report.checkedAt());
        LOG.info(
            "{}: ticket {}",
            finding.outcome(),
            ticket.map(t -> t.state().label() + " " + t.ticketId()).orElse("none (tickets off)"));
      }
      ThreadContext.remove("rule");
      tickets.forgetResolved(report.function(), report.stillFound(), report.checkedAt());
    } finally {
      ThreadContext.remove("eventId");
      ThreadContext.remove("functionArn");
      ThreadContext.remove("rule");
    }
  }
}
