package io.lambdaguard.testkit;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The IAM actions {@code template.yaml} grants a role in its inline policies, read with {@link CloudFormationYaml}. A
 * statement under {@code Fn::If} counts with both branches (the template may grant it, depending on the stack's
 * parameters) unless the caller resolves its condition.
 */
public final class TemplatePolicies {
  private final Map<String, Object> resources;

  private TemplatePolicies(Map<String, Object> resources) {
    this.resources = resources;
  }

  /** The project's {@code template.yaml}, found through the {@code lambdaguard.root} system property the build sets. */
  public static TemplatePolicies ofProject() {
    return new TemplatePolicies(map(CloudFormationYaml.ofProject().get("Resources")));
  }

  public static TemplatePolicies of(Path template) {
    return new TemplatePolicies(map(CloudFormationYaml.load(template).get("Resources")));
  }

  /** Every action the role's inline policies may allow. */
  public Set<String> actions(String roleLogicalId) {
    return actions(roleLogicalId, Map.of());
  }

  /**
   * The actions the role's inline policies allow when each condition in {@code conditions} has the given value; an
   * {@code Fn::If} on any other condition counts with both branches.
   */
  public Set<String> actions(String roleLogicalId, Map<String, Boolean> conditions) {
    Object role = resources.get(roleLogicalId);
    if (role == null) {
      throw new IllegalArgumentException("no resource " + roleLogicalId);
    }
    Set<String> actions = new TreeSet<>();
    for (Object policy : list(map(map(role).get("Properties")).get("Policies"))) {
      for (Object statement : list(map(map(policy).get("PolicyDocument")).get("Statement"))) {
        collect(statement, conditions, actions);
      }
    }
    return actions;
  }

  private static void collect(Object statement, Map<String, Boolean> conditions, Set<String> actions) {
    if (statement instanceof Map<?, ?> intrinsic && intrinsic.containsKey("Fn::If")) {
      List<?> branches = list(intrinsic.get("Fn::If"));
      Boolean resolved = conditions.get((String) branches.get(0));
      if (resolved == null || resolved) {
        collect(branches.get(1), conditions, actions);
      }
      if (resolved == null || !resolved) {
        collect(branches.get(2), conditions, actions);
      }
      return;
    }
    Map<String, Object> fields = map(statement);
    if (fields.containsKey("Ref")) {
      return; // !Ref AWS::NoValue
    }
    Object action = fields.get("Action");
    if (action == null) {
      throw new IllegalStateException("statement without Action");
    }
    if (action instanceof String single) {
      actions.add(single);
    } else {
      list(action).forEach(a -> actions.add((String) a));
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object node) {
    if (!(node instanceof Map<?, ?> map)) {
      throw new IllegalStateException("expected a mapping in template.yaml, found " + node);
    }
    return (Map<String, Object>) map;
  }

  private static List<?> list(Object node) {
    if (!(node instanceof List<?> list)) {
      throw new IllegalStateException("expected a list in template.yaml, found " + node);
    }
    return list;
  }
}
