package io.lambdaguard.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConfigTest {
  private static final String KEY =
      "arn:aws:kms:us-east-1:123456789012:key/0b3c8f4e-5a2d-4c6e-9f1a-7d2b9e4c1a55";

  private static Map<String, String> env(String... pairs) {
    Map<String, String> env = new HashMap<>(Map.of("AWS_REGION", "us-east-1", "MODE", "enforce"));
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return env;
  }

  @Test
  void fullEnvironment_shouldBeRead() {
    Config config =
        Config.from(
            env(
                "KMS_KEY_ARN",
                KEY,
                "SERVICE_ROLE_ARNS",
                "arn:aws:iam::123456789012:role/A, arn:aws:iam::123456789012:role/B",
                "AWS_ENDPOINT_URL",
                "http://127.0.0.1:5000",
                "WAITER_POLL_MILLIS",
                "50"));
    assertEquals(Mode.ENFORCE, config.mode());
    assertEquals(Optional.of(KEY), config.kmsKeyArn());
    assertEquals(
        Set.of("arn:aws:iam::123456789012:role/A", "arn:aws:iam::123456789012:role/B"),
        config.serviceRoleArns());
    assertEquals(Optional.of(URI.create("http://127.0.0.1:5000")), config.endpoint());
    assertEquals(Duration.ofMillis(50), config.waiterPollInterval());
  }

  @Test
  void reportMode_shouldBeAcceptedInAnyCase() {
    assertEquals(Mode.REPORT, Config.from(env("MODE", "Report")).mode());
  }

  @Test
  void missingMode_shouldFailNamingTheVariable() {
    Map<String, String> env = env();
    env.remove("MODE");
    ConfigException e = assertThrows(ConfigException.class, () -> Config.from(env));
    assertTrue(e.getMessage().contains("MODE"));
  }

  @Test
  void unknownMode_shouldFail() {
    assertThrows(ConfigException.class, () -> Config.from(env("MODE", "fix-everything")));
  }

  @Test
  void aliasInsteadOfKeyArn_shouldFail() {
    ConfigException e =
        assertThrows(ConfigException.class, () -> Config.from(env("KMS_KEY_ARN", "alias/my-key")));
    assertTrue(e.getMessage().contains("KMS_KEY_ARN"));
  }

  @Test
  void keyRequiredButMissing_shouldFailNamingTheVariable() {
    ConfigException e =
        assertThrows(ConfigException.class, () -> Config.from(env()).requireKmsKeyArn());
    assertTrue(e.getMessage().contains("KMS_KEY_ARN"));
  }

  @Test
  void badRoleArn_shouldFail() {
    assertThrows(
        ConfigException.class, () -> Config.from(env("SERVICE_ROLE_ARNS", "EncryptionRole")));
  }

  @Test
  void serviceFunctionNames_shouldBeReadAndValidated() {
    assertEquals(
        Set.of("lg-encryption", "lg-dead-letters"),
        Config.from(env("SERVICE_FUNCTION_NAMES", "lg-encryption, lg-dead-letters"))
            .serviceFunctionNames());
    assertEquals(Set.of(), Config.from(env()).serviceFunctionNames());
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                Config.from(
                    env(
                        "SERVICE_FUNCTION_NAMES",
                        "arn:aws:lambda:us-east-1:123456789012:function:lg-encryption")));
    assertTrue(e.getMessage().contains("SERVICE_FUNCTION_NAMES"), e.getMessage());
  }

  @Test
  void relativeEndpoint_shouldFail() {
    assertThrows(ConfigException.class, () -> Config.from(env("AWS_ENDPOINT_URL", "localhost")));
  }

  @Test
  void noTimeoutVariables_shouldKeepTheLambdaDefaults() {
    // when
    Config config = Config.from(env());
    // then
    assertEquals(Duration.ofSeconds(5), config.awsTimeouts().attempt());
    assertEquals(Duration.ofSeconds(12), config.awsTimeouts().call());
  }

  @Test
  void timeoutVariables_shouldBeRead() {
    // when
    Config config =
        Config.from(env("AWS_ATTEMPT_TIMEOUT_MILLIS", "250", "AWS_CALL_TIMEOUT_MILLIS", "4000"));
    // then
    assertEquals(
        new AwsTimeouts(Duration.ofMillis(250), Duration.ofSeconds(4)), config.awsTimeouts());
  }

  @Test
  void attemptTimeoutAboveCallTimeout_shouldFailNamingTheVariable() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                Config.from(
                    env("AWS_ATTEMPT_TIMEOUT_MILLIS", "5000", "AWS_CALL_TIMEOUT_MILLIS", "1000")));
    assertTrue(e.getMessage().contains("AWS_ATTEMPT_TIMEOUT_MILLIS"));
  }

  @Test
  void nonNumericCallTimeout_shouldFailNamingTheVariable() {
    ConfigException e =
        assertThrows(
            ConfigException.class, () -> Config.from(env("AWS_CALL_TIMEOUT_MILLIS", "12s")));
    assertTrue(e.getMessage().contains("AWS_CALL_TIMEOUT_MILLIS"));
  }

  @Test
  void tagActionAndPhoneRegions_shouldDefaultToRemoveAndFiveRegions() {
    Config config = Config.from(env());
    assertEquals(TagAction.REMOVE, config.tagAction());
    assertEquals(Set.of("US", "GB", "DE", "FR", "IN"), config.phoneRegions());
  }

  @Test
  void tagActionAndPhoneRegions_shouldBeReadAndValidated() {
    Config config = Config.from(env("TAG_ACTION", "Redact", "PHONE_REGIONS", "AU, NZ"));
    assertEquals(TagAction.REDACT, config.tagAction());
    assertEquals(Set.of("AU", "NZ"), config.phoneRegions());
    assertThrows(ConfigException.class, () -> Config.from(env("TAG_ACTION", "delete")));
    assertThrows(ConfigException.class, () -> Config.from(env("PHONE_REGIONS", "australia")));
  }

  @Test
  void logGroupRetention_shouldAcceptOnlyCloudWatchValues() {
    assertEquals(
        30, Config.from(env("LOG_GROUP_RETENTION_DAYS", "30")).requireLogGroupRetentionDays());
    ConfigException e =
        assertThrows(
            ConfigException.class, () -> Config.from(env("LOG_GROUP_RETENTION_DAYS", "31")));
    assertTrue(e.getMessage().contains("LOG_GROUP_RETENTION_DAYS"));
  }

  @Test
  void disabledRules_shouldBeReadAsASetOfKnownIds_andDefaultToNone() {
    assertEquals(Set.of(), Config.from(env()).disabledRules());
    assertEquals(Set.of(), Config.from(env("DISABLED_RULES", "")).disabledRules());
    assertEquals(
        Set.of("env-vars-customer-key", "tags-no-personal-data"),
        Config.from(env("DISABLED_RULES", " env-vars-customer-key , tags-no-personal-data"))
            .disabledRules());
  }

  @Test
  void unknownDisabledRule_shouldFailNamingTheVariableAndTheUnknownId() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                Config.from(env("DISABLED_RULES", "env-vars-customer-key,tags-no-personal-datta")));
    assertTrue(e.getMessage().contains("DISABLED_RULES"), e.getMessage());
    assertTrue(e.getMessage().contains("[tags-no-personal-datta]"), e.getMessage());
  }
}
