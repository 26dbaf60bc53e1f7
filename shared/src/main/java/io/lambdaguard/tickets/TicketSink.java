package io.lambdaguard.tickets;

import io.lambdaguard.aws.Deadline;
import java.util.Set;

/**
 * A ticket system. Implementations never log or echo ticket text: errors name the sink and a status
 * only.
 */
public interface TicketSink {
  /** The value of {@code TICKET_SINK} that selects this sink. */
  String id();

  /** Every IAM action {@link #open} calls (a test compares them with the template's policies). */
  Set<String> permissions();

  /**
   * Creates the ticket and returns its id in the sink. Called at most once per finding, except
   * after an invocation died between this call and recording its result: then again, with the same
   * ticket. Throws {@link TicketSinkException} (or an SDK exception) when the ticket could not be
   * created.
   */
  String open(Ticket ticket, Deadline deadline);
}
