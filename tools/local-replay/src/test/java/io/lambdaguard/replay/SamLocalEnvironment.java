package io.lambdaguard.replay;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The environment {@code sam local invoke} and {@code sam local start-lambda} give a function,
 * reproduced from the SAM CLI's source (aws/aws-sam-cli):
 *
 * <ul>
 *   <li>{@code samcli/lib/providers/sam_base_provider.py}: parameter values are the pseudo
 *       parameters' local defaults, then the template's Defaults, then {@code
 *       --parameter-overrides}; Globals are merged by the SAM translator's plugins; then {@code
 *       IntrinsicResolver(...).resolve_template(ignore_errors=True)};
 *   <li>{@code samcli/lib/intrinsic_resolver}: {@code Ref} of a resource is its logical id; {@code
 *       Fn::GetAtt X.Arn} is a Lambda function ARN {@code
 *       arn:aws:lambda:us-east-1:123456789012:function:X}, whatever X is; any other attribute
 *       cannot be resolved; {@code Fn::If} resolves both branches before its condition; a map entry
 *       that cannot be resolved is left as it is;
 *   <li>{@code samcli/local/lambdafn/env_vars.py} and {@code
 *       samcli/commands/local/lib/local_lambda.py}: only the variables the template declares are
 *       passed; each takes the shell's value, then the {@code --env-vars} file's {@code Parameters}
 *       entry, then the file's entry for the function; a value still a map or list (unresolved)
 *       becomes "", {@code true}/{@code false} lower case; then the AWS_* variables SAM local sets
 *       itself.
 * </ul>
 */
final class SamLocalEnvironment {

  /** {@code IntrinsicsSymbolTable.DEFAULT_PSEUDO_PARAM_VALUES}. */
  static final Map<String, Object> PSEUDO_PARAMETERS =
      Map.of(
          "AWS::AccountId", "123456789012",
          "AWS::Partition", "aws",
          "AWS::Region", "us-east-1",
          "AWS::StackName", "local",
          "AWS::StackId",
              "arn:aws:cloudformation:us-east-1:123456789012:stack/local/51af3dc0-da77-11e4-872e-1234567db123",
          "AWS::URLSuffix", "localhost");

  private static final Pattern SUB_VARIABLE =
      Pattern.compile("\\$\\{(AWS::.*?|[a-zA-Z0-9]*?\\.?[a-zA-Z0-9]*?)}");

  private final Map<String, Object> parameters = new LinkedHashMap<>();
  private final Map<String, Object> declaredParameters;
  private final Map<String, Object> conditions;
  private final Map<String, Object> resources;
  private final Map<?, ?> globals;

  SamLocalEnvironment(Map<String, Object> template, Map<String, String> parameterOverrides) {
    this.declaredParameters = Intrinsics.section(template, "Parameters");
    this.conditions = Intrinsics.section(template, "Conditions");
    this.resources = Intrinsics.section(template, "Resources");
    this.globals = Intrinsics.asMap(Intrinsics.section(template, "Globals").get("Function"));
    parameters.putAll(PSEUDO_PARAMETERS);
    declaredParameters.forEach(
        (name, declaration) -> {
          Object defaultValue = Intrinsics.asMap(declaration).get("Default");
          if (defaultValue != null) {
            parameters.put(name, defaultValue);
          }
        });
    parameters.putAll(parameterOverrides);
  }

  /**
   * Raised where the SAM CLI's resolver raises InvalidIntrinsicException or InvalidSymbolException.
   */
  static final class Unresolvable extends RuntimeException {
    Unresolvable(String message) {
      super(message);
    }
  }

  /**
   * The environment of {@code logicalId} under {@code sam local invoke --env-vars <envVars>}, with
   * {@code shell} the variables of the shell SAM runs in (SAM applies them to the declared names)
   * and SAM's default credentials.
   */
  Map<String, String> environment(String logicalId, JsonNode envVars, Map<String, String> shell) {
    Map<?, ?> properties =
        Intrinsics.asMap(
            SamTemplate.mergeGlobals(
                globals,
                Intrinsics.asMap(Intrinsics.asMap(resources.get(logicalId)).get("Properties"))));
    Map<?, ?> resolved = Intrinsics.asMap(resolve(properties));
    Map<String, String> overrides = new LinkedHashMap<>();
    if (envVars != null) {
      envVars
          .properties()
          .forEach(
              entry -> {
                if (!entry.getValue().isObject()) {
                  throw new IllegalArgumentException(
                      "Environment variables " + entry.getValue() + " in incorrect format");
                }
              });
      overrides.putAll(strings(envVars.get("Parameters")));
      overrides.putAll(strings(envVars.get(logicalId)));
    }
    Map<String, String> result = awsVariables(logicalId, resolved);
    Intrinsics.asMap(Intrinsics.asMap(resolved.get("Environment")).get("Variables"))
        .forEach(
            (name, value) -> {
              Object chosen = value;
              if (shell.containsKey(String.valueOf(name))) {
                chosen = shell.get(String.valueOf(name));
              }
              if (overrides.containsKey(String.valueOf(name))) {
                chosen = overrides.get(String.valueOf(name));
              }
              result.put(String.valueOf(name), stringify(chosen));
            });
    return result;
  }

  /** {@code EnvironmentVariables._get_aws_variables} with no credentials configured. */
  private static Map<String, String> awsVariables(String logicalId, Map<?, ?> properties) {
    Map<String, String> variables = new LinkedHashMap<>();
    variables.put("AWS_SAM_LOCAL", "true");
    variables.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", stringify(properties.get("MemorySize")));
    variables.put("AWS_LAMBDA_FUNCTION_TIMEOUT", stringify(properties.get("Timeout")));
    variables.put("AWS_LAMBDA_FUNCTION_HANDLER", stringify(properties.get("Handler")));
    variables.put("AWS_LAMBDA_FUNCTION_NAME", logicalId);
    variables.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
    variables.put("AWS_LAMBDA_LOG_GROUP_NAME", "aws/lambda/" + logicalId);
    variables.put("AWS_LAMBDA_LOG_STREAM_NAME", "$LATEST");
    variables.put("AWS_REGION", "us-east-1");
    variables.put("AWS_DEFAULT_REGION", "us-east-1");
    variables.put("AWS_ACCESS_KEY_ID", "defaultkey");
    variables.put("AWS_SECRET_ACCESS_KEY", "defaultsecret");
    variables.put("AWS_ACCOUNT_ID", "123456789012");
    variables.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
    Map<?, ?> logging = Intrinsics.asMap(properties.get("LoggingConfig"));
    if (logging.get("LogGroup") instanceof String group && !group.isEmpty()) {
      variables.put("AWS_LAMBDA_LOG_GROUP_NAME", group);
    }
    if (logging.get("LogFormat") instanceof String format && !format.isEmpty()) {
      variables.put("AWS_LAMBDA_LOG_FORMAT", format);
      if (format.equals("JSON")) {
        variables.put(
            "AWS_LAMBDA_LOG_LEVEL",
            logging.get("ApplicationLogLevel") instanceof String level ? level : "INFO");
      }
    }
    return variables;
  }

  /** {@code IntrinsicResolver.intrinsic_property_resolver} with {@code ignore_errors=True}. */
  Object resolve(Object value) {
    if (value == null) {
      throw new Unresolvable("missing intrinsic property");
    }
    if (value instanceof List<?> list) {
      List<Object> resolved = new ArrayList<>();
      list.forEach(item -> resolved.add(resolve(item)));
      return resolved;
    }
    if (!(value instanceof Map<?, ?> map) || map.isEmpty()) {
      return value;
    }
    String key = String.valueOf(map.keySet().iterator().next());
    Object argument = map.get(key);
    switch (key) {
      case "Ref":
        {
          return symbol(string(resolve(argument)), "Ref");
        }
      case "Fn::GetAtt":
        {
          List<?> arguments = list(resolve(argument), 2);
          return symbol(string(resolve(arguments.get(0))), string(resolve(arguments.get(1))));
        }
      case "Fn::Join":
        {
          List<?> arguments = list(resolve(argument), 2);
          String delimiter = string(arguments.get(0));
          List<String> parts = new ArrayList<>();
          for (Object item : list(resolve(arguments.get(1)), -1)) {
            parts.add(string(resolve(item)));
          }
          return String.join(delimiter, parts);
        }
      case "Fn::Sub":
        {
          return sub(argument);
        }
      case "Fn::Select":
        {
          List<?> arguments = list(resolve(argument), 2);
          if (!(resolve(arguments.get(0)) instanceof Integer index)) {
            throw new Unresolvable("Fn::Select index must be an int");
          }
          List<?> items = list(resolve(arguments.get(1)), -1);
          if (index < 0 || index >= items.size()) {
            throw new Unresolvable("Fn::Select index out of bounds");
          }
          return resolve(items.get(index));
        }
      case "Fn::Split":
        {
          List<?> arguments = list(resolve(argument), 2);
          return List.of(
              string(resolve(arguments.get(1))).split(Pattern.quote(string(arguments.get(0))), -1));
        }
      case "Fn::Base64":
        {
          return Base64.getEncoder()
              .encodeToString(string(resolve(argument)).getBytes(StandardCharsets.UTF_8));
        }
      case "Fn::If":
        {
          List<?> arguments = list(resolve(argument), 3);
          String condition = string(resolve(arguments.get(0)));
          Object whenTrue = resolve(arguments.get(1));
          Object whenFalse = resolve(arguments.get(2));
          return condition(condition) ? whenTrue : whenFalse;
        }
      case "Fn::Equals":
        {
          List<?> arguments = list(resolve(argument), 2);
          return pythonEquals(resolve(arguments.get(0)), resolve(arguments.get(1)));
        }
      case "Fn::Not":
        {
          List<?> arguments = list(resolve(argument), 1);
          Object operand = resolve(arguments.get(0));
          if (operand instanceof Map<?, ?> reference && reference.containsKey("Condition")) {
            operand = condition(string(reference.get("Condition")));
          }
          return !bool(operand);
        }
      case "Fn::And", "Fn::Or":
        {
          boolean and = key.equals("Fn::And");
          for (Object operand : list(resolve(argument), -1)) {
            boolean holds =
                operand instanceof Map<?, ?> reference && reference.containsKey("Condition")
                    ? condition(string(reference.get("Condition")))
                    : bool(resolve(operand));
            if (holds != and) {
              return !and;
            }
          }
          return and;
        }
      default:
        {
          Map<Object, Object> resolved = new LinkedHashMap<>();
          map.forEach(
              (name, item) -> {
                try {
                  resolved.put(string(resolve(name)), resolve(item));
                } catch (Unresolvable e) {
                  resolved.put(name, item);
                }
              });
          return resolved;
        }
    }
  }

  private boolean condition(String name) {
    Object condition = conditions.get(name);
    if (!(condition instanceof Map<?, ?>)) {
      throw new Unresolvable("The condition is missing in the Conditions dictionary: " + name);
    }
    return bool(resolve(condition));
  }

  /** {@code IntrinsicsSymbolTable.resolve_symbols} with the default resolvers. */
  private Object symbol(String logicalId, String attribute) {
    Object translated = parameters.get(logicalId);
    if (translated instanceof String
        || translated instanceof List<?>
        || translated instanceof Boolean
        || translated instanceof Integer) {
      if (attribute.equals("Ref") || attribute.isEmpty()) {
        if (isTruthy(translated)) {
          Map<?, ?> parameter = Intrinsics.asMap(declaredParameters.get(logicalId));
          if ("CommaDelimitedList".equals(parameter.get("Type"))
              && translated instanceof String text) {
            return List.of(text.split(",")).stream().map(String::strip).toList();
          }
          return translated;
        }
      }
    }
    if (logicalId.equals("AWS::NoValue")) {
      return null;
    }
    Object defaultValue = Intrinsics.asMap(declaredParameters.get(logicalId)).get("Default");
    if (defaultValue != null) {
      return defaultValue;
    }
    Map<?, ?> resource = Intrinsics.asMap(resources.get(logicalId));
    if (attribute.equals("Ref")) {
      // Layers and aliases have their own Ref resolvers; no function of this template refers to
      // one.
      return logicalId;
    }
    if (attribute.equals("Arn")) {
      Object functionName = Intrinsics.asMap(resource.get("Properties")).get("FunctionName");
      String name = functionName != null ? String.valueOf(functionName) : logicalId;
      return "arn:aws:lambda:us-east-1:123456789012:function:" + name;
    }
    throw new Unresolvable(logicalId + "." + attribute + " is not supported");
  }

  private Object sub(Object argument) {
    List<?> arguments =
        argument instanceof String text ? List.of(text, Map.of()) : list(argument, 2);
    String text = string(resolve(arguments.get(0)));
    if (!(arguments.get(1) instanceof Map<?, ?> variables)) {
      throw new Unresolvable("Fn::Sub variables must be a map");
    }
    Map<?, ?> resolvedVariables = Intrinsics.asMap(resolve(variables));
    Matcher matcher = SUB_VARIABLE.matcher(text);
    List<String> names = new ArrayList<>();
    while (matcher.find()) {
      names.add(matcher.group(1));
    }
    for (String name : names) {
      Object item = resolvedVariables.containsKey(name) ? resolvedVariables.get(name) : name;
      Object value;
      String reference = String.valueOf(item);
      int dot = reference.lastIndexOf('.');
      try {
        value =
            dot < 0
                ? symbol(reference, "Ref")
                : symbol(reference.substring(0, dot), reference.substring(dot + 1));
      } catch (Unresolvable e) {
        value = "$" + reference;
      }
      // Python's str(None) for AWS::NoValue.
      text = text.replace("${" + name + "}", value == null ? "None" : String.valueOf(value));
    }
    return text;
  }

  private static boolean pythonEquals(Object a, Object b) {
    return a == null ? b == null : a.equals(b);
  }

  private static boolean isTruthy(Object value) {
    return !(value instanceof String s && s.isEmpty())
        && !(value instanceof List<?> l && l.isEmpty())
        && !Boolean.FALSE.equals(value)
        && !Integer.valueOf(0).equals(value);
  }

  private static boolean bool(Object value) {
    if (!(value instanceof Boolean b)) {
      throw new Unresolvable("must evaluate to bool: " + value);
    }
    return b;
  }

  private static String string(Object value) {
    if (!(value instanceof String text)) {
      throw new Unresolvable("must resolve to a string: " + value);
    }
    return text;
  }

  private static List<?> list(Object value, int size) {
    if (!(value instanceof List<?> items) || (size >= 0 && items.size() != size)) {
      throw new Unresolvable("wrong arguments: " + value);
    }
    return items;
  }

  /** {@code EnvironmentVariables._stringify_value}. */
  static String stringify(Object value) {
    if (value == null || value instanceof Map<?, ?> || value instanceof List<?>) {
      return "";
    }
    if (value instanceof Boolean b) {
      return b ? "true" : "false";
    }
    return String.valueOf(value);
  }

  private static Map<String, String> strings(JsonNode node) {
    Map<String, String> values = new LinkedHashMap<>();
    if (node != null && node.isObject()) {
      node.properties()
          .forEach(
              entry ->
                  values.put(
                      entry.getKey(),
                      entry.getValue().isTextual()
                          ? entry.getValue().asText()
                          : entry.getValue().toString()));
    }
    return values;
  }

  static JsonNode readEnvVars(Path file) throws IOException {
    return Json.MAPPER.readTree(file.toFile());
  }
}
