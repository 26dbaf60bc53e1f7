package io.lambdaguard.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ScenarioTest {
  private static final Path ROOT = Path.of(System.getProperty("lambdaguard.root"));
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Test
  void recordedEvent_namesItsFunction() {
    Scenario scenario =
        Scenario.load(
            "compliant",
            ROOT,
            Path.of("events/lambda/update_function_configuration_memory_compliant.json"));

    assertEquals("search-indexer", scenario.functionName());
  }

  @Test
  void sqsEvent_getsNewMessageIds() throws Exception {
    // given
    Scenario scenario =
        Scenario.loadQueueEvent(
            "dead letter", ROOT, Path.of("events/sqs/dead_letter_from_lambda_destination.json"));

    // when
    JsonNode first = MAPPER.readTree(scenario.freshEvent());
    JsonNode second = MAPPER.readTree(scenario.freshEvent());

    // then
    assertEquals(null, scenario.functionName());
    assertNotEquals(first.at("/Records/0/messageId"), second.at("/Records/0/messageId"));
    assertEquals(first.at("/Records/0/body"), second.at("/Records/0/body"));
  }

  @Test
  void freshEvents_differOnlyInTheirIds() throws Exception {
    // given
    Scenario scenario =
        Scenario.load(
            "non-compliant", ROOT, Path.of("events/lambda/create_function_without_key.json"));

    // when
    JsonNode first = MAPPER.readTree(scenario.freshEvent());
    JsonNode second = MAPPER.readTree(scenario.freshEvent());

    // then: a function never takes the second for a repeat of the first
    assertNotEquals(first.get("id"), second.get("id"));
    assertNotEquals(first.at("/detail/eventID"), second.at("/detail/eventID"));
    ((ObjectNode) second).set("id", first.get("id"));
    ((ObjectNode) second.get("detail")).set("eventID", first.at("/detail/eventID"));
    assertEquals(first, second);
  }
}
