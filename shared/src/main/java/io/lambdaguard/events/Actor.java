package io.lambdaguard.events;

import java.util.Optional;

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
    // arn:aws:sts::123456789012:assumed-role/<role>/<session>  ->  arn:aws:iam::123456789012:role/<role>
    return arn.filter(a -> a.startsWith("arn:") && a.contains(":assumed-role/"))
        .map(
            a -> {
              String[] parts = a.split(":", 6);
              if (parts.length < 6) {
                return null; // malformed (too few parts): no role we could recognise
              }
              String[] path = parts[5].split("/");
              return path.length >= 2
                  ? "arn:" + parts[1] + ":iam::" + parts[4] + ":role/" + path[1]
                  : null;
            });
  }
}
