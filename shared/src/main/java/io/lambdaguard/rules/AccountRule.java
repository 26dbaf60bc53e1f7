package io.lambdaguard.rules;

import io.lambdaguard.tickets.FixStep;
import java.util.List;

/**
 * A rule about one setting of the whole account and region (X-Ray's encryption). Besides checking
 * the setting for a function it is about, it checks the setting on its own, without reading any
 * function: when the setting changes (an account-level trigger such as {@link
 * io.lambdaguard.events.LambdaOperation#PUT_ENCRYPTION_CONFIG}) and once per sweep run ({@link
 * io.lambdaguard.events.LambdaOperation#SWEEP_ACCOUNT}); a function's sweep message does not wake
 * it. Its tickets are about the setting ({@link #accountSubject}), one per account and region,
 * whichever trigger raised it.
 */
public interface AccountRule extends Rule {
  /**
   * The resource the setting's ticket is about, e.g. {@code
   * arn:aws:xray:us-east-1:123456789012:encryption-config}.
   */
  String accountSubject(String account, String region);

  /**
   * Decides on the setting as it is now (never from a cache: the trigger may be its change); makes
   * no writes.
   */
  Verdict checkAccount();

  /**
   * Repairs the setting and says what it changed. Throws {@link CannotFixException} when the owner
   * has to act, and {@link FixNotVerifiedException} when a fresh read does not show the fix.
   */
  String fixAccount(Verdict.NonCompliant violation);

  /** The exact steps that fix the setting by hand. */
  List<FixStep> manualFixForAccount();
}
