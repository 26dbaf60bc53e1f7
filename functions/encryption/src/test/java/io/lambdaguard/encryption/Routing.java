package io.lambdaguard.encryption;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lambdaguard.testkit.CloudFormationYaml;
import io.lambdaguard.testkit.MotoServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.event.ruler.Machine;

/**
 * EventBridge's routing of an event to the encryption function: the pattern of the function's rule in
 * {@code template.yaml}, matched by event-ruler, the engine behind EventBridge.
 */
final class Routing {
  private static final String RULE = "EncryptionFunction.FunctionCreatedOrReconfigured";
  /** Reads the first JSON value and ignores what follows, as event-ruler does. */
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Machine machine = new Machine();
  private final String pattern;

  private Routing(String pattern) {
    this.pattern = pattern;
    try {
      machine.addRule(RULE, pattern);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The encryption function's EventBridge pattern, read from the template at the repository root. */
  static Routing fromTemplate() {
    return new Routing(patternOf(CloudFormationYaml.ofProject()));
  }

  /** The pattern as JSON. */
  String pattern() {
    return pattern;
  }

  /**
   * Whether EventBridge would deliver this event to the function. Input that is no JSON object never is (EventBridge
   * takes only JSON objects), decided by a JSON parser, not by the matcher failing: for an object, the matcher answers,
   * and if it cannot, the test fails rather than counting the event as not routed.
   */
  boolean routes(String event) {
    if (!isJsonObject(event)) {
      return false;
    }
    try {
      return !machine.rulesForJSONEvent(event).isEmpty();
    } catch (Exception e) {
      throw new AssertionError("event-ruler could not match a JSON object", e);
    }
  }

  /** Whether the text starts with one JSON object (duplicate keys allowed, the last wins). */
  static boolean isJsonObject(String text) {
    try {
      JsonNode node = JSON.readTree(text);
      return node != null && node.isObject();
    } catch (JsonProcessingException notJson) {
      return false;
    }
  }

  @SuppressWarnings("unchecked")
  private static String patternOf(Map<String, Object> template) {
    Map<String, Object> function = (Map<String, Object>) ((Map<String, Object>) template.get("Resources")).get("EncryptionFunction");
    Map<String, Object> events = (Map<String, Object>) ((Map<String, Object>) function.get("Properties")).get("Events");
    Map<String, Object> rule = (Map<String, Object>) events.get("FunctionCreatedOrReconfigured");
    Object pattern = withPseudoParameters(((Map<String, Object>) rule.get("Properties")).get("Pattern"));
    try {
      return new ObjectMapper().writeValueAsString(pattern);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The pseudo parameters the pattern uses, with their values in a stack deployed where the emulator answers. */
  private static Object withPseudoParameters(Object node) {
    return switch (node) {
      case Map<?, ?> map when map.equals(Map.of("Ref", "AWS::AccountId")) -> MotoServer.ACCOUNT;
      case Map<?, ?> map when map.equals(Map.of("Ref", "AWS::Region")) -> MotoServer.REGION;
      case Map<?, ?> map -> {
        Map<Object, Object> resolved = new LinkedHashMap<>();
        map.forEach((key, value) -> resolved.put(key, withPseudoParameters(value)));
        yield resolved;
      }
      case List<?> list -> list.stream().map(Routing::withPseudoParameters).toList();
      default -> node;
    };
  }
}
