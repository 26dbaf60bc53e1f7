package io.lambdaguard.replay;

/**
 * Where the replayed functions believe they run: the values of the pseudo parameters and of every
 * synthetic ARN.
 */
record AwsTarget(String region, String accountId, String partition) {

  /** The account moto answers for, and the one recorded events use. */
  static final String EMULATOR_ACCOUNT = "123456789012";

  /** {@code AWS::StackName} of the replay's imaginary stack. */
  static final String STACK_NAME = "lambdaguard-local";

  static AwsTarget emulator(String region) {
    return new AwsTarget(region, EMULATOR_ACCOUNT, "aws");
  }

  String functionArn(String functionName) {
    return "arn:" + partition + ":lambda:" + region + ":" + accountId + ":function:" + functionName;
  }

  String keyArn(String keyId) {
    return "arn:" + partition + ":kms:" + region + ":" + accountId + ":key/" + keyId;
  }
}
