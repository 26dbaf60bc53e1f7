package io.lambdaguard.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves CloudFormation intrinsic functions the way a deployment would, with synthetic physical
 * ids and ARNs for the template's own resources (nothing is deployed, so there is nothing real to
 * point at).
 */
final class Intrinsics {

  /**
   * What {@code !Ref AWS::NoValue} stands for: the enclosing property or list element disappears.
   */
  static final Object NO_VALUE =
      new Object() {
        @Override
        public String toString() {
          return "AWS::NoValue";
        }
      };

  private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}]*)}");

  private final Map<String, Object> parameterValues;
  private final Map<String, Object> parameters;
  private final Map<String, Object> resources;
  private final Map<String, Object> conditions;
  private final Map<String, Object> mappings;
  private final AwsTarget target;
  private final Map<String, Boolean> evaluatedConditions = new HashMap<>();

  /**
   * @param parameterValues parameter values by name (a String, or a List of Strings for list
   *     types); a declared parameter missing here has neither a Default nor an override
   */
  Intrinsics(Map<String, Object> template, Map<String, Object> parameterValues, AwsTarget target) {
    this.parameterValues = parameterValues;
    this.parameters = section(template, "Parameters");
    this.resources = section(template, "Resources");
    this.conditions = section(template, "Conditions");
    this.mappings = section(template, "Mappings");
    this.target = target;
  }

  /**
   * Resolves every intrinsic inside {@code node}; the result holds only maps, lists and scalars.
   */
  Object resolve(Object node) {
    if (node instanceof Map<?, ?> map) {
      if (map.size() == 1) {
        Map.Entry<?, ?> only = map.entrySet().iterator().next();
        String key = String.valueOf(only.getKey());
        if (key.equals("Ref") || key.startsWith("Fn::")) {
          return intrinsic(key, only.getValue());
        }
      }
      Map<String, Object> resolved = new LinkedHashMap<>();
      map.forEach(
          (key, value) -> {
            Object resolvedValue = resolve(value);
            if (resolvedValue != NO_VALUE) {
              resolved.put(String.valueOf(key), resolvedValue);
            }
          });
      return resolved;
    }
    if (node instanceof List<?> list) {
      List<Object> resolved = new ArrayList<>();
      for (Object element : list) {
        Object resolvedElement = resolve(element);
        if (resolvedElement != NO_VALUE) {
          resolved.add(resolvedElement);
        }
      }
      return resolved;
    }
    return node;
  }

  /**
   * Resolves {@code node} to a string (numbers and booleans are written as CloudFormation writes
   * them).
   */
  String resolveString(Object node, String where) {
    Object resolved = resolve(node);
    if (resolved instanceof Map<?, ?>
        || resolved instanceof List<?>
        || resolved == null
        || resolved == NO_VALUE) {
      throw new TemplateException(where + ": expected a string, got " + describe(resolved));
    }
    return String.valueOf(resolved);
  }

  /** Evaluates a named entry of the template's {@code Conditions}. */
  boolean condition(String name) {
    Boolean known = evaluatedConditions.get(name);
    if (known != null) {
      return known;
    }
    if (!conditions.containsKey(name)) {
      throw new TemplateException("condition " + name + " is not defined in Conditions");
    }
    boolean value = evaluateCondition(conditions.get(name), "condition " + name);
    evaluatedConditions.put(name, value);
    return value;
  }

  private boolean evaluateCondition(Object expression, String where) {
    if (expression instanceof Map<?, ?> map && map.size() == 1) {
      Map.Entry<?, ?> only = map.entrySet().iterator().next();
      String function = String.valueOf(only.getKey());
      List<?> arguments = argumentList(only.getValue());
      switch (function) {
        case "Condition":
          return condition(String.valueOf(only.getValue()));
        case "Fn::Equals":
          requireArguments(function, arguments, 2);
          return Objects.equals(
              scalarText(resolve(arguments.get(0))), scalarText(resolve(arguments.get(1))));
        case "Fn::Not":
          requireArguments(function, arguments, 1);
          return !evaluateCondition(arguments.getFirst(), where);
        case "Fn::And":
          return arguments.stream().allMatch(argument -> evaluateCondition(argument, where));
        case "Fn::Or":
          return arguments.stream().anyMatch(argument -> evaluateCondition(argument, where));
        default:
          break;
      }
    }
    Object resolved = resolve(expression);
    if (resolved instanceof Boolean bool) {
      return bool;
    }
    if ("true".equalsIgnoreCase(String.valueOf(resolved))
        || "false".equalsIgnoreCase(String.valueOf(resolved))) {
      return Boolean.parseBoolean(String.valueOf(resolved));
    }
    throw new TemplateException(where + ": not a condition: " + describe(resolved));
  }

  private Object intrinsic(String function, Object argument) {
    List<?> arguments = argumentList(argument);
    return switch (function) {
      case "Ref" -> ref(String.valueOf(argument));
      case "Fn::GetAtt" -> {
        requireArguments(function, arguments, 2);
        yield getAtt(
            String.valueOf(resolve(arguments.get(0))), String.valueOf(resolve(arguments.get(1))));
      }
      case "Fn::Sub" -> sub(argument);
      case "Fn::If" -> {
        requireArguments(function, arguments, 3);
        // Only the chosen branch is resolved, as CloudFormation does: the other may reference
        // NoValue or worse.
        yield resolve(
            condition(String.valueOf(arguments.get(0))) ? arguments.get(1) : arguments.get(2));
      }
      case "Fn::Equals", "Fn::Not", "Fn::And", "Fn::Or" ->
          evaluateCondition(Map.of(function, arguments), function);
      case "Fn::Join" -> {
        requireArguments(function, arguments, 2);
        String delimiter = scalarText(resolve(arguments.get(0)));
        yield String.join(
            delimiter,
            asList(resolve(arguments.get(1)), function).stream()
                .map(Intrinsics::scalarText)
                .toList());
      }
      case "Fn::Select" -> {
        requireArguments(function, arguments, 2);
        int index = Integer.parseInt(scalarText(resolve(arguments.get(0))));
        List<?> list = asList(resolve(arguments.get(1)), function);
        if (index < 0 || index >= list.size()) {
          throw new TemplateException(
              "Fn::Select index " + index + " is outside a list of " + list.size());
        }
        yield list.get(index);
      }
      case "Fn::Split" -> {
        requireArguments(function, arguments, 2);
        String delimiter = scalarText(resolve(arguments.get(0)));
        yield List.of(scalarText(resolve(arguments.get(1))).split(Pattern.quote(delimiter), -1));
      }
      case "Fn::FindInMap" -> findInMap(arguments);
      case "Fn::Base64" ->
          Base64.getEncoder()
              .encodeToString(scalarText(resolve(argument)).getBytes(StandardCharsets.UTF_8));
      case "Fn::GetAZs" ->
          List.of(target.region() + "a", target.region() + "b", target.region() + "c");
      case "Fn::Length" -> asList(resolve(argument), function).size();
      case "Fn::ToJsonString" -> toJson(resolve(argument));
      default ->
          throw new TemplateException(
              function + " cannot be resolved locally (it needs a deployed stack)");
    };
  }

  private Object ref(String name) {
    switch (name) {
      case "AWS::Region":
        return target.region();
      case "AWS::AccountId":
        return target.accountId();
      case "AWS::Partition":
        return target.partition();
      case "AWS::URLSuffix":
        return "amazonaws.com";
      case "AWS::StackName":
        return AwsTarget.STACK_NAME;
      case "AWS::StackId":
        return "arn:"
            + target.partition()
            + ":cloudformation:"
            + target.region()
            + ":"
            + target.accountId()
            + ":stack/"
            + AwsTarget.STACK_NAME
            + "/00000000-0000-0000-0000-000000000000";
      case "AWS::NotificationARNs":
        return List.of();
      case "AWS::NoValue":
        return NO_VALUE;
      default:
        break;
    }
    if (parameters.containsKey(name)) {
      if (!parameterValues.containsKey(name)) {
        // Checked only here, on use: a parameter nothing the replay needs refers to may stay unset.
        throw new TemplateException(
            "parameter " + name + " has no Default: pass --parameter " + name + "=...");
      }
      return parameterValues.get(name);
    }
    if (resources.containsKey(name)) {
      return resourceRef(name);
    }
    throw new TemplateException("!Ref " + name + ": no parameter or resource of that name");
  }

  private Object resourceRef(String logicalId) {
    String type = resourceType(logicalId);
    return switch (type) {
      case "AWS::Serverless::Function", "AWS::Lambda::Function" -> functionName(logicalId);
      case "AWS::SQS::Queue" ->
          "https://sqs."
              + target.region()
              + ".amazonaws.com/"
              + target.accountId()
              + "/"
              + queueName(logicalId);
      case "AWS::SNS::Topic" -> arn("sns", logicalId);
      // The partial ARN (no random suffix): GetSecretValue takes it, and the emulator's secret is
      // named so.
      case "AWS::SecretsManager::Secret" -> arn("secretsmanager", "secret:" + logicalId);
      default -> logicalId;
    };
  }

  private String getAtt(String logicalId, String attribute) {
    if (!resources.containsKey(logicalId)) {
      // SAM creates <Function>Role implicitly for functions without a Role; it never appears under
      // Resources.
      if (logicalId.endsWith("Role") && attribute.equals("Arn")) {
        return roleArn(logicalId);
      }
      throw new TemplateException(
          "!GetAtt " + logicalId + "." + attribute + ": no resource named " + logicalId);
    }
    String type = resourceType(logicalId);
    return switch (type + "." + attribute) {
      case "AWS::IAM::Role.Arn" -> roleArn(logicalId);
      case "AWS::Serverless::Function.Arn", "AWS::Lambda::Function.Arn" ->
          arn("lambda", "function:" + functionName(logicalId));
      case "AWS::SQS::Queue.Arn" -> arn("sqs", queueName(logicalId));
      case "AWS::SNS::Topic.TopicArn" -> arn(serviceOf(type), logicalId);
      case "AWS::SQS::Queue.QueueUrl" -> String.valueOf(resourceRef(logicalId));
      case "AWS::KMS::Key.Arn" -> arn("kms", "key/" + logicalId);
      case "AWS::DynamoDB::Table.Arn" -> arn("dynamodb", "table/" + logicalId);
      case "AWS::Logs::LogGroup.Arn" -> arn("logs", "log-group:" + logicalId + ":*");
      default -> attribute.endsWith("Arn") ? arn(serviceOf(type), logicalId) : logicalId;
    };
  }

  /**
   * A queue's name: its logical id, with the {@code .fifo} suffix CloudFormation gives a FIFO
   * queue's generated name.
   */
  private String queueName(String logicalId) {
    Object properties = asMap(resources.get(logicalId)).get("Properties");
    return Boolean.TRUE.equals(asMap(properties).get("FifoQueue"))
        ? logicalId + ".fifo"
        : logicalId;
  }

  /**
   * The name a function gets: its {@code FunctionName} property, else (unlike SAM's generated name)
   * its logical id.
   */
  String functionName(String logicalId) {
    Object properties = asMap(resources.get(logicalId)).get("Properties");
    Object name = asMap(properties).get("FunctionName");
    return name == null ? logicalId : resolveString(name, logicalId + ".FunctionName");
  }

  private String roleArn(String logicalId) {
    return "arn:" + target.partition() + ":iam::" + target.accountId() + ":role/" + logicalId;
  }

  private String arn(String service, String resource) {
    return "arn:"
        + target.partition()
        + ":"
        + service
        + ":"
        + target.region()
        + ":"
        + target.accountId()
        + ":"
        + resource;
  }

  private String resourceType(String logicalId) {
    return String.valueOf(asMap(resources.get(logicalId)).get("Type"));
  }

  private static String serviceOf(String type) {
    String[] parts = type.split("::");
    return parts.length == 3 ? parts[1].toLowerCase(Locale.ROOT) : "cloudformation";
  }

  private String sub(Object argument) {
    String text;
    Map<?, ?> variables;
    if (argument instanceof List<?> list) {
      requireArguments("Fn::Sub", list, 2);
      text = scalarText(list.get(0));
      variables = asMap(list.get(1));
    } else {
      text = scalarText(argument);
      variables = Map.of();
    }
    Matcher matcher = SUB_VARIABLE.matcher(text);
    StringBuilder result = new StringBuilder();
    while (matcher.find()) {
      String name = matcher.group(1).trim();
      String replacement;
      if (name.startsWith("!")) {
        replacement = "${" + name.substring(1) + "}"; // ${!Literal} escapes a literal ${Literal}
      } else if (variables.containsKey(name)) {
        replacement = scalarText(resolve(variables.get(name)));
      } else if (name.contains(".") && !name.startsWith("AWS::")) {
        int dot = name.indexOf('.');
        replacement = getAtt(name.substring(0, dot), name.substring(dot + 1));
      } else {
        replacement = scalarText(ref(name));
      }
      matcher.appendReplacement(result, Matcher.quoteReplacement(replacement));
    }
    matcher.appendTail(result);
    return result.toString();
  }

  private Object findInMap(List<?> arguments) {
    if (arguments.size() < 3) {
      throw new TemplateException("Fn::FindInMap needs a map name and two keys");
    }
    String mapName = scalarText(resolve(arguments.get(0)));
    String topKey = scalarText(resolve(arguments.get(1)));
    String secondKey = scalarText(resolve(arguments.get(2)));
    Object value = asMap(asMap(mappings.get(mapName)).get(topKey)).get(secondKey);
    if (value == null && arguments.size() > 3) {
      value = asMap(arguments.get(3)).get("DefaultValue");
    }
    if (value == null) {
      throw new TemplateException(
          "Fn::FindInMap: no " + mapName + "." + topKey + "." + secondKey + " in Mappings");
    }
    return resolve(value);
  }

  private static String toJson(Object value) {
    try {
      return Json.compact(value);
    } catch (JsonProcessingException e) {
      throw new TemplateException("Fn::ToJsonString: " + e.getOriginalMessage());
    }
  }

  private static void requireArguments(String function, List<?> arguments, int count) {
    if (arguments.size() != count) {
      throw new TemplateException(
          function + " takes " + count + " arguments, got " + arguments.size());
    }
  }

  private static List<?> argumentList(Object argument) {
    if (argument instanceof List<?> list) {
      return list;
    }
    return argument == null ? List.of() : List.of(argument);
  }

  private static List<?> asList(Object value, String function) {
    if (value instanceof List<?> list) {
      return list;
    }
    throw new TemplateException(function + ": expected a list, got " + describe(value));
  }

  static Map<?, ?> asMap(Object value) {
    return value instanceof Map<?, ?> map ? map : Map.of();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> section(Map<String, Object> template, String name) {
    return template.get(name) instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
  }

  private static String scalarText(Object value) {
    if (value instanceof Map<?, ?>
        || value instanceof List<?>
        || value == null
        || value == NO_VALUE) {
      throw new TemplateException("expected a string, got " + describe(value));
    }
    return String.valueOf(value);
  }

  private static String describe(Object value) {
    if (value instanceof Map<?, ?> map) {
      return "a mapping with keys " + map.keySet();
    }
    if (value instanceof List<?>) {
      return "a list";
    }
    return String.valueOf(value);
  }
}
