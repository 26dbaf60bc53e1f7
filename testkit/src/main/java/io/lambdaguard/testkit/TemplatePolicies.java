package io.lambdaguard.testkit;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/**
 * The IAM actions {@code template.yaml} grants a role in its inline policies, read from the YAML node tree so
 * CloudFormation's short tags need no constructors. A statement under {@code !If} counts with both branches (the
 * template may grant it, depending on the stack's parameters) unless the caller resolves its condition.
 */
public final class TemplatePolicies {
  private final MappingNode resources;

  private TemplatePolicies(MappingNode resources) {
    this.resources = resources;
  }

  /** The project's {@code template.yaml}, found through the {@code lambdaguard.root} system property the build sets. */
  public static TemplatePolicies ofProject() {
    String root = System.getProperty("lambdaguard.root");
    if (root == null) {
      throw new IllegalStateException("system property lambdaguard.root is not set (the parent pom sets it for tests)");
    }
    return of(Path.of(root, "template.yaml"));
  }

  public static TemplatePolicies of(Path template) {
    try (Reader reader = Files.newBufferedReader(template)) {
      LoadSettings settings = LoadSettings.builder().build();
      Node root = new Composer(settings, new ParserImpl(settings, new StreamReader(settings, reader))).getSingleNode()
          .orElseThrow(() -> new IllegalStateException("empty template: " + template));
      return new TemplatePolicies((MappingNode) field(root, "Resources").orElseThrow());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every action the role's inline policies may allow. */
  public Set<String> actions(String roleLogicalId) {
    return actions(roleLogicalId, Map.of());
  }

  /**
   * The actions the role's inline policies allow when each condition in {@code conditions} has the given value; an
   * {@code !If} on any other condition counts with both branches.
   */
  public Set<String> actions(String roleLogicalId, Map<String, Boolean> conditions) {
    Node role = field(resources, roleLogicalId).orElseThrow(() -> new IllegalArgumentException("no resource " + roleLogicalId));
    Set<String> actions = new TreeSet<>();
    Node policies = field(role, "Properties").flatMap(p -> field(p, "Policies")).orElseThrow();
    for (Node policy : ((SequenceNode) policies).getValue()) {
      Node statements = field(policy, "PolicyDocument").flatMap(d -> field(d, "Statement")).orElseThrow();
      for (Node statement : ((SequenceNode) statements).getValue()) {
        collect(statement, conditions, actions);
      }
    }
    return actions;
  }

  private static void collect(Node statement, Map<String, Boolean> conditions, Set<String> actions) {
    if (statement.getTag().getValue().equals("!If")) {
      var branches = ((SequenceNode) statement).getValue();
      Boolean resolved = conditions.get(((ScalarNode) branches.get(0)).getValue());
      if (resolved == null || resolved) {
        collect(branches.get(1), conditions, actions);
      }
      if (resolved == null || !resolved) {
        collect(branches.get(2), conditions, actions);
      }
      return;
    }
    if (!(statement instanceof MappingNode)) {
      return; // !Ref AWS::NoValue
    }
    Node action = field(statement, "Action").orElseThrow(() -> new IllegalStateException("statement without Action"));
    if (action instanceof ScalarNode scalar) {
      actions.add(scalar.getValue());
    } else {
      ((SequenceNode) action).getValue().forEach(a -> actions.add(((ScalarNode) a).getValue()));
    }
  }

  private static Optional<Node> field(Node mapping, String name) {
    if (!(mapping instanceof MappingNode map)) {
      return Optional.empty();
    }
    for (NodeTuple tuple : map.getValue()) {
      if (tuple.getKeyNode() instanceof ScalarNode key && key.getValue().equals(name)) {
        return Optional.of(tuple.getValueNode());
      }
    }
    return Optional.empty();
  }
}
