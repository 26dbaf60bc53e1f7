package io.lambdaguard.tickets;

import java.util.List;

/**
 * A finding rendered as a ticket: the same text for every sink, which each sink shapes to its
 * format and limits. Built only by {@link TicketRenderer}, so identical findings give identical
 * tickets.
 *
 * @param finding what the ticket is about
 * @param dedupKey the finding's dedup key, a keyed pseudonym: see {@link Tickets}
 * @param title one line naming the rule, the function and what was found
 * @param sections the body, in order
 * @param steps the fix, step by step
 * @param footer a closing line on how the service deduplicates
 */
public record Ticket(
    Finding finding,
    String dedupKey,
    String title,
    List<Section> sections,
    List<FixStep> steps,
    String footer) {

  /** Heading of the fix steps in every format. */
  public static final String STEPS_HEADING = "How to fix";

  public Ticket {
    sections = List.copyOf(sections);
    steps = List.copyOf(steps);
  }

  /** One titled paragraph of the body. */
  public record Section(String heading, String text) {}

  /** Plain text: SNS messages and Security Hub. */
  public String plainText() {
    StringBuilder text = new StringBuilder();
    for (Section section : sections) {
      text.append(section.heading()).append('\n').append(section.text()).append("\n\n");
    }
    text.append(STEPS_HEADING).append('\n');
    for (int i = 0; i < steps.size(); i++) {
      FixStep step = steps.get(i);
      text.append(i + 1).append(". ").append(step.text()).append('\n');
      if (step.hasCommand()) {
        text.append("   ").append(step.command().replace("\n", "\n   ")).append('\n');
      }
    }
    return text.append('\n').append(footer).append('\n').toString();
  }

  /** Markdown: OpsCenter descriptions. */
  public String markdown() {
    StringBuilder text = new StringBuilder();
    for (Section section : sections) {
      text.append("**")
          .append(section.heading())
          .append("**\n\n")
          .append(section.text())
          .append("\n\n");
    }
    text.append("**").append(STEPS_HEADING).append("**\n\n");
    for (int i = 0; i < steps.size(); i++) {
      FixStep step = steps.get(i);
      text.append(i + 1).append(". ").append(step.text()).append('\n');
      if (step.hasCommand()) {
        text.append("   ```\n   ")
            .append(step.command().replace("\n", "\n   "))
            .append("\n   ```\n");
      }
    }
    return text.append('\n').append('_').append(footer).append("_\n").toString();
  }

  /**
   * {@code text} cut to at most {@code max} characters, marking the cut; the same input gives the
   * same cut.
   */
  public static String truncate(String text, int max) {
    if (text.length() <= max) {
      return text;
    }
    String marker = " [...]";
    return text.substring(0, max - marker.length()) + marker;
  }
}
