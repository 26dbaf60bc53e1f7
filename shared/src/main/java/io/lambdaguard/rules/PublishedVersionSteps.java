package io.lambdaguard.rules;

import io.lambdaguard.tickets.FixStep;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What the ticket of a published-version rule says. A version cannot be changed: the owner
 * publishes a new one from the fixed {@code $LATEST}, moves the aliases to it and deletes the
 * offending ones. The ticket's subject lists the offending version numbers, so a new offending
 * version gets a ticket that names every one of them.
 */
public final class PublishedVersionSteps {
  private static final String PREFIX = "versions ";

  private PublishedVersionSteps() {}

  /** The ticket subject naming the offending versions: {@code versions 1, 2}. */
  public static String subject(List<String> numbers) {
    return PREFIX + String.join(", ", numbers);
  }

  /** The version numbers a {@link #subject} names. */
  public static List<String> numbers(String subject) {
    String listed = subject.startsWith(PREFIX) ? subject.substring(PREFIX.length()) : subject;
    return Arrays.stream(listed.split(",\\s*")).filter(n -> n.matches("\\d+")).toList();
  }

  /**
   * The delete-and-republish steps for the versions the subject names, after the rule's own step
   * that fixes {@code $LATEST}.
   */
  public static List<FixStep> deleteAndRepublish(
      String functionArn, String subject, FixStep fixLatest) {
    List<String> numbers = numbers(subject);
    String pointingAtThem =
        numbers.stream()
            .map(n -> "FunctionVersion=='" + n + "'")
            .collect(Collectors.joining(" || "));
    return List.of(
        FixStep.of(
            "Published versions cannot be changed: versions "
                + String.join(", ", numbers)
                + " keep the configuration "
                + "they were published with until they are deleted."),
        fixLatest,
        FixStep.withCommand(
            "Publish a new version from the fixed $LATEST and note its number.",
            "aws lambda publish-version --function-name "
                + functionArn
                + " --query Version --output text"),
        FixStep.withCommand(
            "Move every alias that points at one of these versions to the new version (once per alias; also "
                + "event source mappings, provisioned concurrency and permissions that name a version).",
            "aws lambda list-aliases --function-name "
                + functionArn
                + " --query \"Aliases[?"
                + pointingAtThem
                + "].Name\" --output text\n"
                + "aws lambda update-alias --function-name "
                + functionArn
                + " --name <alias> --function-version <new version>"),
        FixStep.withCommand(
            "Delete the offending versions.",
            "for v in "
                + String.join(" ", numbers)
                + "; do aws lambda delete-function --function-name "
                + functionArn
                + " --qualifier \"$v\"; done"));
  }
}
