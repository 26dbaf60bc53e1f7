package io.lambdaguard.remediation;

import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * An event that failed for a reason worth retrying (throttling, an outage, a lost race that kept
 * losing). Thrown to Lambda so it retries, then dead-letters. Its message names the rule, the
 * exception class and the AWS error code only: AWS error messages can echo request values, and
 * Lambda logs what a handler throws. No stack trace, so a retry storm is not a stack-trace flood.
 */
public final class RemediationFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  RemediationFailedException(String eventId, String rule, RuntimeException cause) {
    super("event " + eventId + " failed in " + rule + ": " + describe(cause), null, false, false);
  }

  private static String describe(RuntimeException cause) {
    if (cause instanceof AwsServiceException aws && aws.awsErrorDetails() != null) {
      return cause.getClass().getSimpleName()
          + " ("
          + aws.awsErrorDetails().errorCode()
          + ", HTTP "
          + aws.statusCode()
          + ")";
    }
    return cause.getClass().getSimpleName();
  }
}
