package io.lambdaguard.encryption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lambdaguard.testkit.MotoServer;
import io.lambdaguard.testkit.TestContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * Events this deployment must not act on, against the emulator where a same-named function needs a
 * fix: another account's calls (a bare name from account B would otherwise resolve to account A's
 * function) and changes to the stack's own functions. Each is decided from the event alone: zero
 * AWS calls, the function untouched.
 */
class ForeignAndOwnEventsTest {
  private static final String FOREIGN = "210987654321";

  private static MotoServer moto;
  private static Emulator aws;
  private static String keyArn;

  @BeforeAll
  static void startEmulator() {
    moto = MotoServer.start();
    aws = new Emulator(moto);
  }

  @AfterAll
  static void stopEmulator() {
    moto.close();
  }

  @BeforeEach
  void seedFunctionsThatNeedAFix() {
    moto.reset();
    keyArn = aws.createKey();
    // Variables on aws/lambda and no log group: an event about either makes the service write,
    // unless it is refused.
    aws.createFunction("orders-api", Map.of("STAGE", "prod"), null);
    aws.createFunction("lambdaguard-strip-personal-data", Map.of("STAGE", "prod"), null);
    aws.createFunction("encryption", Map.of("STAGE", "prod"), null);
    moto.resetCalls();
  }

  private static String recorded(String file) throws IOException {
    return Files.readString(
        Path.of(System.getProperty("lambdaguard.root", "../.."), "events", "lambda", file));
  }

  private static JsonNode invoke(String event) {
    return Container.start(Container.env(moto.endpoint(), keyArn))
        .invoke(event, new TestContext("encryption"));
  }

  private static void assertUntouched(String function) {
    assertEquals(List.of(), moto.calls(), "decided from the event alone");
    assertNull(aws.configuration(function).kmsKeyArn(), "the function's key");
    assertTrue(
        aws.logs
            .describeLogGroups(d -> d.logGroupNamePrefix("/aws/lambda/" + function))
            .logGroups()
            .isEmpty());
  }

  /**
   * Account B's own UpdateFunctionConfiguration of its orders-api, named by bare name, delivered
   * here.
   */
  private static String fromAccountB(String event) {
    return event.replace("123456789012", FOREIGN);
  }

  @Test
  void bareNameEventFromAnotherAccount_shouldChangeNothingHere() throws IOException {
    // given: the recorded event as account B would record it; its bare name orders-api also exists
    // here
    String event =
        fromAccountB(
            recorded("update_function_configuration_memory_compliant.json")
                .replace("search-indexer", "orders-api"));
    assertFalse(event.contains("123456789012"));
    // when
    JsonNode result = invoke(event);
    // then
    assertEquals(List.of("other-account"), Container.codes(result));
    assertEquals("ignored", Emulator.outcomeOf(result, "-", "outcome"));
    assertUntouched("orders-api");
  }

  @Test
  void recipientAccountOfAnotherAccount_shouldChangeNothingHere() throws IOException {
    // given: this account's envelope, but CloudTrail recorded the call for account B
    String event =
        recorded("update_function_configuration_memory_compliant.json")
            .replace("search-indexer", "orders-api")
            .replace(
                "\"recipientAccountId\": \"123456789012\"",
                "\"recipientAccountId\": \"" + FOREIGN + "\"");
    assertTrue(event.contains(FOREIGN));
    // when
    JsonNode result = invoke(event);
    // then
    assertEquals(List.of("other-account"), Container.codes(result));
    assertUntouched("orders-api");
  }

  @Test
  void sameEventFromThisAccount_shouldFixTheFunction() throws IOException {
    // given: the control: the same event from this account is acted on, so the two tests above can
    // fail
    String event =
        recorded("update_function_configuration_memory_compliant.json")
            .replace("search-indexer", "orders-api");
    // when
    JsonNode result = invoke(event);
    // then
    assertEquals("fixed", Emulator.outcomeOf(result, "env-vars-customer-key", "outcome"));
    assertEquals(keyArn, aws.configuration("orders-api").kmsKeyArn());
  }

  @Test
  void changeToTheStacksOwnFunction_shouldBeIgnoredWithoutACall() throws IOException {
    // given: a deployer's change to the stack's strip-personal-data function, named in
    // SERVICE_FUNCTION_NAMES
    String event =
        recorded("update_function_configuration_memory_compliant.json")
            .replace("search-indexer", "lambdaguard-strip-personal-data");
    // when
    JsonNode result = invoke(event);
    // then
    assertEquals(List.of("own-function"), Container.codes(result));
    assertUntouched("lambdaguard-strip-personal-data");
  }

  @Test
  void changeToTheInvokedFunctionItself_shouldBeIgnoredEvenWithoutTheList() throws IOException {
    // given: no SERVICE_FUNCTION_NAMES; the context names the invoked function "encryption"
    Map<String, String> env = new java.util.HashMap<>(Container.env(moto.endpoint(), keyArn));
    env.remove("SERVICE_FUNCTION_NAMES");
    String event =
        recorded("update_function_configuration_memory_compliant.json")
            .replace("search-indexer", "encryption");
    // when
    JsonNode result = Container.start(env).invoke(event, new TestContext("encryption"));
    // then
    assertEquals(List.of("own-function"), Container.codes(result));
    assertUntouched("encryption");
  }
}
