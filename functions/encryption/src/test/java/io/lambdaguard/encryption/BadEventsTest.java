package io.lambdaguard.encryption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lambdaguard.testkit.ApiCall;
import io.lambdaguard.testkit.MotoServer;
import io.lambdaguard.testkit.TestContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * The bad-input corpus ({@code shared/src/test/resources/bad-events/}, manifest {@code
 * expected.tsv}) through the real handler against the patched moto, where {@code orders-api} exists
 * and is compliant: each event gets its defined outcome code, one EMF metric line per outcome with
 * that code, no exception (none of it can ever succeed, so none is retried) and no AWS write. The
 * routing column is checked with event-ruler and the template's pattern.
 */
class BadEventsTest {
  /** Codes that are decided from the event alone: no AWS call at all. */
  private static final Set<String> WITHOUT_CALLS =
      Set.of(
          "failed-call",
          "self-caused",
          "no-rule",
          "no-target",
          "other-account",
          "other-region",
          "own-function");

  private static final Map<String, String> OUTCOMES = new ConcurrentHashMap<>();

  private static MotoServer moto;
  private static String keyArn;
  private static Routing routing;

  /** One row of {@code expected.tsv}. */
  record Expected(String file, String code, String status, boolean routed, String note) {
    @Override
    public String toString() {
      return file;
    }
  }

  @BeforeAll
  static void seedACompliantFunction() {
    moto = MotoServer.start();
    Emulator aws = new Emulator(moto);
    keyArn = aws.createKey();
    aws.createFunction("orders-api", Map.of("STAGE", "prod"), keyArn);
    aws.createEncryptedLogGroup("orders-api", keyArn);
    routing = Routing.fromTemplate();
  }

  @AfterAll
  static void stopEmulatorAndPrintSummary() {
    moto.close();
    Map<String, Long> byCode =
        new TreeMap<>(
            OUTCOMES.values().stream()
                .collect(Collectors.groupingBy(c -> c, Collectors.counting())));
    StringBuilder summary = new StringBuilder("Bad events tried: " + OUTCOMES.size() + "\n");
    byCode.forEach((code, count) -> summary.append(String.format("  %-32s %3d%n", code, count)));
    System.out.print(summary);
  }

  @BeforeEach
  void forgetCalls() {
    moto.resetCalls();
  }

  static Path folder() {
    try {
      return Path.of(BadEventsTest.class.getResource("/bad-events").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<Expected> corpus() {
    try (Stream<String> lines =
        Files.lines(folder().resolve("expected.tsv"), StandardCharsets.UTF_8)) {
      return lines
          .filter(l -> !l.isBlank() && !l.startsWith("#"))
          .map(l -> l.split("\t", -1))
          .map(
              f ->
                  new Expected(
                      f[0],
                      f[1],
                      f[2],
                      switch (f[3]) {
                        case "yes" -> true;
                        case "no" -> false;
                        default ->
                            throw new IllegalArgumentException("routed must be yes or no: " + f[0]);
                      },
                      f[4]))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] bytes(Expected event) {
    try {
      return Files.readAllBytes(folder().resolve(event.file()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void manifest_shouldListEveryFileOfTheCorpusOnceAndAtLeastFortyFive() throws IOException {
    // given
    Set<String> files;
    try (Stream<Path> listing = Files.list(folder())) {
      files =
          listing
              .map(p -> p.getFileName().toString())
              .filter(n -> !n.equals("expected.tsv"))
              .collect(Collectors.toSet());
    }
    // when
    List<String> listed = corpus().stream().map(Expected::file).toList();
    // then
    assertEquals(files, Set.copyOf(listed));
    assertEquals(listed.size(), Set.copyOf(listed).size(), "a file listed twice");
    assertTrue(listed.size() >= 45, "corpus size " + listed.size());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void badEvent_shouldGetItsDefinedOutcomeAMetricAndNoWrite(Expected event) {
    // given: a fresh container
    Container container = Container.start(Container.env(moto.endpoint(), keyArn));
    // when: nothing is thrown, so Lambda neither retries nor dead-letters input that can never
    // succeed
    JsonNode result = container.invoke(bytes(event), new TestContext("encryption"));
    // then
    List<JsonNode> outcomes = result.field("outcomes").orElseThrow().asArray();
    assertTrue(!outcomes.isEmpty(), "no outcome");
    for (JsonNode outcome : outcomes) {
      assertEquals(
          event.code(),
          outcome.field("code").orElseThrow().asString(),
          () -> event.note() + ": " + result);
      assertEquals(
          event.status(),
          outcome.field("outcome").orElseThrow().asString(),
          () -> event.note() + ": " + result);
    }
    List<JsonNode> metrics = container.metrics();
    assertEquals(outcomes.size(), metrics.size(), "one EMF line per outcome");
    for (JsonNode metric : metrics) {
      assertEquals(event.code(), metric.field("reasonCode").orElseThrow().asString());
      assertEquals(event.status(), metric.field("outcome").orElseThrow().asString());
      assertEquals(1, metric.field("Outcomes").orElseThrow().asNumber().equals("1") ? 1 : 0);
    }
    List<ApiCall> calls = moto.calls();
    assertEquals(List.of(), calls.stream().filter(MotoServer::isWrite).toList(), "AWS writes");
    if (event.code().startsWith("invalid-event") || WITHOUT_CALLS.contains(event.code())) {
      assertEquals(List.of(), calls, "decided from the event alone");
    }
    OUTCOMES.put(event.file(), event.code());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void badEvent_shouldBeRoutedByTheTemplatePatternAsTheManifestSays(Expected event) {
    // given
    String text = new String(bytes(event), StandardCharsets.UTF_8);
    // when
    boolean routed = routing.routes(text);
    // then
    assertEquals(event.routed(), routed, event.note());
  }
}
