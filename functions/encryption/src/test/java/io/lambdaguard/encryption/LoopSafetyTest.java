package io.lambdaguard.encryption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lambdaguard.events.CloudTrailEvents;
import io.lambdaguard.events.InvalidEventException;
import io.lambdaguard.testkit.ApiCall;
import io.lambdaguard.testkit.MotoServer;
import io.lambdaguard.testkit.TestContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * No loops, by construction: every write the function makes causes a CloudTrail event, and
 * replaying that event (built the way CloudTrail records it) makes no write at all. Lambda events
 * of the service's role are recognised by the role; CloudWatch Logs events never reach the
 * function.
 */
class LoopSafetyTest {
  private static final String FUNCTION = "orders-api";
  private static final String FUNCTION_ARN =
      "arn:aws:lambda:us-east-1:123456789012:function:" + FUNCTION;
  private static final String LOG_GROUP = "/aws/lambda/" + FUNCTION;

  private static MotoServer moto;
  private static Emulator aws;
  private static Routing routing;
  private static String keyArn;

  @BeforeAll
  static void startEmulator() {
    moto = MotoServer.start();
    aws = new Emulator(moto);
    routing = Routing.fromTemplate();
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

  private static List<ApiCall> writes() {
    return moto.calls().stream().filter(MotoServer::isWrite).toList();
  }

  private static String operation(ApiCall call) {
    return call.service() + ":" + call.operation();
  }

  private static String recorded(String file) throws IOException {
    return Files.readString(
        Path.of(System.getProperty("lambdaguard.root", "../.."), "events", "lambda", file));
  }

  static Stream<Arguments> fixes() {
    Consumer<Emulator> variablesOnDefaultKey =
        e -> {
          e.createFunction(FUNCTION, Map.of("STAGE", "prod"), null);
          e.createEncryptedLogGroup(FUNCTION, keyArn);
        };
    Consumer<Emulator> unencryptedGroup =
        e -> {
          e.createFunction(FUNCTION, Map.of(), null);
          e.logs.createLogGroup(c -> c.logGroupName(LOG_GROUP));
        };
    Consumer<Emulator> missingGroup = e -> e.createFunction(FUNCTION, Map.of(), null);
    Consumer<Emulator> both =
        e -> {
          e.createFunction(FUNCTION, Map.of("STAGE", "prod"), null);
          e.logs.createLogGroup(c -> c.logGroupName(LOG_GROUP));
        };
    return Stream.of(
        Arguments.of(
            "attach the key to the variables",
            variablesOnDefaultKey,
            List.of("lambda:UpdateFunctionConfiguration")),
        Arguments.of(
            "associate the key with the log group",
            unencryptedGroup,
            List.of("logs:AssociateKmsKey")),
        Arguments.of(
            "create the log group encrypted",
            missingGroup,
            List.of("logs:CreateLogGroup", "logs:PutRetentionPolicy")),
        Arguments.of(
            "both rules fix",
            both,
            List.of("lambda:UpdateFunctionConfiguration", "logs:AssociateKmsKey")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixes")
  void eventsCausedByAFix_shouldMakeNoWriteWhenReplayed(
      String fix, Consumer<Emulator> setup, List<String> expectedWrites) {
    // given: the function fixed, and the events its writes cause
    setup.accept(aws);
    Container container = Container.start(Container.env(moto.endpoint(), keyArn));
    moto.resetCalls();
    JsonNode fixed =
        container.invoke(
            recordedUnchecked("create_function_without_key.json"), new TestContext("encryption"));
    assertTrue(Container.codes(fixed).contains("fixed"), fixed::toString);
    List<ApiCall> made = writes();
    assertEquals(expectedWrites, made.stream().map(LoopSafetyTest::operation).toList());
    SelfCausedEvents.Fix context =
        new SelfCausedEvents.Fix(FUNCTION_ARN, keyArn, LOG_GROUP, 30, Emulator.SERVICE_ROLE);
    List<String> caused =
        made.stream().map(call -> SelfCausedEvents.causedBy(call, context)).toList();
    moto.resetCalls();
    // when: each caused event reaches the same warm container and a fresh one
    for (String event : caused) {
      boolean lambdaEvent = event.contains("\"source\":\"aws.lambda\"");
      for (Container target :
          List.of(container, Container.start(Container.env(moto.endpoint(), keyArn)))) {
        JsonNode replay = target.invoke(event, new TestContext("encryption"));
        // then
        assertEquals(
            List.of(lambdaEvent ? "self-caused" : "invalid-event-wrong-source"),
            Container.codes(replay));
      }
      assertEquals(
          lambdaEvent,
          routing.routes(event),
          "EventBridge routes only Lambda's events to the function");
    }
    assertEquals(List.of(), moto.calls(), "replaying the caused events made AWS calls");
  }

  @Test
  void
      selfCausedEvent_withTheRoleNotConfigured_shouldStillWriteNothingBecauseTheFunctionIsCompliant() {
    // given: a fix made, then a container that does not know its own role (misconfiguration)
    aws.createFunction(FUNCTION, Map.of("STAGE", "prod"), null);
    aws.logs.createLogGroup(c -> c.logGroupName(LOG_GROUP));
    Container container = Container.start(Container.env(moto.endpoint(), keyArn));
    container.invoke(
        recordedUnchecked("create_function_without_key.json"), new TestContext("encryption"));
    Map<String, String> env = Container.env(moto.endpoint(), keyArn);
    env.remove("SERVICE_ROLE_ARNS");
    Container unaware = Container.start(env);
    moto.resetCalls();
    // when
    JsonNode replay =
        unaware.invoke(
            SelfCausedEvents.updateFunctionConfiguration(
                FUNCTION_ARN, keyArn, Emulator.SERVICE_ROLE),
            new TestContext("encryption"));
    // then: the second line of defence, a compliant function is never written
    assertEquals("compliant", Container.code(replay, EnvVarsUseCustomerManagedKey.ID));
    assertEquals("compliant", Container.code(replay, LogGroupUsesCustomerManagedKey.ID));
    assertEquals(List.of(), writes());
  }

  @Test
  void logsEventsOfTheService_shouldBeRejectedByTheParserAsWrongSource() {
    // given
    String associate =
        SelfCausedEvents.logs(
            "AssociateKmsKey",
            Map.of("logGroupName", LOG_GROUP, "kmsKeyId", "k"),
            Emulator.SERVICE_ROLE);
    // when
    InvalidEventException rejected =
        org.junit.jupiter.api.Assertions.assertThrows(
            InvalidEventException.class, () -> CloudTrailEvents.parse(associate));
    // then
    assertEquals(InvalidEventException.Reason.WRONG_SOURCE, rejected.reason());
    assertFalse(routing.routes(associate));
  }

  @Test
  void templatePattern_shouldBeTheOneTheServiceDocuments() {
    assertEquals(
        "{\"source\":[\"aws.lambda\"],\"detail-type\":[\"AWS API Call via CloudTrail\"],"
            + "\"account\":[\"123456789012\"],\"region\":[\"us-east-1\"],\"detail\":{\"eventSource\":"
            + "[\"lambda.amazonaws.com\"],\"eventName\":[{\"prefix\":\"CreateFunction2\"},{\"prefix\":\"UpdateFunctionConfiguration\"},"
            + "{\"prefix\":\"PublishVersion\"}]}}",
        routing.pattern());
  }

  @Test
  void templateXRayPattern_shouldTakeOnlyThisAccountsAndRegionsPutEncryptionConfig() {
    assertEquals(
        "{\"source\":[\"aws.xray\"],\"detail-type\":[\"AWS API Call via CloudTrail\"],"
            + "\"account\":[\"123456789012\"],\"region\":[\"us-east-1\"],\"detail\":{\"eventSource\":"
            + "[\"xray.amazonaws.com\"],\"eventName\":[\"PutEncryptionConfig\"]}}",
        routing.xrayPattern());
  }

  private static String recordedUnchecked(String file) {
    try {
      return recorded(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
