package io.lambdaguard.tickets;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Something the service found and did not fix, with everything a ticket states. Holds kinds, keys and
 * names only, never a value from the function, its tags or the event: a finding may leave the account.
 *
 * @param ruleId the rule that found it ({@code dead-letter} for an event that could not be processed)
 * @param functionArn the function concerned, or {@link #NO_FUNCTION} when unknown
 * @param account the account the change was made in
 * @param region the region the change was made in
 * @param actorArn who made the change ({@code userIdentity.arn}), when recorded
 * @param eventTime when the change was made
 * @param eventId the CloudTrail event id of the change
 * @param severity how urgent it is
 * @param category what kind of problem it is
 * @param subject what in the function the finding is about (a variable name, a tag key, a dead event's id),
 *     or empty for the function as a whole; part of the dedup key
 * @param found what was found: the kind of data and where (key or variable name), never the data
 * @param notFixedBecause why the service did not fix it automatically
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
    List<FixStep> fixSteps) {

  /** The function ARN of a finding whose function is unknown. */
  public static final String NO_FUNCTION = "-";

  public Finding {
    Objects.requireNonNull(ruleId, "ruleId");
    Objects.requireNonNull(functionArn, "functionArn");
    Objects.requireNonNull(subject, "subject");
    fixSteps = List.copyOf(fixSteps);
  }

  /**
   * The same finding on the same function gives the same key, whichever event reported it: the SHA-256
   * of rule id, function ARN and subject, in hex. Names no value, so it may be stored and sent anywhere.
   */
  public String dedupKey() {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      byte[] digest = sha256.digest((ruleId + '\n' + functionArn + '\n' + subject).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
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
