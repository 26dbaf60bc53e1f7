package io.lambdaguard.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the fixture handlers through the real runtime interface client, in JVMs of their own. */
class ExecutionEnvironmentTest {

  @TempDir static Path directory;

  private static FunctionPackage unpacked;
  private static Path zip;
  private ExecutionEnvironment environment;
  private FunctionLog log;

  @BeforeAll
  static void unpack() throws Exception {
    zip = FixturePackage.build(directory);
    unpacked = FunctionPackage.unpack(zip, "fixture");
  }

  @AfterAll
  static void removePackage() throws Exception {
    unpacked.close();
  }

  @AfterEach
  void stop() throws Exception {
    if (environment != null) {
      environment.close();
    }
    log.close();
  }

  private Map<String, String> start(String handler, int timeoutSeconds) throws Exception {
    FunctionDefinition function = FixturePackage.function(zip, handler, timeoutSeconds);
    Map<String, String> variables =
        LambdaEnvironment.of(
            function,
            AwsTarget.emulator("us-east-1"),
            EmulatorCredentials.functionEnvironment(URI.create("http://127.0.0.1:9")),
            unpacked.taskRoot(),
            FixturePackage.ROOT.resolve(JavaRuntime.RUNTIME_JARS),
            false);
    log = FunctionLog.create(directory.resolve(handler.hashCode() + ".log"), "Fixture", null);
    environment =
        ExecutionEnvironment.start(
            function,
            "arn:aws:lambda:us-east-1:123456789012:function:fixture",
            FixturePackage.runtime(),
            unpacked.taskRoot(),
            variables,
            log);
    return variables;
  }

  @Test
  void coldThenWarm_measuresInitOnlyOnce_andLogsLikeLambda() throws Exception {
    start(FixturePackage.HANDLER, 10);

    InvocationResult cold = environment.invoke("{\"behaviour\":\"respond\"}");
    InvocationResult warm = environment.invoke("{\"behaviour\":\"respond\"}");

    assertEquals(InvocationStatus.RESPONDED, cold.status(), cold.error());
    assertTrue(cold.initDurationMs() > 0);
    assertTrue(cold.durationMs() > 0);
    assertTrue(cold.peakRssMb() > 0);
    // A JVM's init takes far more than the kernel's 10 ms accounting tick.
    assertTrue(cold.initCpuMs() > 0, String.valueOf(cold.initCpuMs()));
    assertTrue(cold.cpuMs() >= 0, String.valueOf(cold.cpuMs()));
    assertEquals(2, ReplaySession.outcomes(cold.response()).size());
    assertEquals(InvocationStatus.RESPONDED, warm.status(), warm.error());
    assertNull(warm.initDurationMs());
    assertNull(warm.initCpuMs());
    assertTrue(warm.cpuMs() >= 0, String.valueOf(warm.cpuMs()));
    assertTrue(environment.isAlive());
    environment.close();
    String text = Files.readString(log.file());
    assertTrue(text.contains("fixture: respond"), text);
    assertTrue(text.contains("\tInit Duration: "), text);
    assertEquals(
        2, text.lines().filter(line -> line.startsWith("REPORT RequestId: ")).count(), text);
  }

  @Test
  void function_seesExactlyTheTemplatesAndLambdasVariables() throws Exception {
    Map<String, String> given = start(FixturePackage.HANDLER, 10);

    InvocationResult result = environment.invoke("{\"behaviour\":\"environment\"}");

    JsonNode seen = Json.MAPPER.readTree(result.response()).get("environment");
    Set<String> names = new HashSet<>();
    seen.fieldNames().forEachRemaining(names::add);
    Set<String> expected = new HashSet<>(given.keySet());
    expected.add("AWS_LAMBDA_RUNTIME_API");
    assertEquals(expected, names);
    assertEquals("from-template", seen.get("FIXTURE_SETTING").asText());
    assertEquals(FixturePackage.HANDLER, seen.get("_HANDLER").asText());
    assertEquals("JSON", seen.get("AWS_LAMBDA_LOG_FORMAT").asText());
    assertEquals("http://127.0.0.1:9", seen.get("AWS_ENDPOINT_URL").asText());
    assertTrue(seen.get("AWS_LAMBDA_RUNTIME_API").asText().startsWith("127.0.0.1:"));
  }

  @Test
  void handlerException_isAFunctionError_andTheJvmStaysWarm() throws Exception {
    start(FixturePackage.HANDLER, 10);

    InvocationResult failed = environment.invoke("{\"behaviour\":\"throw\"}");
    InvocationResult next = environment.invoke("{\"behaviour\":\"respond\"}");

    assertEquals(InvocationStatus.FUNCTION_ERROR, failed.status());
    assertTrue(failed.error().contains("IllegalStateException: fixture failure"), failed.error());
    assertEquals(InvocationStatus.RESPONDED, next.status());
    assertNull(next.initDurationMs());
  }

  @Test
  void invocationLongerThanTimeout_isKilled() throws Exception {
    start(FixturePackage.HANDLER, 1);

    InvocationResult result = environment.invoke("{\"behaviour\":\"hang\"}");

    assertEquals(InvocationStatus.TIMEOUT, result.status());
    assertEquals("Task timed out after 1.00 seconds", result.error());
    assertFalse(environment.isAlive());
  }

  @Test
  void jvmExitingMidInvocation_isACrash() throws Exception {
    start(FixturePackage.HANDLER, 10);

    InvocationResult result = environment.invoke("{\"behaviour\":\"exit\"}");

    assertEquals(InvocationStatus.CRASHED, result.status());
    assertEquals("JVM exited with code 3", result.error());
    assertFalse(environment.isAlive());
  }

  @Test
  void constructorFailure_isAnInitError() throws Exception {
    start(FixturePackage.FAILING_INIT_HANDLER, 10);

    InvocationResult result = environment.invoke("{}");

    assertEquals(InvocationStatus.INIT_ERROR, result.status());
    assertNotNull(result.error());
    assertTrue(result.error().contains("fixture init failure"), result.error());
    assertFalse(environment.isAlive());
  }
}
