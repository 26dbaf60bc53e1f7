package io.lambdaguard.events;

import java.util.Optional;
import software.amazon.awssdk.arns.Arn;

/**
 * Who made the call ({@code userIdentity}).
 *
 * @param type {@code AssumedRole}, {@code IAMUser}, {@code AWSService}, ... or empty when absent
 * @param arn the caller's ARN (for a role session, the {@code assumed-role} STS ARN)
 * @param sessionIssuerArn for a role session, the IAM role ARN that issued it
 */
public record Actor(String type, Optional<String> arn, Optional<String> sessionIssuerArn) {

  static final Actor UNKNOWN = new Actor("", Optional.empty(), Optional.empty());

  /** The IAM role behind this caller, from the session issuer or else from an assumed-role ARN. */
  public Optional<String> roleArn() {
    if (sessionIssuerArn.isPresent()) {
      return sessionIssuerArn;
    }
    // arn:aws:sts::123456789012:assumed-role/<role>/<session>  ->
    // arn:aws:iam::123456789012:role/<role>
    return arn.filter(a -> a.startsWith("arn:") && a.contains(":assumed-role/"))
        .flatMap(Actor::assumedRole);
  }

  /**
   * The role of an assumed-role ARN; empty for a malformed one (the SDK's parser throws on an empty
   * resource).
   */
  private static Optional<String> assumedRole(String assumedRoleArn) {
    try {
      return Arn.tryFromString(assumedRoleArn)
          .filter(
              a ->
                  a.accountId().isPresent()
                      && a.resource().resourceType().equals(Optional.of("assumed-role")))
          .map(
              a ->
                  "arn:"
                      + a.partition()
                      + ":iam::"
                      + a.accountId().get()
                      + ":role/"
                      + a.resource().resource());
    } catch (IllegalArgumentException malformed) {
      return Optional.empty();
    }
  }
}
