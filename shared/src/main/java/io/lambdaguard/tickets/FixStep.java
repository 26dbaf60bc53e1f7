package io.lambdaguard.tickets;

/**
 * One step the owner takes to fix a finding by hand.
 *
 * @param text what to do, in one sentence
 * @param command the exact CLI command, or empty when the step has none
 */
public record FixStep(String text, String command) {

  /** A step without a command. */
  public static FixStep of(String text) {
    return new FixStep(text, "");
  }

  /** A step with the command that performs it. */
  public static FixStep withCommand(String text, String command) {
    return new FixStep(text, command);
  }

  public boolean hasCommand() {
    return !command.isEmpty();
  }
}
