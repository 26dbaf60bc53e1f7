package io.lambdaguard.pseudonyms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lambdaguard.aws.SdkClients;
import io.lambdaguard.config.Config;
import io.lambdaguard.config.ConfigException;
import io.lambdaguard.testkit.MotoServer;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The stack's secret keys the pseudonyms: read once per container, only when needed, never echoed.
 */
class PseudonymSecretTest {
  private static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
  private static final String ARN =
      "arn:aws:lambda:us-east-1:123456789012:function:payroll-536-22-8741";
  private static MotoServer moto;

  @BeforeAll
  static void start() {
    moto = MotoServer.start();
  }

  @AfterAll
  static void stop() {
    moto.close();
  }

  @BeforeEach
  void reset() {
    moto.reset();
  }

  private static Config config(String... pairs) {
    Map<String, String> env =
        new HashMap<>(
            Map.of(
                "AWS_REGION",
                MotoServer.REGION,
                "MODE",
                "enforce",
                "AWS_ENDPOINT_URL",
                moto.endpoint().toString(),
                "PSEUDONYM_SECRET_ARN",
                MotoServer.PSEUDONYM_SECRET_ARN));
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return Config.from(env);
  }

  /** A new container's pseudonyms; the client is built only when the secret is read. */
  private static Pseudonyms container(Config config) {
    return new Pseudonyms(
        new PseudonymSecret(
            () ->
                SdkClients.build(
                    SecretsManagerClient.builder(), config, CREDENTIALS, SdkClients.httpClient()),
            config));
  }

  private static long secretReads() {
    return moto.calls("secretsmanager").stream()
        .filter(c -> c.operation().equals("GetSecretValue"))
        .count();
  }

  @Test
  void manyPseudonymsInOneContainer_shouldReadTheSecretOnce() {
    moto.createPseudonymSecret();
    Pseudonyms pseudonyms = container(config());
    moto.resetCalls();

    String first = pseudonyms.of(ARN);
    for (int i = 0; i < 50; i++) {
      pseudonyms.of(ARN + i);
      pseudonyms.dedupKey("rule", ARN, String.valueOf(i));
    }

    assertEquals(1, secretReads());
    assertEquals(first, pseudonyms.of(ARN));
  }

  @Test
  void containerThatNeedsNoPseudonym_shouldNotReadTheSecret() {
    moto.createPseudonymSecret();
    moto.resetCalls();

    container(config());

    assertEquals(0, secretReads());
  }

  @Test
  void twoContainersOfOneStack_shouldAgreeAndAnotherStackShouldNot() {
    moto.createPseudonymSecret();
    String here = container(config()).of(ARN);
    String again = container(config()).of(ARN);
    moto.reset();
    moto.createPseudonymSecret();
    String otherStack = container(config()).of(ARN);

    assertEquals(here, again);
    assertNotEquals(here, otherStack);
  }

  @Test
  void missingSecret_shouldFailWithTheErrorCodeAndRetryOnTheNextUse() {
    Pseudonyms pseudonyms = container(config());

    PseudonymUnavailableException e =
        assertThrows(PseudonymUnavailableException.class, () -> pseudonyms.of(ARN));
    assertTrue(e.getMessage().contains("ResourceNotFoundException"), e.getMessage());
    moto.createPseudonymSecret();
    assertTrue(pseudonyms.of(ARN).matches("[0-9a-f]{12}"));
  }

  @Test
  void shortSecret_shouldBeRefusedWithoutEchoingIt() {
    moto.createSecret("lambdaguard-pseudonyms", "tooshort-canary");

    PseudonymUnavailableException e =
        assertThrows(PseudonymUnavailableException.class, () -> container(config()).of(ARN));
    assertFalse(e.getMessage().contains("tooshort-canary"), e.getMessage());
  }

  @Test
  void unsetVariable_shouldFailOnFirstUseNamingIt() {
    Config unset =
        Config.from(
            Map.of(
                "AWS_REGION",
                MotoServer.REGION,
                "MODE",
                "enforce",
                "AWS_ENDPOINT_URL",
                moto.endpoint().toString()));

    ConfigException e = assertThrows(ConfigException.class, () -> container(unset).of(ARN));
    assertTrue(e.getMessage().contains("PSEUDONYM_SECRET_ARN"), e.getMessage());
  }

  @Test
  void notASecretArn_shouldFailTheInit() {
    assertThrows(
        ConfigException.class, () -> config("PSEUDONYM_SECRET_ARN", "lambdaguard-pseudonyms"));
  }
}
