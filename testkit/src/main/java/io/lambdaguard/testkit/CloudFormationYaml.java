package io.lambdaguard.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.constructor.StandardConstructor;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Loads CloudFormation YAML, turning short-form intrinsics ({@code !Ref x}) into their long form
 * ({@code {"Ref": x}}): the one reader of {@code template.yaml} for the local replay, the
 * permissions tests and the routing tests.
 */
public final class CloudFormationYaml {

  /** Every CloudFormation short tag and the long-form key it stands for. */
  private static final Map<String, String> SHORT_TAGS =
      Map.ofEntries(
          Map.entry("Ref", "Ref"),
          Map.entry("Condition", "Condition"),
          Map.entry("Base64", "Fn::Base64"),
          Map.entry("Cidr", "Fn::Cidr"),
          Map.entry("FindInMap", "Fn::FindInMap"),
          Map.entry("GetAtt", "Fn::GetAtt"),
          Map.entry("GetAZs", "Fn::GetAZs"),
          Map.entry("ImportValue", "Fn::ImportValue"),
          Map.entry("Join", "Fn::Join"),
          Map.entry("Length", "Fn::Length"),
          Map.entry("Select", "Fn::Select"),
          Map.entry("Split", "Fn::Split"),
          Map.entry("Sub", "Fn::Sub"),
          Map.entry("ToJsonString", "Fn::ToJsonString"),
          Map.entry("Transform", "Fn::Transform"),
          Map.entry("And", "Fn::And"),
          Map.entry("Equals", "Fn::Equals"),
          Map.entry("If", "Fn::If"),
          Map.entry("Not", "Fn::Not"),
          Map.entry("Or", "Fn::Or"));

  private CloudFormationYaml() {}

  /** The template cannot be read; the message says what and where, for the user. */
  public static final class InvalidTemplateException extends RuntimeException {
    InvalidTemplateException(String message) {
      super(message);
    }
  }

  /**
   * The project's {@code template.yaml}, found through the {@code lambdaguard.root} system property
   * the build sets.
   */
  public static Map<String, Object> ofProject() {
    String root = System.getProperty("lambdaguard.root");
    if (root == null) {
      throw new IllegalStateException(
          "system property lambdaguard.root is not set (the parent pom sets it for tests)");
    }
    return load(Path.of(root, "template.yaml"));
  }

  /** Parses a template file into nested maps, lists and scalars. */
  public static Map<String, Object> load(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new InvalidTemplateException("cannot read " + file + ": " + e.getMessage());
    }
    return parse(text, file.toString());
  }

  /** Parses template text; {@code source} names it in error messages. */
  public static Map<String, Object> parse(String text, String source) {
    LoadSettings settings = LoadSettings.builder().setLabel(source).build();
    Object document;
    try {
      document = new Load(settings, new IntrinsicConstructor(settings)).loadFromString(text);
    } catch (YamlEngineException e) {
      throw new InvalidTemplateException(source + " is not valid YAML: " + e.getMessage());
    }
    if (!(document instanceof Map<?, ?> map)) {
      throw new InvalidTemplateException(source + " is not a YAML mapping");
    }
    return stringKeys(map);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> stringKeys(Map<?, ?> map) {
    // YAML allows non-string keys; a template never has them, and reading numbers back as keys
    // would be wrong.
    Map<String, Object> result = new LinkedHashMap<>();
    map.forEach((key, value) -> result.put(String.valueOf(key), value));
    return result;
  }

  private static final class IntrinsicConstructor extends StandardConstructor {
    IntrinsicConstructor(LoadSettings settings) {
      super(settings);
      SHORT_TAGS.forEach(
          (shortName, longName) ->
              tagConstructors.put(
                  new Tag("!" + shortName), node -> longForm(shortName, longName, node)));
    }

    private Map<String, Object> longForm(String shortName, String longName, Node node) {
      Object value =
          switch (node) {
            case ScalarNode scalar when shortName.equals("GetAtt") ->
                splitGetAtt(constructScalar(scalar));
            case ScalarNode scalar -> constructScalar(scalar);
            case SequenceNode sequence -> constructSequence(sequence);
            case MappingNode mapping -> stringKeys(constructMapping(mapping));
            default ->
                throw new InvalidTemplateException("unsupported YAML node for !" + shortName);
          };
      Map<String, Object> intrinsic = new LinkedHashMap<>();
      intrinsic.put(longName, value);
      return intrinsic;
    }

    /**
     * {@code !GetAtt Role.Arn} is the short form of {@code ["Role", "Arn"]}; the attribute itself
     * may contain dots.
     */
    private static List<Object> splitGetAtt(String reference) {
      int dot = reference.indexOf('.');
      if (dot < 0) {
        throw new InvalidTemplateException("!GetAtt " + reference + " names no attribute");
      }
      return new ArrayList<>(List.of(reference.substring(0, dot), reference.substring(dot + 1)));
    }
  }
}
