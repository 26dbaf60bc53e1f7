package io.lambdaguard.encryption;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.common.Metadata;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.lambdaguard.config.Config;
import io.lambdaguard.encryption.AwsStubs.Api;
import io.lambdaguard.encryption.AwsStubs.FaultKind;
import io.lambdaguard.remediation.RemediationFailedException;
import io.lambdaguard.testkit.TestContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * Faults from every AWS API the encryption function calls, injected by WireMock standing in as the
 * AWS endpoint ({@code AWS_ENDPOINT_URL}) in front of the real SDK clients of the function's own
 * Dagger graph. A transient fault (once, then success) is retried by the standard strategy and ends
 * in the normal outcome; a persistent one ends, within the deadline, in a clean {@link
 * RemediationFailedException} after the strategy's 3 attempts, with nothing written after the
 * failure.
 */
class FaultInjectionTest {
  /** The standard retry strategy's attempts per call. */
  private static final int STANDARD_ATTEMPTS = 3;

  private static final int ATTEMPT_TIMEOUT_MILLIS = 400;
  private static final int CALL_TIMEOUT_MILLIS = 6_000;
  private static final int SLOW_MILLIS = 1_500;

  private static final Map<Api, Integer> FAULTS_INJECTED = new EnumMap<>(Api.class);
  private static WireMockServer wireMock;

  /** The state of the world a case starts from, chosen so the faulted call is made exactly once. */
  private enum World {
    /**
     * Variables on aws/lambda, group encrypted: GetFunction, DescribeKey,
     * UpdateFunctionConfiguration.
     */
    VARIABLES_ON_DEFAULT_KEY,
    /** Variables on the key, group unencrypted: DescribeLogGroups, DescribeKey, AssociateKmsKey. */
    GROUP_UNENCRYPTED,
    /**
     * Variables on the key, no group: DescribeLogGroups, DescribeKey, CreateLogGroup,
     * PutRetentionPolicy.
     */
    GROUP_MISSING;

    static World forFaultIn(Api api) {
      return switch (api) {
        case GET_FUNCTION, UPDATE_FUNCTION_CONFIGURATION, DESCRIBE_KEY -> VARIABLES_ON_DEFAULT_KEY;
        case DESCRIBE_LOG_GROUPS, ASSOCIATE_KMS_KEY -> GROUP_UNENCRYPTED;
        case CREATE_LOG_GROUP, PUT_RETENTION_POLICY -> GROUP_MISSING;
      };
    }

    ResponseDefinitionBuilder normal(Api api) {
      return switch (api) {
        case GET_FUNCTION ->
            AwsStubs.getFunction(this == VARIABLES_ON_DEFAULT_KEY ? null : AwsStubs.KEY_ARN);
        case UPDATE_FUNCTION_CONFIGURATION -> AwsStubs.updateFunctionConfiguration();
        case DESCRIBE_KEY -> AwsStubs.describeKey();
        case DESCRIBE_LOG_GROUPS ->
            AwsStubs.describeLogGroups(
                this != GROUP_MISSING, this == VARIABLES_ON_DEFAULT_KEY ? AwsStubs.KEY_ARN : null);
        case CREATE_LOG_GROUP, PUT_RETENTION_POLICY, ASSOCIATE_KMS_KEY -> AwsStubs.empty();
      };
    }

    /** The outcome codes when nothing fails: env rule, then log-group rule. */
    List<String> normalCodes() {
      return this == VARIABLES_ON_DEFAULT_KEY
          ? List.of("fixed", "compliant")
          : List.of("compliant", "fixed");
    }
  }

  @BeforeAll
  static void startStub() {
    wireMock =
        new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1").containerThreads(64));
    wireMock.start();
  }

  @AfterAll
  static void stopStubAndPrintSummary() {
    wireMock.stop();
    StringBuilder summary =
        new StringBuilder("Faults injected per API (")
            .append(FaultInjectionTest.class.getSimpleName())
            .append("):\n");
    FAULTS_INJECTED.forEach(
        (api, count) -> summary.append(String.format("  %-34s %3d%n", api.label(), count)));
    summary.append(
        String.format(
            "  %-34s %3d%n",
            "total", FAULTS_INJECTED.values().stream().mapToInt(Integer::intValue).sum()));
    System.out.print(summary);
  }

  @BeforeEach
  void resetStub() {
    wireMock.resetAll();
  }

  private static URI endpoint() {
    return URI.create("http://127.0.0.1:" + wireMock.port());
  }

  /** A fresh container of the production graph (EncryptionComponent), its clients on the stub. */
  private static EncryptionHandler container(Map<String, String> overrides) {
    Map<String, String> env = new java.util.HashMap<>(Container.env(endpoint(), AwsStubs.KEY_ARN));
    env.put("AWS_ATTEMPT_TIMEOUT_MILLIS", Integer.toString(ATTEMPT_TIMEOUT_MILLIS));
    env.put("AWS_CALL_TIMEOUT_MILLIS", Integer.toString(CALL_TIMEOUT_MILLIS));
    env.putAll(overrides);
    return new EncryptionHandler(
        DaggerEncryptionComponent.factory()
            .create(Config.from(env), Emulator.functionCredentials(env))
            .runner());
  }

  private static JsonNode invoke(EncryptionHandler handler, TestContext context) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      handler.handleRequest(new ByteArrayInputStream(createEvent()), out, context);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return JsonNode.parser().parse(out.toString(StandardCharsets.UTF_8));
  }

  private static byte[] createEvent() {
    try {
      return Files.readAllBytes(
          Path.of(
              System.getProperty("lambdaguard.root", "../.."),
              "events",
              "lambda",
              "create_function_without_key.json"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stubs every call with its normal answer, except {@code faulted}, which the caller stubs. */
  private static void stubWorld(World world, Optional<Api> faulted) {
    for (Api api : Api.values()) {
      if (faulted.filter(api::equals).isEmpty()) {
        wireMock.stubFor(api.request().willReturn(world.normal(api)));
      }
    }
  }

  private static void stubFault(Api api, FaultKind kind, World world, boolean transientFault) {
    Metadata fault = Metadata.metadata().attr("fault", kind.name()).build();
    ResponseDefinitionBuilder faulty = kind.response(api, world.normal(api), SLOW_MILLIS);
    if (transientFault) {
      wireMock.stubFor(
          api.request()
              .inScenario(api.name())
              .whenScenarioStateIs(STARTED)
              .willReturn(faulty)
              .willSetStateTo("recovered")
              .withMetadata(fault));
      wireMock.stubFor(
          api.request()
              .inScenario(api.name())
              .whenScenarioStateIs("recovered")
              .willReturn(world.normal(api)));
    } else {
      wireMock.stubFor(api.request().willReturn(faulty).withMetadata(fault));
    }
  }

  /**
   * A call served, with the SDK's attempt number ({@code amz-sdk-request: attempt=N; max=M}) and
   * whether it was faulted.
   */
  private record Served(Api api, String attempt, boolean fault) {}

  private static List<Served> journal() {
    return wireMock.getAllServeEvents().stream()
        .sorted(Comparator.comparing(e -> e.getRequest().getLoggedDate()))
        .map(
            e ->
                new Served(
                    Api.of(e.getRequest())
                        .orElseThrow(
                            () -> new AssertionError("unexpected request " + e.getRequest())),
                    e.getRequest().getHeader("amz-sdk-request"),
                    isFault(e)))
        .toList();
  }

  private static boolean isFault(ServeEvent event) {
    return event.getStubMapping() != null
        && event.getStubMapping().getMetadata() != null
        && event.getStubMapping().getMetadata().containsKey("fault");
  }

  private static long count(List<Served> journal, Api api) {
    return journal.stream().filter(s -> s.api() == api).count();
  }

  private static void countFaults(List<Served> journal) {
    journal.stream()
        .filter(Served::fault)
        .forEach(s -> FAULTS_INJECTED.merge(s.api(), 1, Integer::sum));
  }

  /**
   * The JDK's HttpURLConnection (under the SDK's URLConnection client) transparently sends a GET
   * once more when the connection fails while reading the response, so a reset GET costs two
   * requests per attempt.
   */
  private static int httpRequestsPerAttempt(Api api, FaultKind kind) {
    return api == Api.GET_FUNCTION && kind == FaultKind.CONNECTION_RESET ? 2 : 1;
  }

  static Stream<Arguments> everyCallAndFault() {
    return Stream.of(Api.values())
        .flatMap(api -> Stream.of(FaultKind.values()).map(kind -> Arguments.of(api, kind)));
  }

  @ParameterizedTest(name = "{0} {1} once")
  @MethodSource("everyCallAndFault")
  void transientFault_shouldBeRetriedAndEndInTheNormalOutcome(Api api, FaultKind kind) {
    // given
    World world = World.forFaultIn(api);
    stubWorld(world, Optional.of(api));
    stubFault(api, kind, world, true);
    // when
    JsonNode result = invoke(container(Map.of()), new TestContext("encryption"));
    // then
    List<Served> journal = journal();
    countFaults(journal);
    assertEquals(
        world.normalCodes(),
        List.of(
            Container.code(result, EnvVarsUseCustomerManagedKey.ID),
            Container.code(result, LogGroupUsesCustomerManagedKey.ID)),
        result::toString);
    assertEquals(2, count(journal, api), "one fault, one retry: " + journal);
    assertEquals(1, journal.stream().filter(Served::fault).count());
  }

  @ParameterizedTest(name = "{0} {1} always")
  @MethodSource("everyCallAndFault")
  void persistentFault_shouldEndInACleanFailureAfterThreeAttemptsWithNothingWrittenAfterIt(
      Api api, FaultKind kind) {
    // given
    World world = World.forFaultIn(api);
    stubWorld(world, Optional.of(api));
    stubFault(api, kind, world, false);
    TestContext context = new TestContext("encryption");
    EncryptionHandler handler = container(Map.of());
    // when
    RemediationFailedException failure =
        assertThrows(RemediationFailedException.class, () -> invoke(handler, context));
    // then
    List<Served> journal = journal();
    countFaults(journal);
    assertEquals(
        List.of("attempt=1; max=3", "attempt=2; max=3", "attempt=3; max=3"),
        journal.stream()
            .filter(s -> s.api() == api)
            .map(Served::attempt)
            .distinct()
            .sorted()
            .toList(),
        "SDK attempts");
    assertEquals(
        STANDARD_ATTEMPTS * httpRequestsPerAttempt(api, kind),
        count(journal, api),
        "requests: " + journal);
    int firstFault =
        journal.indexOf(journal.stream().filter(Served::fault).findFirst().orElseThrow());
    List<Served> writesAfter =
        journal.subList(firstFault, journal.size()).stream()
            .filter(s -> s.api().write && s.api() != api)
            .toList();
    assertEquals(List.of(), writesAfter, "writes after the failure");
    assertTrue(context.getRemainingTimeInMillis() > 0, "ended before the invocation's deadline");
    assertFalse(
        failure.getMessage().contains(AwsStubs.FUNCTION),
        "no function data: " + failure.getMessage());
  }

  @Test
  void slowReadWithDefaultTimeouts_shouldBeCutByTheInvocationDeadline() {
    // given: GetFunction answers after 6 s, beyond the default 5 s attempt timeout's retries, with
    // 3.5 s left
    stubWorld(World.VARIABLES_ON_DEFAULT_KEY, Optional.of(Api.GET_FUNCTION));
    wireMock.stubFor(
        Api.GET_FUNCTION
            .request()
            .willReturn(AwsStubs.getFunction(null).withFixedDelay(6_000))
            .withMetadata(Metadata.metadata().attr("fault", FaultKind.SLOW.name()).build()));
    TestContext context = new TestContext("encryption").remainingTime(Duration.ofMillis(3_500));
    EncryptionHandler handler =
        container(Map.of("AWS_ATTEMPT_TIMEOUT_MILLIS", "5000", "AWS_CALL_TIMEOUT_MILLIS", "12000"));
    // when
    assertThrows(RemediationFailedException.class, () -> invoke(handler, context));
    // then
    List<Served> journal = journal();
    countFaults(journal);
    assertTrue(context.getRemainingTimeInMillis() > 0, "ended before the invocation's deadline");
    assertEquals(
        List.of(Api.GET_FUNCTION),
        journal.stream().map(Served::api).distinct().toList(),
        "nothing after the failed read");
  }

  @Test
  void stubbedWorlds_withoutFaults_shouldEndInTheirNormalOutcomes() {
    for (World world : World.values()) {
      // given
      wireMock.resetAll();
      stubWorld(world, Optional.empty());
      // when
      JsonNode result = invoke(container(Map.of()), new TestContext("encryption"));
      // then
      assertEquals(
          world.normalCodes(),
          List.of(
              Container.code(result, EnvVarsUseCustomerManagedKey.ID),
              Container.code(result, LogGroupUsesCustomerManagedKey.ID)),
          world + ": " + result);
    }
  }

  @Test
  void unmatchedRequest_shouldNotBeServedByAFallback() {
    // given: the stub answers 404 to anything unstubbed, which no case may rely on
    wireMock.stubFor(
        Api.GET_FUNCTION
            .request()
            .willReturn(
                aResponse()
                    .withStatus(404)
                    .withHeader("x-amzn-ErrorType", "ResourceNotFoundException")
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"Type\":\"User\",\"message\":\"Function not found: "
                            + AwsStubs.FUNCTION_ARN
                            + "\"}")));
    // when
    JsonNode result = invoke(container(Map.of()), new TestContext("encryption"));
    // then
    assertEquals(List.of("function-gone"), Container.codes(result));
  }
}
