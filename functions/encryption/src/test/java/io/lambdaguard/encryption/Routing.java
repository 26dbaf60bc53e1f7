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
 * EventBridge's routing of an event to the encryption function: the patterns of the function's
 * rules in {@code template.yaml} (Lambda's calls, and X-Ray's PutEncryptionConfig), matched by
 * event-ruler, the engine behind EventBridge.
 */
final class Routing {
  private static final String RULE = "EncryptionFunction.FunctionCreatedOrReconfigured";
  private static final String XRAY_RULE = "EncryptionFunction.XRayEncryptionChanged";

  /** Reads the first JSON value and ignores what follows, as event-ruler does. */
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Machine machine = new Machine();
  private final String pattern;

  private final String xrayPattern;

  private Routing(String pattern, String xrayPattern) {
    this.pattern = pattern;
    this.xrayPattern = xrayPattern;
    try {
      machine.addRule(RULE, pattern);
      machine.addRule(XRAY_RULE, xrayPattern);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The encryption function's EventBridge patterns, read from the template at the repository root.
   */
  static Routing fromTemplate() {
    Map<String, Object> template = CloudFormationYaml.ofProject();
    return new Routing(
        patternOf(template, "FunctionCreatedOrReconfigured"),
        patternOf(template, "XRayEncryptionChanged"));
  }

  /** The pattern of Lambda's calls as JSON. */
  String pattern() {
    return pattern;
  }

  /** The pattern of X-Ray's PutEncryptionConfig as JSON. */
  String xrayPattern() {
    return xrayPattern;
  }

  /**
   * Whether EventBridge would deliver this event to the function. Input that is no JSON object
   * never is (EventBridge takes only JSON objects), decided by a JSON parser, not by the matcher
   * failing: for an object, the matcher answers, and if it cannot, the test fails rather than
   * counting the event as not routed.
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
  private static String patternOf(Map<String, Object> template, String event) {
    Map<String, Object> function =
        (Map<String, Object>)
            ((Map<String, Object>) template.get("Resources")).get("EncryptionFunction");
    Map<String, Object> events =
        (Map<String, Object>) ((Map<String, Object>) function.get("Properties")).get("Events");
    Map<String, Object> rule = (Map<String, Object>) events.get(event);
    Object pattern =
        withPseudoParameters(((Map<String, Object>) rule.get("Properties")).get("Pattern"));
    try {
      return new ObjectMapper().writeValueAsString(pattern);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The pseudo parameters the pattern uses, with their values in a stack deployed where the
   * emulator answers.
   */
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
