package io.lambdaguard.tickets;

import java.util.Locale;

/**
 * What raising one finding's ticket did.
 *
 * @param subject the finding's subject (a variable name, a tag key, empty for the whole function)
 * @param state opened now, already there, or queued for the tickets function
 * @param sink the sink's id ({@code opscenter}, {@code securityhub}, ...)
 * @param ticketId the ticket in that sink (OpsItem id, finding id, message id, issue key); empty
 *     while another invocation is still opening it, and while queued
 */
public record TicketRef(String subject, State state, String sink, String ticketId) {

  /** Whether this raise created the ticket. */
  public enum State {
    /** The ticket was created by this raise. */
    OPENED,
    /** The ticket existed already, or another invocation is opening it right now. */
    DUPLICATE,
    /**
     * A rule function put the finding on the tickets queue; the tickets function opens its ticket,
     * or finds it exists (docs/tickets.md).
     */
    QUEUED;

    /** Lower-case name used in JSON and logs. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
