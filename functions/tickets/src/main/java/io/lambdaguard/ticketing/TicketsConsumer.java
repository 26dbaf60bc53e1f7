package io.lambdaguard.ticketing;

import io.lambdaguard.aws.Deadline;
import io.lambdaguard.events.QueueMessage;
import io.lambdaguard.remediation.FunctionLabels;
import io.lambdaguard.tickets.TicketReport;
import io.lambdaguard.tickets.Tickets;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.ThreadContext;

/**
 * One batch from either queue: a ticket report (the tickets queue) raises its findings and forgets
 * what its check no longer found; anything else is a dead letter (the dead-letter queue) and raises
 * one ticket. Returns the ids of the messages SQS must deliver again. From a FIFO queue, every
 * message after the first failure is returned too, unread, so SQS delivers them again in order (AWS
 * Lambda Developer Guide, partial batch responses for FIFO queues); from the standard dead-letter
 * queue one failure never holds back the others.
 */
public final class TicketsConsumer {
  private static final Logger LOG = LogManager.getLogger(TicketsConsumer.class);

  private final Reports reports;
  private final DeadLetterConsumer deadLetters;

  @Inject
  public TicketsConsumer(Tickets tickets, FunctionLabels labels) {
    this.reports = new Reports(tickets);
    this.deadLetters = new DeadLetterConsumer(tickets, labels);
  }

  List<String> consume(List<QueueMessage> messages, Deadline deadline) {
    List<String> failed = new ArrayList<>();
    for (QueueMessage message : messages) {
      ThreadContext.put("messageId", message.messageId());
      try {
        if (!failed.isEmpty() && fifo(message)) {
          failed.add(message.messageId());
          continue;
        }
        if (deadline.expired()) {
          LOG.warn("no time left: left for SQS to deliver again");
          failed.add(message.messageId());
          continue;
        }
        if (TicketReport.isReport(message.body())) {
          reports.handle(message.body(), deadline);
        } else {
          deadLetters.ticket(message, deadline);
        }
      } catch (RuntimeException e) {
        LOG.error("not ticketed, SQS delivers it again: {}", e.getClass().getSimpleName());
        failed.add(message.messageId());
      } finally {
        ThreadContext.remove("messageId");
      }
    }
    return failed;
  }

  private static boolean fifo(QueueMessage message) {
    return message.queueArn().endsWith(".fifo");
  }
}
