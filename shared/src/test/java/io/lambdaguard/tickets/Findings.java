package io.lambdaguard.tickets;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Findings as the runner builds them. */
final class Findings {
  static final String FUNCTION = "arn:aws:lambda:us-east-1:123456789012:function:orders-api";

  private Findings() {}

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
        List.of(
            FixStep.of("Rotate the credential at its issuer: everyone allowed to read the function's configuration has seen it."),
            FixStep.withCommand("Remove the variable from the function.",
                "aws lambda get-function-configuration --function-name " + FUNCTION + " --query '{Variables: Environment.Variables}'")));
  }

  static Finding credentials() {
    return credentials("DATABASE_URL");
  }
}
