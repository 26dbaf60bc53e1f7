package io.lambdaguard.tickets;

import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Renders a {@link Finding} as a {@link Ticket}: a pure function of the finding and its key, so
 * repeats read the same.
 */
public final class TicketRenderer {
  private TicketRenderer() {}

  /**
   * @param key the finding's dedup key, a keyed pseudonym ({@link Tickets})
   */
  public static Ticket render(Finding finding, String key) {
    String title = "[" + finding.ruleId() + "] " + finding.functionName() + ": " + finding.found();
    String function =
        finding.hasFunction()
            ? finding.functionArn()
                + " (account "
                + finding.account()
                + ", region "
                + finding.region()
                + ")"
            : "unknown: the event named no function (account "
                + finding.account()
                + ", region "
                + finding.region()
                + ")";
    String change =
        "Made by "
            + finding.actorArn().orElse("an unrecorded caller")
            + " at "
            + DateTimeFormatter.ISO_INSTANT.format(finding.eventTime())
            + " (CloudTrail event "
            + finding.eventId()
            + ").";
    List<Ticket.Section> sections =
        List.of(
            new Ticket.Section(
                "What was found",
                sentence(finding.found())
                    + " Rule "
                    + finding.ruleId()
                    + ", severity "
                    + finding.severity()
                    + "."),
            new Ticket.Section("Function", function),
            new Ticket.Section("Change", change),
            new Ticket.Section(
                "Why it was not fixed automatically", sentence(finding.notFixedBecause())));
    String footer =
        "lambdaguard raises one ticket per finding and function (dedup key " + key + ").";
    return new Ticket(finding, key, title, sections, finding.fixSteps(), footer);
  }

  /** Starts with a capital letter and ends with a period. */
  static String sentence(String text) {
    if (text.isEmpty()) {
      return text;
    }
    String capitalised = Character.toUpperCase(text.charAt(0)) + text.substring(1);
    return capitalised.endsWith(".") ? capitalised : capitalised + ".";
  }
}
