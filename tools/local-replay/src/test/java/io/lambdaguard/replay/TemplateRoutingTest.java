package io.lambdaguard.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.event.ruler.Machine;

/**
 * The EventBridge patterns of the real {@code template.yaml}, run by event-ruler: every recorded
 * event reaches exactly the functions it should, and the bad-event corpus reaches none it should
 * not.
 */
class TemplateRoutingTest {
  private static final String ENCRYPTION = "EncryptionFunction";
  private static final String STRIP = "StripPersonalDataFunction";

  /** Where each recorded event must go; a new file must be added here. */
  private static final Map<String, Set<String>> EXPECTED =
      Map.ofEntries(
          Map.entry("lambda/create_function_failed.json", Set.of(ENCRYPTION, STRIP)),
          Map.entry(
              "lambda/create_function_with_credentials_in_url.json", Set.of(ENCRYPTION, STRIP)),
          Map.entry("lambda/create_function_with_customer_key.json", Set.of(ENCRYPTION, STRIP)),
          Map.entry(
              "lambda/create_function_with_personal_data_in_name.json", Set.of(ENCRYPTION, STRIP)),
          Map.entry(
              "lambda/create_function_with_personal_data_in_tags.json", Set.of(ENCRYPTION, STRIP)),
          Map.entry("lambda/create_function_with_active_tracing.json", Set.of(ENCRYPTION, STRIP)),
          Map.entry("lambda/create_function_without_environment.json", Set.of(ENCRYPTION, STRIP)),
          Map.entry("lambda/create_function_without_key.json", Set.of(ENCRYPTION, STRIP)),
          Map.entry(
              "lambda/publish_version_description_with_personal_data.json",
              Set.of(ENCRYPTION, STRIP)),
          Map.entry("lambda/publish_version_on_aws_managed_key.json", Set.of(ENCRYPTION, STRIP)),
          Map.entry("lambda/tag_resource_with_personal_data.json", Set.of(STRIP)),
          Map.entry(
              "lambda/update_function_configuration_by_lambdaguard.json",
              Set.of(ENCRYPTION, STRIP)),
          Map.entry(
              "lambda/update_function_configuration_custom_log_group.json",
              Set.of(ENCRYPTION, STRIP)),
          Map.entry(
              "lambda/update_function_configuration_description_with_personal_data.json",
              Set.of(ENCRYPTION, STRIP)),
          Map.entry(
              "lambda/update_function_configuration_memory_compliant.json",
              Set.of(ENCRYPTION, STRIP)),
          Map.entry(
              "lambda/update_function_configuration_removed_key.json", Set.of(ENCRYPTION, STRIP)),
          Map.entry(
              "lambda/update_function_configuration_with_api_token.json",
              Set.of(ENCRYPTION, STRIP)),
          Map.entry("xray/put_encryption_config.json", Set.of(ENCRYPTION)),
          Map.entry("xray/put_encryption_config_default_key.json", Set.of(ENCRYPTION)),
          Map.entry("sqs/dead_letter_from_eventbridge_rule.json", Set.of()),
          Map.entry("sqs/dead_letter_from_lambda_destination.json", Set.of()),
          Map.entry("sqs/ticket_report_from_encryption.json", Set.of()));

  private static final Path ROOT = FixturePackage.ROOT;
  private static final List<FunctionDefinition> FUNCTIONS =
      SamTemplate.load(ROOT.resolve("template.yaml"))
          .functions(Map.of(), AwsTarget.emulator("us-east-1"));
  private static final EventRouter ROUTER = new EventRouter(FUNCTIONS);

  /** Unlike the tool's mapper, ignores what follows the first value, as event-ruler does. */
  private static final ObjectMapper LENIENT = new ObjectMapper();

  /**
   * The same patterns fed the raw bytes, as EventBridge sees them (duplicate keys, trailing
   * documents).
   */
  private static Set<String> rawRoutes(String text) throws Exception {
    Machine machine = new Machine();
    for (FunctionDefinition function : FUNCTIONS) {
      for (String pattern : function.eventPatterns()) {
        machine.addRule(function.logicalId(), pattern);
      }
    }
    return new TreeSet<>(machine.rulesForJSONEvent(text));
  }

  /**
   * Whether the text starts with a JSON object, read as event-ruler reads it: the first value, the
   * last of duplicate keys.
   */
  private static boolean startsWithJsonObject(String text) {
    try {
      JsonNode value = LENIENT.readTree(text);
      return value != null && value.isObject();
    } catch (IOException notJson) {
      return false;
    }
  }

  private static Set<String> routes(String json) {
    JsonNode event;
    try {
      event = Json.MAPPER.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("not JSON", e);
    }
    if (event == null || !event.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    return ROUTER.route(event).stream()
        .map(FunctionDefinition::logicalId)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  static Stream<Path> recordedEvents() throws IOException {
    try (Stream<Path> files = Files.walk(ROOT.resolve("events"))) {
      return files.filter(f -> f.toString().endsWith(".json")).sorted().toList().stream();
    }
  }

  @Test
  void everyRecordedEvent_shouldHaveAnExpectedRoute() throws IOException {
    Set<String> files =
        recordedEvents()
            .map(f -> ROOT.resolve("events").relativize(f).toString())
            .collect(Collectors.toSet());
    assertEquals(EXPECTED.keySet(), files);
  }

  @Test
  void everyPattern_shouldNameTheReplaysAccountAndRegion() {
    for (FunctionDefinition function : FUNCTIONS) {
      for (String pattern : function.eventPatterns()) {
        if (pattern.contains("aws.lambda") || pattern.contains("aws.xray")) {
          assertTrue(
              pattern.contains("\"account\":[\"123456789012\"]"),
              function.logicalId() + ": " + pattern);
          assertTrue(
              pattern.contains("\"region\":[\"us-east-1\"]"),
              function.logicalId() + ": " + pattern);
        }
      }
    }
  }

  @Test
  void xrayEncryptionOff_shouldRouteXRaysChangesNowhere() throws IOException {
    // The rule exists with State DISABLED (SAM events take no Condition): a disabled rule matches
    // nothing.
    EventRouter off =
        new EventRouter(
            SamTemplate.load(ROOT.resolve("template.yaml"))
                .functions(Map.of("XRayEncryption", "off"), AwsTarget.emulator("us-east-1")));
    for (String file :
        List.of("xray/put_encryption_config.json", "xray/put_encryption_config_default_key.json")) {
      assertEquals(
          List.of(),
          off.route(Json.MAPPER.readTree(Files.readString(ROOT.resolve("events").resolve(file)))),
          file);
    }
    assertEquals(
        Set.of(ENCRYPTION, STRIP),
        new TreeSet<>(
            off
                .route(
                    Json.MAPPER.readTree(
                        Files.readString(
                            ROOT.resolve(
                                "events/lambda/create_function_with_active_tracing.json"))))
                .stream()
                .map(FunctionDefinition::logicalId)
                .toList()),
        "Lambda's events still reach the function");
  }

  @ParameterizedTest
  @MethodSource("recordedEvents")
  void recordedEventFromAnotherAccountOrRegion_shouldReachNoFunction(Path file) throws IOException {
    String event = Files.readString(file);
    assertEquals(Set.of(), routes(event.replace("123456789012", "210987654321")), file.toString());
    assertEquals(
        Set.of(), routes(event.replace("\"us-east-1\"", "\"eu-west-1\"")), file.toString());
  }

  @ParameterizedTest
  @MethodSource("recordedEvents")
  void recordedEvent_shouldReachExactlyItsFunctions(Path file) throws IOException {
    String relative = ROOT.resolve("events").relativize(file).toString();
    assertEquals(
        new TreeSet<>(EXPECTED.getOrDefault(relative, Set.of())),
        routes(Files.readString(file)),
        relative);
  }

  static Stream<Arguments> badEvents() throws IOException {
    Path corpus = ROOT.resolve("shared/src/test/resources/bad-events");
    return Files.readAllLines(corpus.resolve("expected.tsv")).stream()
        .filter(line -> !line.isBlank() && !line.startsWith("#"))
        .map(line -> line.split("\t"))
        .map(
            columns ->
                Arguments.of(columns[0], corpus.resolve(columns[0]), "yes".equals(columns[3])));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badEvents")
  void badEvent_shouldReachNoFunctionItShouldNot(String name, Path file, boolean routedToEncryption)
      throws Exception {
    String text = new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.UTF_8);
    if (!startsWithJsonObject(text)) {
      // EventBridge only routes JSON objects: input that is none reaches no function. A parser
      // decides this, never
      // the matcher failing: for an object, rawRoutes answers or the test fails.
      assertFalse(routedToEncryption, name + " is declared routed but is no JSON object");
      return;
    }
    Set<String> routes = rawRoutes(text);
    assertEquals(routedToEncryption, routes.contains(ENCRYPTION), name);
    // The personal-data function takes what the encryption function takes, plus TagResource calls.
    boolean tagCall = text.contains("\"TagResource");
    if (!routedToEncryption && !tagCall) {
      assertFalse(routes.contains(STRIP), name);
    }
    assertTrue(Set.of(ENCRYPTION, STRIP).containsAll(routes), name + " reached " + routes);
  }
}
