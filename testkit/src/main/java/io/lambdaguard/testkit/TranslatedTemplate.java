package io.lambdaguard.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * {@code template.yaml} as CloudFormation gets it: translated by AWS's SAM translator ({@code
 * build/sam_translate.py}, the samtranslator package cfn-lint installs) for the given parameters,
 * conditions resolved. One translation per parameter set and JVM.
 */
public final class TranslatedTemplate {
  private static final Map<Map<String, String>, TranslatedTemplate> CACHE =
      new ConcurrentHashMap<>();
  private static final Map<Map<String, String>, String> FAILURES = new ConcurrentHashMap<>();

  private final Map<String, String> parameters;
  private final Map<String, JsonNode> resources;
  private final Map<String, JsonNode> outputs;
  private final Map<String, Boolean> conditions;

  private TranslatedTemplate(Map<String, String> parameters, JsonNode template) {
    this.parameters = parameters;
    this.resources = new TreeMap<>(template.field("Resources").orElseThrow().asObject());
    this.outputs =
        new TreeMap<>(template.field("Outputs").map(JsonNode::asObject).orElse(Map.of()));
    Map<String, Boolean> resolved = new TreeMap<>();
    template
        .field("ResolvedConditions")
        .orElseThrow()
        .asObject()
        .forEach((name, value) -> resolved.put(name, value.asBoolean()));
    this.conditions = resolved;
  }

  /**
   * The project's {@code template.yaml} with these parameter values (the template's defaults for
   * the others).
   */
  public static TranslatedTemplate ofProject(Map<String, String> parameters) {
    Map<String, String> key = Map.copyOf(parameters);
    if (!CACHE.containsKey(key) && !FAILURES.containsKey(key)) {
      translateAll(List.of(key));
    }
    TranslatedTemplate cached = CACHE.get(key);
    if (cached == null) {
      throw new IllegalStateException(
          "SAM translation of template.yaml failed for parameters "
              + key
              + ": "
              + FAILURES.get(key));
    }
    return cached;
  }

  /**
   * Translates several parameter sets with one interpreter (samtranslator takes a second to load);
   * {@link #ofProject} then answers from memory. A set the translator refuses fails when it is
   * asked for, not the others.
   */
  public static void translateAll(List<Map<String, String>> parameterSets) {
    String root = System.getProperty("lambdaguard.root");
    if (root == null) {
      throw new IllegalStateException(
          "system property lambdaguard.root is not set (the parent pom sets it for tests)");
    }
    List<String> command =
        List.of(
            "python3",
            Path.of(root, "build", "sam_translate.py").toString(),
            Path.of(root, "template.yaml").toString(),
            "--batch");
    StringBuilder input = new StringBuilder("[");
    for (Map<String, String> parameters : parameterSets) {
      input.append(input.length() > 1 ? "," : "").append('{');
      String separator = "";
      for (var parameter : new TreeMap<>(parameters).entrySet()) {
        input
            .append(separator)
            .append(quote(parameter.getKey()))
            .append(':')
            .append(quote(parameter.getValue()));
        separator = ",";
      }
      input.append('}');
    }
    input.append(']');
    try {
      Path errors = Files.createTempFile("sam-translate", ".err");
      try {
        Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
        try (var stdin = process.getOutputStream()) {
          stdin.write(input.toString().getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = process.waitFor();
        if (exit != 0) {
          throw new IllegalStateException(
              "SAM translation of template.yaml failed (exit "
                  + exit
                  + ", parameters "
                  + parameterSets
                  + "): "
                  + Files.readString(errors).strip());
        }
        List<JsonNode> templates = JsonNode.parser().parse(output).asArray();
        for (int i = 0; i < parameterSets.size(); i++) {
          Map<String, String> parameters = Map.copyOf(parameterSets.get(i));
          JsonNode template = templates.get(i);
          Optional<JsonNode> error = template.field("Error");
          if (error.isPresent()) {
            FAILURES.put(parameters, error.get().asString());
          } else {
            CACHE.put(parameters, new TranslatedTemplate(parameters, template));
          }
        }
      } finally {
        Files.deleteIfExists(errors);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot run python3 build/sam_translate.py (python3 with cfn-lint's samtranslator is needed)",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String quote(String text) {
    StringBuilder quoted = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      if (c == '"' || c == '\\') {
        quoted.append('\\').append(c);
      } else if (c < 0x20) {
        quoted.append(String.format("\\u%04x", (int) c));
      } else {
        quoted.append(c);
      }
    }
    return quoted.append('"').toString();
  }

  public Map<String, String> parameters() {
    return parameters;
  }

  /** Logical id to resource (Type, Properties, policies), as deployed. */
  public Map<String, JsonNode> resources() {
    return resources;
  }

  public Map<String, JsonNode> outputs() {
    return outputs;
  }

  public JsonNode resource(String logicalId) {
    JsonNode resource = resources.get(logicalId);
    if (resource == null) {
      throw new IllegalArgumentException(
          "no resource " + logicalId + " in the translated template; it has " + resources.keySet());
    }
    return resource;
  }

  /** The logical ids of the resources of this CloudFormation type. */
  public Set<String> ofType(String type) {
    Set<String> ids = new TreeSet<>();
    resources.forEach(
        (id, resource) -> {
          if (type.equals(resource.field("Type").map(JsonNode::asString).orElse(""))) {
            ids.add(id);
          }
        });
    return ids;
  }

  public boolean condition(String name) {
    Boolean value = conditions.get(name);
    if (value == null) {
      throw new IllegalArgumentException("no condition " + name);
    }
    return value;
  }

  /** Every condition of the template and its value for these parameters. */
  public Map<String, Boolean> conditions() {
    return conditions;
  }

  /** A property of a resource, following a path of object fields. */
  public static Optional<JsonNode> at(JsonNode node, String... path) {
    Optional<JsonNode> current = Optional.of(node);
    for (String field : path) {
      current = current.filter(JsonNode::isObject).flatMap(n -> n.field(field));
    }
    return current;
  }

  /**
   * A single string or a list of strings, as IAM's Action, Resource and condition values may be.
   */
  public static List<JsonNode> list(JsonNode node) {
    return node.isArray() ? node.asArray() : List.of(node);
  }

  /** The statements of a role's inline policies. */
  public List<JsonNode> roleStatements(String roleLogicalId) {
    List<JsonNode> statements = new ArrayList<>();
    JsonNode role = resource(roleLogicalId);
    for (JsonNode policy :
        at(role, "Properties", "Policies").map(JsonNode::asArray).orElse(List.of())) {
      statements.addAll(list(at(policy, "PolicyDocument", "Statement").orElseThrow()));
    }
    return statements;
  }

  /** Every action a role's inline policies allow. */
  public Set<String> actions(String roleLogicalId) {
    Set<String> actions = new TreeSet<>();
    for (JsonNode statement : roleStatements(roleLogicalId)) {
      if ("Allow".equals(statement.field("Effect").map(JsonNode::asString).orElse(""))) {
        list(statement.field("Action").orElseThrow()).forEach(a -> actions.add(a.asString()));
      }
    }
    return actions;
  }

  /** {@code {"Ref": id}}, as a JSON value to compare with. */
  public static JsonNode ref(String logicalId) {
    return JsonNode.parser().parse("{\"Ref\":\"" + logicalId + "\"}");
  }

  /** {@code {"Fn::GetAtt": [id, attribute]}}, as a JSON value to compare with. */
  public static JsonNode getAtt(String logicalId, String attribute) {
    return JsonNode.parser()
        .parse("{\"Fn::GetAtt\":[\"" + logicalId + "\",\"" + attribute + "\"]}");
  }

  /** Values CloudFormation gives the pseudo parameters, for {@link #substitute}. */
  public static final Map<String, String> PSEUDO_PARAMETERS =
      Map.of(
          "AWS::StackName",
          "lambdaguard",
          "AWS::Region",
          "eu-west-1",
          "AWS::AccountId",
          "111122223333",
          "AWS::Partition",
          "aws",
          "AWS::URLSuffix",
          "amazonaws.com");

  private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^!}][^}]*)}");

  /**
   * The string an {@code Fn::Sub} of one string comes to when deployed: a pseudo parameter becomes
   * {@link #PSEUDO_PARAMETERS}' value, {@code ${Resource}} {@code <Resource>} and {@code
   * ${Resource.Attribute}} {@code <Resource.Attribute>}. Throws when a variable names no resource
   * of the template (nor a pseudo parameter).
   */
  public String substitute(JsonNode sub) {
    JsonNode text =
        sub.field("Fn::Sub")
            .filter(JsonNode::isString)
            .orElseThrow(
                () -> new IllegalArgumentException("not an Fn::Sub of one string: " + sub));
    Matcher variables = SUB_VARIABLE.matcher(text.asString());
    StringBuilder result = new StringBuilder();
    while (variables.find()) {
      String name = variables.group(1);
      String resource = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
      String value;
      if (PSEUDO_PARAMETERS.containsKey(name)) {
        value = PSEUDO_PARAMETERS.get(name);
      } else if (resources.containsKey(resource)) {
        value = "<" + name + ">";
      } else {
        throw new IllegalArgumentException(
            "${" + name + "} names no resource or pseudo parameter of the template");
      }
      variables.appendReplacement(result, Matcher.quoteReplacement(value));
    }
    variables.appendTail(result);
    return result.toString().replace("${!", "${");
  }
}
