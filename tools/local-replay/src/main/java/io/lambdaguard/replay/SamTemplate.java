package io.lambdaguard.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.lambdaguard.testkit.CloudFormationYaml;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A SAM template as the replay needs it: its parameters and its functions, resolved for one {@link
 * AwsTarget}.
 */
final class SamTemplate {

  private static final Set<String> EVENTBRIDGE_EVENT_TYPES =
      Set.of("EventBridgeRule", "CloudWatchEvent");
  private static final Pattern KEY_PARAMETER_NAME =
      Pattern.compile("(?i).*km?s.*key.*|.*key.*arn.*");
  private static final int SAM_DEFAULT_MEMORY_MB = 128;
  private static final int SAM_DEFAULT_TIMEOUT_SECONDS = 3;

  private final Path file;
  private final Map<String, Object> document;

  private SamTemplate(Path file, Map<String, Object> document) {
    this.file = file;
    this.document = document;
  }

  /** Reads {@code template.yaml} (or any SAM template). */
  static SamTemplate load(Path file) {
    try {
      return new SamTemplate(file.toAbsolutePath().normalize(), CloudFormationYaml.load(file));
    } catch (CloudFormationYaml.InvalidTemplateException e) {
      throw new TemplateException(e.getMessage());
    }
  }

  /** For tests: a template from text; {@code CodeUri}s resolve against {@code directory}. */
  static SamTemplate parse(String yaml, Path directory) {
    Path file = directory.resolve("template.yaml").toAbsolutePath().normalize();
    try {
      return new SamTemplate(file, CloudFormationYaml.parse(yaml, file.toString()));
    } catch (CloudFormationYaml.InvalidTemplateException e) {
      throw new TemplateException(e.getMessage());
    }
  }

  Path file() {
    return file;
  }

  /**
   * A DynamoDB table the stack owns: the functions expect it to exist. {@code Ref} of a table is
   * its logical id here.
   *
   * @param keys the key schema, partition key first: attribute name, type ({@code S}, {@code N},
   *     {@code B}) and key type ({@code HASH}, {@code RANGE})
   */
  record StackTable(String name, List<KeyAttribute> keys) {}

  /** One attribute of a table's key schema. */
  record KeyAttribute(String name, String type, String keyType) {}

  /**
   * The stack's own Secrets Manager secrets whose value CloudFormation generates ({@code
   * GenerateSecretString}), by logical id: the functions expect them to exist with a value. Secrets
   * the user fills in after deploy (Jira) are not among them.
   */
  List<String> generatedSecrets() {
    List<String> secrets = new java.util.ArrayList<>();
    Intrinsics.section(document, "Resources")
        .forEach(
            (logicalId, resource) -> {
              Map<?, ?> definition = Intrinsics.asMap(resource);
              if ("AWS::SecretsManager::Secret".equals(definition.get("Type"))
                  && Intrinsics.asMap(definition.get("Properties"))
                      .containsKey("GenerateSecretString")) {
                secrets.add(String.valueOf(logicalId));
              }
            });
    return secrets;
  }

  /**
   * The stack's own FIFO queues, by logical id (the tickets queue): the replay delivers them to
   * their consumer.
   */
  List<String> fifoQueues() {
    List<String> queues = new java.util.ArrayList<>();
    Intrinsics.section(document, "Resources")
        .forEach(
            (logicalId, resource) -> {
              Map<?, ?> definition = Intrinsics.asMap(resource);
              if ("AWS::SQS::Queue".equals(definition.get("Type"))
                  && Boolean.TRUE.equals(
                      Intrinsics.asMap(definition.get("Properties")).get("FifoQueue"))) {
                queues.add(String.valueOf(logicalId));
              }
            });
    return queues;
  }

  /**
   * The stack's own DynamoDB tables (by logical id, as the replay resolves {@code !Ref} to them).
   */
  List<StackTable> tables() {
    List<StackTable> tables = new java.util.ArrayList<>();
    Intrinsics.section(document, "Resources")
        .forEach(
            (logicalId, resource) -> {
              Map<?, ?> definition = Intrinsics.asMap(resource);
              if (!"AWS::DynamoDB::Table".equals(definition.get("Type"))) {
                return;
              }
              Map<?, ?> properties = Intrinsics.asMap(definition.get("Properties"));
              List<KeyAttribute> keys = new java.util.ArrayList<>();
              for (String keyType : List.of("HASH", "RANGE")) {
                ((List<?>) properties.get("KeySchema"))
                    .stream()
                        .map(Intrinsics::asMap)
                        .filter(k -> keyType.equals(k.get("KeyType")))
                        .map(k -> String.valueOf(k.get("AttributeName")))
                        .findFirst()
                        .ifPresent(
                            name ->
                                keys.add(
                                    new KeyAttribute(
                                        name,
                                        ((List<?>) properties.get("AttributeDefinitions"))
                                            .stream()
                                                .map(Intrinsics::asMap)
                                                .filter(a -> name.equals(a.get("AttributeName")))
                                                .map(a -> String.valueOf(a.get("AttributeType")))
                                                .findFirst()
                                                .orElse("S"),
                                        keyType)));
              }
              if (keys.isEmpty() || !keys.getFirst().keyType().equals("HASH")) {
                throw new TemplateException(logicalId + " has no HASH key");
              }
              tables.add(new StackTable(String.valueOf(logicalId), keys));
            });
    return tables;
  }

  Set<String> parameterNames() {
    return Intrinsics.section(document, "Parameters").keySet();
  }

  /**
   * The parameter that carries the customer managed key's ARN, found by name ({@code KmsKeyArn},
   * {@code KeyArn}, ...), or null when the template has none or more than one such parameter.
   */
  String keyParameter() {
    List<String> candidates =
        parameterNames().stream()
            .filter(name -> KEY_PARAMETER_NAME.matcher(name).matches())
            .toList();
    return candidates.size() == 1 ? candidates.getFirst() : null;
  }

  /**
   * Every serverless function whose {@code Condition} holds, with Globals merged and intrinsics
   * resolved.
   *
   * @param parameterOverrides values that replace parameter Defaults, as {@code --parameter K=V}
   *     gives them
   */
  List<FunctionDefinition> functions(Map<String, String> parameterOverrides, AwsTarget target) {
    Intrinsics intrinsics = new Intrinsics(document, parameterValues(parameterOverrides), target);
    Map<?, ?> globals = Intrinsics.asMap(Intrinsics.section(document, "Globals").get("Function"));
    List<FunctionDefinition> functions = new ArrayList<>();
    Intrinsics.section(document, "Resources")
        .forEach(
            (logicalId, resource) -> {
              Map<?, ?> resourceMap = Intrinsics.asMap(resource);
              if (!"AWS::Serverless::Function".equals(resourceMap.get("Type"))) {
                return;
              }
              if (resourceMap.get("Condition") instanceof String condition
                  && !intrinsics.condition(condition)) {
                return;
              }
              Map<?, ?> properties =
                  Intrinsics.asMap(
                      mergeGlobals(globals, Intrinsics.asMap(resourceMap.get("Properties"))));
              functions.add(function(logicalId, properties, intrinsics));
            });
    return functions;
  }

  /**
   * The types of a resource's {@code Events} ({@code EventBridgeRule}, {@code SQS}, ...); empty for
   * none.
   */
  Set<String> eventTypes(String logicalId) {
    Map<?, ?> properties =
        Intrinsics.asMap(
            Intrinsics.asMap(Intrinsics.section(document, "Resources").get(logicalId))
                .get("Properties"));
    Set<String> types = new TreeSet<>();
    Intrinsics.asMap(properties.get("Events"))
        .values()
        .forEach(event -> types.add(String.valueOf(Intrinsics.asMap(event).get("Type"))));
    return types;
  }

  /**
   * A function that is not in the template, as if it were: {@code handler} in {@code packageZip}
   * with the template's Globals (runtime, memory, timeout, environment, logging) and no events of
   * its own.
   */
  FunctionDefinition withGlobals(
      String logicalId,
      Path packageZip,
      String handler,
      Map<String, String> parameterOverrides,
      AwsTarget target) {
    if (Intrinsics.section(document, "Resources").containsKey(logicalId)) {
      throw new TemplateException("the template already has a resource named " + logicalId);
    }
    Intrinsics intrinsics = new Intrinsics(document, parameterValues(parameterOverrides), target);
    Map<?, ?> globals = Intrinsics.asMap(Intrinsics.section(document, "Globals").get("Function"));
    Map<String, Object> own =
        Map.of("CodeUri", packageZip.toAbsolutePath().toString(), "Handler", handler);
    return function(logicalId, Intrinsics.asMap(mergeGlobals(globals, own)), intrinsics);
  }

  private FunctionDefinition function(
      String logicalId, Map<?, ?> properties, Intrinsics intrinsics) {
    String where = logicalId + ".Properties.";
    String codeUri = required(properties, "CodeUri", where, intrinsics);
    String handler = required(properties, "Handler", where, intrinsics);
    String runtime = optional(properties, "Runtime", where, intrinsics);
    int memory = number(properties, "MemorySize", SAM_DEFAULT_MEMORY_MB, where, intrinsics);
    int timeout = number(properties, "Timeout", SAM_DEFAULT_TIMEOUT_SECONDS, where, intrinsics);
    String functionName = intrinsics.functionName(logicalId);

    Map<String, String> environment = new LinkedHashMap<>();
    Intrinsics.asMap(
            Intrinsics.asMap(intrinsics.resolve(properties.get("Environment"))).get("Variables"))
        .forEach((name, value) -> environment.put(String.valueOf(name), String.valueOf(value)));

    Map<?, ?> logging = Intrinsics.asMap(intrinsics.resolve(properties.get("LoggingConfig")));
    String logGroup =
        logging.get("LogGroup") instanceof String group ? group : "/aws/lambda/" + functionName;

    Path packagePath = FunctionPackage.locate(file.getParent().resolve(codeUri).normalize());
    return new FunctionDefinition(
        logicalId,
        functionName,
        packagePath,
        handler,
        runtime,
        memory,
        timeout,
        Map.copyOf(environment),
        eventPatterns(logicalId, properties, intrinsics),
        logging.get("LogFormat") instanceof String format ? format : null,
        logging.get("ApplicationLogLevel") instanceof String level ? level : null,
        logGroup);
  }

  private static List<String> eventPatterns(
      String logicalId, Map<?, ?> properties, Intrinsics intrinsics) {
    List<String> patterns = new ArrayList<>();
    Intrinsics.asMap(properties.get("Events"))
        .forEach(
            (eventName, event) -> {
              Map<?, ?> eventMap = Intrinsics.asMap(event);
              if (!EVENTBRIDGE_EVENT_TYPES.contains(String.valueOf(eventMap.get("Type")))) {
                return;
              }
              Map<?, ?> eventProperties = Intrinsics.asMap(eventMap.get("Properties"));
              // A disabled rule matches nothing (State DISABLED, or SAM's Enabled: false).
              if ("DISABLED".equals(intrinsics.resolve(eventProperties.get("State")))
                  || Boolean.FALSE.equals(intrinsics.resolve(eventProperties.get("Enabled")))) {
                return;
              }
              Object pattern = intrinsics.resolve(eventProperties.get("Pattern"));
              if (!(pattern instanceof Map<?, ?>)) {
                throw new TemplateException(logicalId + ".Events." + eventName + " has no Pattern");
              }
              try {
                patterns.add(Json.compact(pattern));
              } catch (JsonProcessingException e) {
                throw new TemplateException(
                    logicalId + ".Events." + eventName + ": " + e.getOriginalMessage());
              }
            });
    return List.copyOf(patterns);
  }

  /** Parameter values: overrides first, then Defaults; parameters with neither are left out. */
  private Map<String, Object> parameterValues(Map<String, String> overrides) {
    Map<String, Object> declared = Intrinsics.section(document, "Parameters");
    Set<String> unknown = new TreeSet<>(overrides.keySet());
    unknown.removeAll(declared.keySet());
    if (!unknown.isEmpty()) {
      throw new TemplateException(
          "the template has no parameter "
              + String.join(", ", unknown)
              + (declared.isEmpty()
                  ? " (it declares none)"
                  : " (it has: " + String.join(", ", new TreeSet<>(declared.keySet())) + ")"));
    }
    Map<String, Object> values = new LinkedHashMap<>();
    declared.forEach(
        (name, declaration) -> {
          Map<?, ?> parameter = Intrinsics.asMap(declaration);
          Object value =
              overrides.containsKey(name) ? overrides.get(name) : parameter.get("Default");
          if (value == null) {
            return;
          }
          String text = String.valueOf(value);
          if (parameter.get("AllowedValues") instanceof List<?> allowed
              && allowed.stream().map(String::valueOf).noneMatch(text::equals)) {
            throw new TemplateException(
                "parameter " + name + "=" + text + " is not one of " + allowed);
          }
          String type = String.valueOf(parameter.get("Type"));
          boolean isList = type.equals("CommaDelimitedList") || type.startsWith("List<");
          values.put(name, isList ? List.of(text.split("\\s*,\\s*")) : text);
        });
    return values;
  }

  /**
   * SAM's Globals rules: maps merge key by key (the function wins), lists concatenate (Globals
   * first), and any other value of the function replaces the global one.
   */
  static Object mergeGlobals(Object global, Object local) {
    if (global == null) {
      return local;
    }
    if (local == null) {
      return global;
    }
    if (global instanceof Map<?, ?> globalMap
        && local instanceof Map<?, ?> localMap
        && !isIntrinsic(localMap)) {
      Map<String, Object> merged = new LinkedHashMap<>();
      globalMap.forEach((key, value) -> merged.put(String.valueOf(key), value));
      localMap.forEach(
          (key, value) -> merged.merge(String.valueOf(key), value, SamTemplate::mergeGlobals));
      return merged;
    }
    if (global instanceof List<?> globalList && local instanceof List<?> localList) {
      List<Object> merged = new ArrayList<>(globalList);
      merged.addAll(localList);
      return merged;
    }
    return local;
  }

  private static boolean isIntrinsic(Map<?, ?> map) {
    if (map.size() != 1) {
      return false;
    }
    String key = String.valueOf(map.keySet().iterator().next());
    return key.equals("Ref") || key.startsWith("Fn::");
  }

  private static String required(
      Map<?, ?> properties, String name, String where, Intrinsics intrinsics) {
    String value = optional(properties, name, where, intrinsics);
    if (value == null) {
      throw new TemplateException(where + name + " is missing");
    }
    return value;
  }

  private static String optional(
      Map<?, ?> properties, String name, String where, Intrinsics intrinsics) {
    Object value = properties.get(name);
    return value == null ? null : intrinsics.resolveString(value, where + name);
  }

  private static int number(
      Map<?, ?> properties, String name, int defaultValue, String where, Intrinsics intrinsics) {
    String value = optional(properties, name, where, intrinsics);
    if (value == null) {
      return defaultValue;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new TemplateException(where + name + " is not a number: " + value);
    }
  }
}
