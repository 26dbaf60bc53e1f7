package io.lambdaguard.replay;

/**
 * One entry of a handler's response: what a rule decided for a function.
 *
 * @param outcome {@code fixed}, {@code compliant}, {@code reported}, {@code ignored} or {@code
 *     error}
 */
public record RuleOutcome(
    String rule, String function, String outcome, String reason, String ticket) {

  /**
   * The outcome, with the ticket it opened or found ({@code error, ticket opened}); the outcome
   * alone without one.
   */
  public String outcomeWithTicket() {
    return ticket == null || ticket.equals("none")
        ? String.valueOf(outcome)
        : outcome + ", ticket " + ticket;
  }
}
