package io.lambdaguard.testkit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The IAM statements a template grants a role in its inline policies. Reads {@code template.yaml}
 * as written (CloudFormation's short tags, {@code !If}) or as CloudFormation sees it after the SAM
 * transform (JSON, {@code Fn::If}): both become the long form first. A statement under {@code
 * Fn::If} counts with both branches (the template may grant it, depending on the stack's
 * parameters) unless the caller resolves its condition, or gives the stack's parameters, from which
 * every condition of the template's {@code Conditions} section is evaluated.
 */
public final class TemplatePolicies {
  private static final Pattern ARN_SERVICE = Pattern.compile("arn:aws[^:]*:([a-z0-9-]+):");

  private final Map<String, Object> parameters;
  private final Map<String, Object> conditions;
  private final Map<String, Object> resources;

  private TemplatePolicies(Map<String, Object> template) {
    this.parameters = map(template.getOrDefault("Parameters", Map.of()));
    this.conditions = map(template.getOrDefault("Conditions", Map.of()));
    this.resources = map(template.get("Resources"));
  }

  /**
   * One statement of a role's policies, its intrinsics in long form ({@code {"Fn::GetAtt":
   * [...]}}).
   */
  public record Statement(String sid, Set<String> actions, Object resource) {}

  /** The project's {@code template.yaml}. */
  public static TemplatePolicies ofProject() {
    return new TemplatePolicies(CloudFormationYaml.ofProject());
  }

  /** A template in YAML (short tags allowed) or JSON, read by the project's one template reader. */
  public static TemplatePolicies of(Path template) {
    return new TemplatePolicies(CloudFormationYaml.load(template));
  }

  /** Every action the role's inline policies may allow. */
  public Set<String> actions(String roleLogicalId) {
    return actions(roleLogicalId, Map.<String, Boolean>of());
  }

  /**
   * The actions the role's inline policies allow when each condition in {@code conditions} has the
   * given value; an {@code Fn::If} on any other condition counts with both branches.
   */
  public Set<String> actions(String roleLogicalId, Map<String, Boolean> conditions) {
    Set<String> actions = new TreeSet<>();
    for (Object statement : statementNodes(roleLogicalId)) {
      collect(statement, conditions::get, found -> actions.addAll(found.actions()));
    }
    return actions;
  }

  /**
   * The statements the role's inline policies hold in a stack deployed with these parameters (the
   * others at their defaults): every {@code Fn::If} resolved through the template's conditions.
   */
  public List<Statement> statements(String roleLogicalId, Map<String, String> stackParameters) {
    Map<String, Boolean> evaluated = new HashMap<>();
    List<Statement> statements = new ArrayList<>();
    for (Object statement : statementNodes(roleLogicalId)) {
      collect(
          statement,
          name -> evaluated.computeIfAbsent(name, n -> condition(n, stackParameters)),
          statements::add);
    }
    return statements;
  }

  /** The actions the role's inline policies allow in a stack deployed with these parameters. */
  public Set<String> grantedActions(String roleLogicalId, Map<String, String> stackParameters) {
    Set<String> actions = new TreeSet<>();
    statements(roleLogicalId, stackParameters).forEach(s -> actions.addAll(s.actions()));
    return actions;
  }

  /** The value of one of the template's conditions for a stack deployed with these parameters. */
  public boolean condition(String name, Map<String, String> stackParameters) {
    Object definition = conditions.get(name);
    if (definition == null) {
      throw new IllegalArgumentException("no condition " + name);
    }
    return truth(definition, stackParameters);
  }

  /**
   * The IAM service prefix of what a {@code Ref} or {@code Fn::GetAtt} names: a resource's by its
   * type ({@code AWS::SNS::Topic} is {@code sns}), a parameter's by the ARN its {@code
   * AllowedPattern} requires ({@code ...:kms:...} is {@code kms}); empty when neither says.
   */
  public Optional<String> serviceOf(String logicalIdOrParameter) {
    if (resources.get(logicalIdOrParameter) instanceof Map<?, ?> resource
        && resource.get("Type") instanceof String type) {
      String[] parts = type.split("::");
      return parts.length == 3 ? Optional.of(parts[1].toLowerCase(Locale.ROOT)) : Optional.empty();
    }
    if (parameters.get(logicalIdOrParameter) instanceof Map<?, ?> parameter
        && parameter.get("AllowedPattern") instanceof String pattern) {
      Matcher arn = ARN_SERVICE.matcher(pattern);
      return arn.find() ? Optional.of(arn.group(1)) : Optional.empty();
    }
    return Optional.empty();
  }

  private List<Object> statementNodes(String roleLogicalId) {
    Object role = resources.get(roleLogicalId);
    if (role == null) {
      throw new IllegalArgumentException("no resource " + roleLogicalId);
    }
    List<Object> statements = new ArrayList<>();
    for (Object policy : list(map(map(role).get("Properties")).get("Policies"))) {
      statements.addAll(list(map(map(policy).get("PolicyDocument")).get("Statement")));
    }
    return statements;
  }

  private static void collect(
      Object statement,
      java.util.function.Function<String, Boolean> conditions,
      java.util.function.Consumer<Statement> found) {
    if (statement instanceof Map<?, ?> intrinsic && intrinsic.containsKey("Fn::If")) {
      List<Object> branches = list(intrinsic.get("Fn::If"));
      Boolean resolved = conditions.apply((String) branches.get(0));
      if (resolved == null || resolved) {
        collect(branches.get(1), conditions, found);
      }
      if (resolved == null || !resolved) {
        collect(branches.get(2), conditions, found);
      }
      return;
    }
    Map<String, Object> fields = map(statement);
    if (fields.containsKey("Ref")) {
      return; // AWS::NoValue
    }
    Object action = fields.get("Action");
    if (action == null) {
      throw new IllegalStateException("statement without Action: " + statement);
    }
    Set<String> actions = new TreeSet<>();
    if (action instanceof String one) {
      actions.add(one);
    } else {
      list(action).forEach(a -> actions.add(String.valueOf(a)));
    }
    found.accept(new Statement((String) fields.get("Sid"), actions, fields.get("Resource")));
  }

  private boolean truth(Object expression, Map<String, String> stackParameters) {
    Map<String, Object> intrinsic = map(expression);
    if (intrinsic.containsKey("Condition")) {
      return condition((String) intrinsic.get("Condition"), stackParameters);
    }
    if (intrinsic.containsKey("Fn::Equals")) {
      List<Object> operands = list(intrinsic.get("Fn::Equals"));
      return value(operands.get(0), stackParameters)
          .equals(value(operands.get(1), stackParameters));
    }
    if (intrinsic.containsKey("Fn::Not")) {
      return !truth(list(intrinsic.get("Fn::Not")).get(0), stackParameters);
    }
    if (intrinsic.containsKey("Fn::And")) {
      return list(intrinsic.get("Fn::And")).stream().allMatch(c -> truth(c, stackParameters));
    }
    if (intrinsic.containsKey("Fn::Or")) {
      return list(intrinsic.get("Fn::Or")).stream().anyMatch(c -> truth(c, stackParameters));
    }
    throw new IllegalStateException("condition function not supported here: " + expression);
  }

  private String value(Object operand, Map<String, String> stackParameters) {
    if (!(operand instanceof Map<?, ?>)) {
      return String.valueOf(
          operand); // a literal: YAML may have read true or 2 as a boolean or a number
    }
    String name = (String) map(operand).get("Ref");
    if (name == null) {
      throw new IllegalStateException("condition operand not supported here: " + operand);
    }
    if (stackParameters.containsKey(name)) {
      return stackParameters.get(name);
    }
    Object parameter = parameters.get(name);
    if (parameter == null) {
      throw new IllegalArgumentException("no parameter " + name);
    }
    Object fallback = map(parameter).get("Default");
    if (fallback == null) {
      throw new IllegalArgumentException("parameter " + name + " has no default: give its value");
    }
    return fallback.toString();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    if (!(value instanceof Map<?, ?>)) {
      throw new IllegalStateException("expected a mapping, found " + value);
    }
    return (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object value) {
    if (!(value instanceof List<?>)) {
      throw new IllegalStateException("expected a list, found " + value);
    }
    return (List<Object>) value;
  }
}
