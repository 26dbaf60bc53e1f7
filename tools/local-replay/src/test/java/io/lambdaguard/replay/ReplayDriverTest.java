package io.lambdaguard.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The replay as a program drives it (the benchmark does): functions invoked by name, packages
 * deployed next to the template's functions, cold starts on demand. Against an endpoint that is
 * never called, like the command-line test.
 */
class ReplayDriverTest {

  private static final String EVENT =
      "{\"source\":\"fixture\",\"behaviour\":\"respond\",\"detail\":{\"eventName\":\"Respond\"}}";

  @TempDir static Path directory;

  private static ReplayOptions options;
  private static Path fixture;

  @BeforeAll
  static void writeTemplate() throws Exception {
    fixture = FixturePackage.build(directory);
    Path template = directory.resolve("template.yaml");
    Files.writeString(
        template,
        """
                Transform: AWS::Serverless-2016-10-31
                Globals:
                  Function:
                    Runtime: java25
                    MemorySize: 256
                    Timeout: 10
                Resources:
                  Routed:
                    Type: AWS::Serverless::Function
                    Properties:
                      CodeUri: fixture.zip
                      Handler: %s
                      Events:
                        Fixture:
                          Type: EventBridgeRule
                          Properties:
                            Pattern: {source: [fixture]}
                  Unrouted:
                    Type: AWS::Serverless::Function
                    Properties:
                      CodeUri: fixture.zip
                      Handler: %s
                """
            .formatted(FixturePackage.HANDLER, FixturePackage.HANDLER));
    options =
        ReplayOptions.builder(FixturePackage.ROOT)
            .template(template)
            .java(FixturePackage.JAVA)
            .endpoint(URI.create("http://127.0.0.1:9"))
            .build();
  }

  @Test
  void functions_areTheTemplatesInOrder_withTheirRouteAndJvmOptions() {
    try (ReplayDriver driver = ReplayDriver.open(options)) {
      List<ReplayFunction> functions = driver.functions();

      assertEquals(
          List.of("Routed", "Unrouted"),
          functions.stream().map(ReplayFunction::logicalId).toList());
      assertTrue(functions.get(0).eventBridgeRouted());
      assertEquals(Set.of("EventBridgeRule"), functions.get(0).eventTypes());
      assertFalse(functions.get(1).eventBridgeRouted());
      assertEquals(Set.of(), functions.get(1).eventTypes());
      assertTrue(
          functions.get(0).jvmOptions().containsAll(List.of("-Xmx217m", "-XX:MaxRAM=256m")),
          functions.get(0).jvmOptions().toString());
      assertNull(functions.get(0).javaToolOptions());
      assertEquals(URI.create("http://127.0.0.1:9"), driver.endpoint());
    }
  }

  @Test
  void deployedPackage_isInvokedByName_warmUntilItsEnvironmentEnds() throws Exception {
    AtomicInteger seeded = new AtomicInteger();
    try (ReplayDriver driver = ReplayDriver.open(options)) {
      ReplayFunction deployed = driver.deploy("Extra", fixture, FixturePackage.HANDLER);

      ReplayRow cold = driver.invoke("Extra", "first", EVENT, seeded::incrementAndGet);
      ReplayRow warm = driver.invoke("Extra", "second", EVENT, seeded::incrementAndGet);
      driver.endEnvironment("Extra");
      ReplayRow coldAgain = driver.invoke("Extra", "third", EVENT, seeded::incrementAndGet);

      assertFalse(deployed.eventBridgeRouted());
      assertEquals(256, deployed.memorySizeMb());
      assertEquals(InvocationStatus.RESPONDED, cold.status(), cold.error());
      assertEquals("compliant", cold.outcome());
      assertNotNull(cold.initDurationMs());
      assertNull(warm.initDurationMs());
      assertNotNull(coldAgain.initDurationMs());
      assertEquals("Respond", warm.eventName());
      assertEquals(3, seeded.get());
    }
  }

  @Test
  void copy_runsTheOriginalsHandlerWithMoreEnvironment_unrouted() throws Exception {
    try (ReplayDriver driver = ReplayDriver.open(options)) {
      ReplayFunction copy =
          driver.deployCopy("RoutedWithFlag", "Routed", null, Map.of("EXTRA_SETTING", "on"));

      ReplayRow row =
          driver.invoke(
              "RoutedWithFlag",
              "copy",
              "{\"source\":\"fixture\",\"behaviour\":\"environment\"}",
              () -> {});

      assertFalse(copy.eventBridgeRouted());
      assertEquals(fixture, copy.packageZip());
      assertTrue(row.response().contains("\"EXTRA_SETTING\":\"on\""), row.response());
    }
  }

  @Test
  void unknownFunctionOrTakenName_isRefused() {
    try (ReplayDriver driver = ReplayDriver.open(options)) {
      assertThrows(UsageException.class, () -> driver.invoke("Nope", "x", EVENT, () -> {}));
      assertThrows(
          UsageException.class, () -> driver.deploy("Routed", fixture, FixturePackage.HANDLER));
      assertThrows(UsageException.class, () -> driver.deployCopy("Copy", "Nope", null, Map.of()));
    }
  }
}
