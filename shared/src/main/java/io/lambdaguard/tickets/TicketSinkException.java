package io.lambdaguard.tickets;

/**
 * A ticket system refused or failed to create a ticket. The message names the sink and the status,
 * never the ticket text or anything the ticket system answered, which may echo it.
 */
public final class TicketSinkException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public TicketSinkException(String sink, String problem) {
    super("ticket sink " + sink + ": " + problem);
  }
}
