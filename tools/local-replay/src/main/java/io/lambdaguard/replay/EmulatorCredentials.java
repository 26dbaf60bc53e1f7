package io.lambdaguard.replay;

import java.net.URI;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** The static credentials used with an emulator, by the replay and by the functions it runs. */
final class EmulatorCredentials {

  /** Lambda always passes a session token, so the replay does too. */
  static final AwsSessionCredentials CREDENTIALS =
      AwsSessionCredentials.create("testing", "testing", "testing");

  static final StaticCredentialsProvider PROVIDER = StaticCredentialsProvider.create(CREDENTIALS);

  private EmulatorCredentials() {}

  /** What a function needs to send every call to the emulator at {@code endpoint}. */
  static Map<String, String> functionEnvironment(URI endpoint) {
    return Map.of(
        "AWS_ACCESS_KEY_ID",
        CREDENTIALS.accessKeyId(),
        "AWS_SECRET_ACCESS_KEY",
        CREDENTIALS.secretAccessKey(),
        "AWS_SESSION_TOKEN",
        CREDENTIALS.sessionToken(),
        "AWS_ENDPOINT_URL",
        endpoint.toString());
  }
}
