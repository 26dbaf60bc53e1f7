package io.lambdaguard.encryption;

import io.lambdaguard.encryption.keys.KeyInfo;
import io.lambdaguard.encryption.keys.KeyLookup;
import io.lambdaguard.lambda.FunctionSnapshot;
import io.lambdaguard.rules.Verdict;
import io.lambdaguard.tickets.FixStep;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.arns.Arn;

/**
 * A key found on a function's variables or log group that is not the configured one. It counts as
 * customer managed only when KMS says so: a key of another account, or one this service may not
 * describe, cannot be checked, so it is {@link Verdict.Unverifiable}, never compliant.
 */
final class OtherKeys {
  private OtherKeys() {}

  /**
   * What KMS says about {@code key}, or why it cannot be checked.
   *
   * @param where what the key encrypts, for the reason ({@code environment variables}, {@code log
   *     group})
   */
  static Described describe(
      KeyLookup keys, String key, FunctionSnapshot function, String where, FixStep remedy) {
    Optional<String> account = accountOf(key);
    if (account.isPresent() && !account.equals(accountOf(function.arn()))) {
      return new Described(
          Optional.empty(),
          Optional.of(
              unverifiable(
                  where + " use a key in another account, which this service cannot describe",
                  key,
                  remedy)));
    }
    KeyInfo info = keys.describe(key);
    return info.uncheckableBecause()
        .map(
            problem ->
                new Described(
                    Optional.<KeyInfo>empty(),
                    Optional.of(
                        unverifiable(
                            where + " use a key this service cannot check (" + problem + ")",
                            key,
                            remedy))))
        .orElseGet(() -> new Described(Optional.of(info), Optional.empty()));
  }

  /** Either the key's description or the verdict that it cannot be checked. */
  record Described(Optional<KeyInfo> info, Optional<Verdict.Unverifiable> unverifiable) {}

  private static Verdict.Unverifiable unverifiable(String reason, String key, FixStep remedy) {
    return new Verdict.Unverifiable(
        reason,
        List.of(
            FixStep.withCommand(
                "Let this service's roles describe the key (kms:DescribeKey in the key policy), or use a key "
                    + "of this account that they may describe.",
                "aws kms describe-key --key-id " + key),
            remedy));
  }

  /**
   * The account in an ARN ({@code arn:<partition>:<service>:<region>:<account>:...}); empty for a
   * bare key id.
   */
  static Optional<String> accountOf(String arn) {
    try {
      return Arn.tryFromString(arn).flatMap(Arn::accountId);
    } catch (IllegalArgumentException malformed) {
      return Optional.empty();
    }
  }
}
