package io.lambdaguard.encryption;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lambdaguard.testkit.MotoServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.snakeyaml.engine.v2.api.ConstructNode;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import software.amazon.event.ruler.Machine;

/**
 * EventBridge's routing of an event to the encryption function: the pattern of the function's rule in
 * {@code template.yaml}, matched by event-ruler, the engine behind EventBridge.
 */
final class Routing {
  private static final String RULE = "EncryptionFunction.FunctionCreatedOrReconfigured";
  // CloudFormation short forms in the template; only the pseudo parameters' values matter for the pattern.
  private static final String[] SHORT_FORMS = {
    "Ref", "GetAtt", "Sub", "Join", "Select", "Split", "If", "Equals", "Not", "And", "Or", "FindInMap", "Base64",
    "Cidr", "ImportValue", "GetAZs", "Condition", "Transform"
  };

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
    Path template = Path.of(System.getProperty("lambdaguard.root", "../.."), "template.yaml");
    return new Routing(patternOf(template));
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
  private static String patternOf(Path template) {
    ConstructNode shortForm = Routing::describe;
    var settings = org.snakeyaml.engine.v2.api.LoadSettingsBuilder.class.cast(LoadSettings.builder());
    Map<Tag, ConstructNode> constructors = new java.util.HashMap<>();
    for (String name : SHORT_FORMS) {
      constructors.put(new Tag("!" + name), shortForm);
    }
    settings.setTagConstructors(constructors);
    try {
      Map<String, Object> root = (Map<String, Object>) new Load(settings.build()).loadFromString(Files.readString(template));
      Map<String, Object> function = (Map<String, Object>) ((Map<String, Object>) root.get("Resources")).get("EncryptionFunction");
      Map<String, Object> events = (Map<String, Object>) ((Map<String, Object>) function.get("Properties")).get("Events");
      Map<String, Object> rule = (Map<String, Object>) events.get("FunctionCreatedOrReconfigured");
      Object pattern = ((Map<String, Object>) rule.get("Properties")).get("Pattern");
      return new ObjectMapper().writeValueAsString(pattern);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + template, e);
    }
  }

  private static Object describe(Node node) {
    if (node instanceof ScalarNode scalar && node.getTag().getValue().equals("!Ref")) {
      // The pseudo parameters the patterns use, as in a stack deployed where the emulator answers.
      switch (scalar.getValue()) {
        case "AWS::AccountId" -> {
          return MotoServer.ACCOUNT;
        }
        case "AWS::Region" -> {
          return MotoServer.REGION;
        }
        default -> {}
      }
    }
    return node instanceof ScalarNode scalar ? node.getTag().getValue() + " " + scalar.getValue() : node.getTag().getValue();
  }
}
