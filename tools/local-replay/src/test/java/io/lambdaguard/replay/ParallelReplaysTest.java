package io.lambdaguard.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several replays at once, as users start them (two terminals, the tests next to ./replay): every
 * function JVM loads a private copy of the runtime interface client's native library, never the one
 * file /tmp/.libaws-lambda-jni.so that the client would otherwise rewrite at each start, under JVMs
 * that have it mapped (SIGBUS).
 */
class ParallelReplaysTest {

  private static final int REPLAYS = 4;
  private static final int EVENTS_PER_REPLAY = 3;
  private static final String SHARED_LIBRARY = "/tmp/.libaws-lambda-jni.so";

  @TempDir Path directory;

  @Test
  void parallelColdReplays_allAnswer_eachJvmWithItsOwnNativeLibrary() throws Exception {
    FixturePackage.build(directory);
    Path events = Files.createDirectories(directory.resolve("events"));
    for (int i = 0; i < EVENTS_PER_REPLAY; i++) {
      Files.writeString(
          events.resolve("jni-" + i + ".json"),
          "{\"source\":\"fixture\",\"behaviour\":\"jni\",\"detail\":{\"eventName\":\"Jni\"}}");
    }
    List<Callable<JsonNode>> replays = new ArrayList<>();
    for (int i = 0; i < REPLAYS; i++) {
      Path template = directory.resolve("template-" + i + ".yaml");
      // One logical id per replay: each writes its own function log.
      Files.writeString(
          template,
          """
                    Transform: AWS::Serverless-2016-10-31
                    Resources:
                      Parallel%dFunction:
                        Type: AWS::Serverless::Function
                        Properties:
                          CodeUri: fixture.zip
                          Handler: %s
                          Runtime: java25
                          MemorySize: 256
                          Timeout: 20
                          Events:
                            Fixture:
                              Type: EventBridgeRule
                              Properties:
                                Pattern: {source: [fixture]}
                    """
              .formatted(i, FixturePackage.HANDLER));
      replays.add(() -> replay(template, events));
    }

    List<JsonNode> reports = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(REPLAYS);
    try {
      for (Future<JsonNode> report : pool.invokeAll(replays)) {
        reports.add(report.get());
      }
    } finally {
      pool.shutdownNow();
    }

    Set<String> libraries = new HashSet<>();
    for (JsonNode report : reports) {
      assertEquals(0, report.get("exitCode").asInt(), report.toString());
      assertEquals(EVENTS_PER_REPLAY, report.get("rows").size(), report.toString());
      for (JsonNode row : report.get("rows")) {
        assertEquals("RESPONDED", row.get("status").asText(), row.toString());
        JsonNode mapped = Json.MAPPER.readTree(row.get("response").asText()).get("jni");
        assertEquals(1, mapped.size(), "one native library per JVM: " + mapped);
        String library = mapped.get(0).asText();
        assertFalse(library.equals(SHARED_LIBRARY), "the client's shared file: " + library);
        assertTrue(
            libraries.add(library),
            "a copy of its own for every JVM (--cold: one per event): " + library);
      }
    }
    assertEquals(REPLAYS * EVENTS_PER_REPLAY, libraries.size());
    for (String library : libraries) {
      assertFalse(Files.exists(Path.of(library)), "removed once its JVM has exited: " + library);
    }
  }

  private JsonNode replay(Path template, Path events) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exitCode =
        LocalReplay.execute(
            List.of(
                "--root",
                FixturePackage.ROOT.toString(),
                "--template",
                template.toString(),
                "--endpoint",
                "http://127.0.0.1:9",
                "--java",
                FixturePackage.JAVA.toString(),
                "--cold",
                "--json",
                events.toString()),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    JsonNode report = Json.MAPPER.readTree(out.toString(StandardCharsets.UTF_8));
    assertEquals(exitCode, report.get("exitCode").asInt(), err.toString(StandardCharsets.UTF_8));
    return report;
  }
}
