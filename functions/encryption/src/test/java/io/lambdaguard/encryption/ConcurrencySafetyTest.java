package io.lambdaguard.encryption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lambdaguard.remediation.RemediationFailedException;
import io.lambdaguard.testkit.ApiCall;
import io.lambdaguard.testkit.MotoServer;
import io.lambdaguard.testkit.TestContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * Idempotent and race-safe: duplicates, concurrent events, changes that land between read and
 * write, updates in progress beyond the invocation's time, and functions that vanish, against the
 * patched moto.
 */
class ConcurrencySafetyTest {
  private static final String FUNCTION = "orders-api";
  private static final String FUNCTION_ARN =
      "arn:aws:lambda:us-east-1:123456789012:function:" + FUNCTION;
  private static final String DEPLOY_ROLE = "arn:aws:iam::123456789012:role/DeployRole";

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
  void resetEmulator() {
    moto.reset();
    keyArn = aws.createKey();
  }

  private static String createEvent() {
    try {
      return Files.readString(
          Path.of(
              System.getProperty("lambdaguard.root", "../.."),
              "events",
              "lambda",
              "create_function_without_key.json"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Another event for the same function: a deploy pipeline's configuration update. */
  private static String deployUpdateEvent() {
    return SelfCausedEvents.updateFunctionConfiguration(FUNCTION_ARN, keyArn, DEPLOY_ROLE);
  }

  private static Container container() {
    return Container.start(Container.env(moto.endpoint(), keyArn));
  }

  private static List<ApiCall> calls(String operation) {
    return moto.calls().stream().filter(c -> operation.equals(c.operation())).toList();
  }

  private static List<String> metricCodes(Container container) {
    return container.metrics().stream()
        .map(m -> m.field("reasonCode").orElseThrow().asString())
        .toList();
  }

  /**
   * A function whose variables use aws/lambda, its log group already encrypted: one write is due.
   */
  private static void functionNeedingTheKey() {
    aws.createFunction(FUNCTION, Map.of("STAGE", "prod"), null);
    aws.createEncryptedLogGroup(FUNCTION, keyArn);
    moto.resetCalls();
  }

  @Test
  void sameEventTwiceInOneContainer_shouldFixOnceAndCountTheSecondAsRepeat() {
    // given
    functionNeedingTheKey();
    Container container = container();
    // when
    JsonNode first = container.invoke(createEvent(), new TestContext("encryption"));
    JsonNode second = container.invoke(createEvent(), new TestContext("encryption"));
    // then
    assertEquals("fixed", Container.code(first, EnvVarsUseCustomerManagedKey.ID));
    assertEquals(List.of("repeat"), Container.codes(second));
    assertEquals(1, calls("UpdateFunctionConfiguration").size());
    assertEquals(1, calls("GetFunction").size(), "the repeat costs no AWS call");
    // env key fixed; the credentials rule, the (encrypted) log group and X-Ray (untraced)
    // compliant; then the repeat
    assertEquals(
        List.of("fixed", "compliant", "compliant", "compliant", "repeat"), metricCodes(container));
  }

  @Test
  void sameEventInTwoContainers_shouldFixOnceAndFindItCompliantTheSecondTime() {
    // given
    functionNeedingTheKey();
    // when
    JsonNode first = container().invoke(createEvent(), new TestContext("encryption"));
    JsonNode second = container().invoke(createEvent(), new TestContext("encryption"));
    // then
    assertEquals("fixed", Container.code(first, EnvVarsUseCustomerManagedKey.ID));
    assertEquals("compliant", Container.code(second, EnvVarsUseCustomerManagedKey.ID));
    assertEquals(1, calls("UpdateFunctionConfiguration").size());
    assertEquals(keyArn, aws.configuration(FUNCTION).kmsKeyArn());
  }

  @Test
  void twoEventsAtOnceInTwoContainers_shouldLetOneWriteWinWithoutAnError() throws Exception {
    // given: both writes are held until both have arrived, so both carry the revision read before
    // either applied
    functionNeedingTheKey();
    moto.gateUpdates(FUNCTION, 2);
    List<Callable<JsonNode>> invocations =
        List.of(
            () -> container().invoke(createEvent(), new TestContext("encryption")),
            () -> container().invoke(deployUpdateEvent(), new TestContext("encryption")));
    // when
    List<String> codes = new ArrayList<>();
    try (ExecutorService threads = Executors.newFixedThreadPool(2)) {
      for (Future<JsonNode> result : threads.invokeAll(invocations)) {
        codes.add(Container.code(result.get(), EnvVarsUseCustomerManagedKey.ID));
      }
    }
    // then: one fixed; the loser got PreconditionFailed, read again and found the function
    // compliant
    assertEquals(List.of("compliant", "fixed"), codes.stream().sorted().toList());
    assertEquals(
        2, calls("UpdateFunctionConfiguration").size(), "both wrote against the same revision");
    assertEquals(3, calls("GetFunction").size(), "two reads and the loser's re-read");
    assertEquals(keyArn, aws.configuration(FUNCTION).kmsKeyArn());
  }

  @Test
  void changeBetweenReadAndWrite_shouldFailTheWriteThenReadDecideAndWriteAgain() {
    // given
    functionNeedingTheKey();
    moto.changeBeforeUpdates(FUNCTION, 1, Map.of("Description", "deployed meanwhile"), 0);
    // when
    JsonNode result = container().invoke(createEvent(), new TestContext("encryption"));
    // then
    assertEquals("fixed", Container.code(result, EnvVarsUseCustomerManagedKey.ID));
    assertEquals(2, calls("UpdateFunctionConfiguration").size());
    assertEquals(2, calls("GetFunction").size());
    assertEquals(keyArn, aws.configuration(FUNCTION).kmsKeyArn());
    assertEquals(
        "deployed meanwhile",
        aws.configuration(FUNCTION).description(),
        "the concurrent change survives");
  }

  @Test
  void concurrentChangeThatAttachesTheKey_shouldEndCompliantWithoutAnotherWrite() {
    // given
    functionNeedingTheKey();
    moto.changeBeforeUpdates(FUNCTION, 1, Map.of("KMSKeyArn", keyArn), 0);
    // when
    JsonNode result = container().invoke(createEvent(), new TestContext("encryption"));
    // then
    assertEquals("compliant", Container.code(result, EnvVarsUseCustomerManagedKey.ID));
    assertEquals(1, calls("UpdateFunctionConfiguration").size());
  }

  @Test
  void changesThatKeepLanding_shouldStopAfterThreeAttemptsAndHandTheEventToRetry() {
    // given: every write of this invocation loses a race
    functionNeedingTheKey();
    moto.changeBeforeUpdates(FUNCTION, 10, Map.of("Description", "busy pipeline"), 0);
    Container container = container();
    // when
    RemediationFailedException failure =
        assertThrows(
            RemediationFailedException.class,
            () -> container.invoke(createEvent(), new TestContext("encryption")));
    // then
    assertEquals(3, calls("UpdateFunctionConfiguration").size());
    assertTrue(failure.getMessage().contains(EnvVarsUseCustomerManagedKey.ID), failure::getMessage);
    assertFalse(
        failure.getMessage().contains(FUNCTION),
        "no function data in what Lambda logs: " + failure.getMessage());
    assertNull(aws.configuration(FUNCTION).kmsKeyArn());
    assertEquals(
        List.of("unexpected-failure", "compliant", "compliant", "compliant"),
        metricCodes(container));
  }

  @Test
  void updateInProgressLongerThanTheRemainingTime_shouldFailCleanlyBeforeTheDeadline() {
    // given: the write meets ResourceConflictException, and the update stays in progress for good
    functionNeedingTheKey();
    moto.changeBeforeUpdates(FUNCTION, 1, Map.of("Description", "deploying"), 1_000_000);
    TestContext context = new TestContext("encryption").remainingTime(Duration.ofMillis(3_500));
    Container container = container();
    // when
    RemediationFailedException failure =
        assertThrows(
            RemediationFailedException.class, () -> container.invoke(createEvent(), context));
    // then: the waiter gave up within the deadline, so Lambda never timed out
    assertTrue(context.getRemainingTimeInMillis() > 0, "returned before the invocation's end");
    assertEquals(
        1, calls("UpdateFunctionConfiguration").size(), "no write while the update is in progress");
    assertTrue(calls("GetFunction").size() > 2, "waited by polling");
    assertNull(aws.configuration(FUNCTION).kmsKeyArn());
    assertFalse(failure.getMessage().contains(FUNCTION), failure::getMessage);
  }

  @Test
  void functionDeletedBeforeProcessing_shouldEndAsFunctionGoneWithoutWrites() {
    // given: no function at all
    moto.resetCalls();
    // when
    JsonNode result = container().invoke(createEvent(), new TestContext("encryption"));
    // then
    assertEquals(List.of("function-gone"), Container.codes(result));
    assertEquals(List.of(), moto.calls().stream().filter(MotoServer::isWrite).toList());
  }

  @Test
  void functionDeletedBetweenReadAndWrite_shouldEndAsFunctionGoneForEveryRule() {
    // given: variables on aws/lambda and no log group; the function vanishes just before the first
    // write
    aws.createFunction(FUNCTION, Map.of("STAGE", "prod"), null);
    moto.deleteBeforeNextUpdate(FUNCTION);
    moto.resetCalls();
    // when
    JsonNode result = container().invoke(createEvent(), new TestContext("encryption"));
    // then: no log group is created for a function that no longer exists
    assertEquals("function-gone", Container.code(result, EnvVarsUseCustomerManagedKey.ID));
    assertEquals("function-gone", Container.code(result, LogGroupUsesCustomerManagedKey.ID));
    assertEquals(List.of(), moto.calls("logs").stream().filter(MotoServer::isWrite).toList());
  }
}
