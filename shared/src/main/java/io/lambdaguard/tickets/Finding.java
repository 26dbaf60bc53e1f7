package io.lambdaguard.tickets;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Something the service found and did not fix, with everything a ticket states. Holds kinds, keys
 * and names only, never a value from the function, its tags or the event: a finding may leave the
 * account.
 *
 * @param ruleId the rule that found it ({@code dead-letter} for an event that could not be
 *     processed)
 * @param functionArn the function concerned, or {@link #NO_FUNCTION} when unknown
 * @param account the account the change was made in
 * @param region the region the change was made in
 * @param actorArn who made the change ({@code userIdentity.arn}), when recorded
 * @param eventTime when the change was made
 * @param eventId the CloudTrail event id of the change
 * @param severity how urgent it is
 * @param category what kind of problem it is
 * @param subject what in the function the finding is about (a variable name, a tag key, a dead
 *     event's id), or empty for the function as a whole; part of the dedup key
 * @param found what was found: the kind of data and where (key or variable name), never the data
 * @param notFixedBecause why the service did not fix it automatically
 * @param outcome what the ticket reports, as the outcome code it comes with: {@link #WOULD_FIX}
 *     (report mode), {@link #CANNOT_FIX}, {@link #FIX_NOT_VERIFIED}, {@link #UNVERIFIABLE}, {@link
 *     #DEAD_LETTER}; part of the dedup key, so a ticket saying one thing never suppresses a ticket
 *     saying another
 * @param fixSteps the exact steps that fix it by hand
 */
public record Finding(
    String ruleId,
    String functionArn,
    String account,
    String region,
    Optional<String> actorArn,
    Instant eventTime,
    String eventId,
    Severity severity,
    Category category,
    String subject,
    String found,
    String notFixedBecause,
    String outcome,
    List<FixStep> fixSteps) {

  /** The function ARN of a finding whose function is unknown. */
  public static final String NO_FUNCTION = "-";

  /** Report mode: the service would fix it in enforce mode. */
  public static final String WOULD_FIX = "would-fix";

  /** The owner has to act: the service cannot, or may not, fix it. */
  public static final String CANNOT_FIX = "cannot-fix";

  /** The fix was written, but a fresh read still finds what it removes. */
  public static final String FIX_NOT_VERIFIED = "fix-not-verified";

  /** The service could not check the function, so it cannot call it compliant. */
  public static final String UNVERIFIABLE = "unverifiable";

  /** An event no rule checked: it failed after every retry. */
  public static final String DEAD_LETTER = "dead-letter";

  public Finding {
    Objects.requireNonNull(ruleId, "ruleId");
    Objects.requireNonNull(functionArn, "functionArn");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(outcome, "outcome");
    fixSteps = List.copyOf(fixSteps);
  }

  /** The function's name, from its ARN; the whole ARN when it is not a function ARN. */
  public String functionName() {
    int marker = functionArn.lastIndexOf(":function:");
    return marker < 0 ? functionArn : functionArn.substring(marker + ":function:".length());
  }

  public boolean hasFunction() {
    return !NO_FUNCTION.equals(functionArn);
  }
}
