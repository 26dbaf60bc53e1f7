package io.lambdaguard.tickets;

import io.lambdaguard.pseudonyms.Pseudonyms;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Findings as the runner builds them. */
final class Findings {
  static final String FUNCTION = "arn:aws:lambda:us-east-1:123456789012:function:orders-api";

  /** Pseudonyms under a fixed key, for tickets rendered without a ledger (sink tests). */
  static final Pseudonyms PSEUDONYMS =
      Pseudonyms.withKey("a-test-key-that-no-stack-has-ever-used".getBytes(StandardCharsets.UTF_8));

  private Findings() {}

  /** The finding's ticket as the ticket service renders it, keyed by {@link #PSEUDONYMS}. */
  static Ticket ticket(Finding finding) {
    return TicketRenderer.render(
        finding,
        PSEUDONYMS.dedupKey(
            finding.ruleId(), finding.outcome(), finding.functionArn(), finding.subject(), "test"));
  }

  /** A credentials finding on {@code orders-api}, variable {@code subject}. */
  static Finding credentials(String subject) {
    return new Finding(
        "env-vars-no-credentials",
        FUNCTION,
        "123456789012",
        "us-east-1",
        Optional.of("arn:aws:sts::123456789012:assumed-role/DeployRole/alice"),
        Instant.parse("2026-11-27T10:00:03Z"),
        "6f1c2a9e-3b1d-4f7a-9c2e-1a5b8d7e0f01",
        Severity.HIGH,
        Category.CREDENTIALS,
        subject,
        "environment variable " + subject + " holds a URL with embedded credentials",
        "no automatic fix: only the owner can move a secret out of the configuration",
        Finding.CANNOT_FIX,
        List.of(
            FixStep.of(
                "Rotate the credential at its issuer: everyone allowed to read the function's configuration has seen it."),
            FixStep.withCommand(
                "Remove the variable from the function.",
                "aws lambda get-function-configuration --function-name "
                    + FUNCTION
                    + " --query '{Variables: Environment.Variables}'")));
  }

  static Finding credentials() {
    return credentials("DATABASE_URL");
  }
}
