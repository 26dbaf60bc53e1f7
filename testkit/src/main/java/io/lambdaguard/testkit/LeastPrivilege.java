package io.lambdaguard.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Least privilege from what the code does: the actions a role's function called in this JVM's integration tests
 * ({@link RecordedCalls}), per ticket sink, and the scoping of the resources a template grants them on.
 */
public final class LeastPrivilege {
  /** Every {@code TicketSink} the template offers; each grants its own branch. */
  public static final List<String> SINKS = List.of("opscenter", "securityhub", "sns", "jira", "none");

  /**
   * Actions that support no resource-level permissions (Service Authorization Reference: no resource type listed), so
   * {@code "*"} is the only resource a statement can name for them.
   */
  public static final Set<String> WITHOUT_RESOURCE_LEVEL_PERMISSIONS = Set.of("ssm:CreateOpsItem", "comprehend:DetectPiiEntities");

  private static final Pattern SUB_ARN = Pattern.compile("arn:\\$\\{AWS::Partition}:([a-z0-9-]+):\\$\\{AWS::Region}:\\$\\{AWS::AccountId}:.+");

  private LeastPrivilege() {}

  /** What the role called, per ticket sink, over every emulator of this JVM. */
  public static Map<String, Set<String>> calledBySink(String role) {
    Map<String, Set<String>> bySink = new java.util.TreeMap<>();
    RecordedCalls.actionsByPrincipal(RecordedCalls.ofThisJvm()).forEach((principal, actions) -> {
      if (principal.role().equals(role)) {
        bySink.computeIfAbsent(principal.ticketSink(), s -> new TreeSet<>()).addAll(actions);
      }
    });
    return bySink;
  }

  /**
   * The statements whose resource is broader than one stack resource, one parameter, or ARNs of the action's own
   * service in the stack's account and region; {@code "*"} passes only for actions without resource-level permissions.
   */
  public static List<String> unscoped(List<TemplatePolicies.Statement> statements) {
    List<String> problems = new ArrayList<>();
    for (TemplatePolicies.Statement statement : statements) {
      for (String action : statement.actions()) {
        if (!scoped(action, statement.resource())) {
          problems.add(statement.sid() + ": " + action + " on " + statement.resource());
        }
      }
    }
    return problems;
  }

  private static boolean scoped(String action, Object resource) {
    String service = action.substring(0, action.indexOf(':'));
    return switch (resource) {
      case String literal when literal.equals("*") -> WITHOUT_RESOURCE_LEVEL_PERMISSIONS.contains(action);
      case String literal -> literal.startsWith("arn:") && literal.split(":")[2].equals(service) && !literal.contains("*");
      case List<?> several -> several.stream().allMatch(one -> scoped(action, one));
      case Map<?, ?> intrinsic when intrinsic.containsKey("Ref") || intrinsic.containsKey("Fn::GetAtt") -> true;
      case Map<?, ?> intrinsic when intrinsic.containsKey("Fn::If") -> {
        List<?> branches = (List<?>) intrinsic.get("Fn::If");
        yield scoped(action, branches.get(1)) && scoped(action, branches.get(2));
      }
      case Map<?, ?> intrinsic when intrinsic.get("Fn::Sub") instanceof String arn -> {
        Matcher matcher = SUB_ARN.matcher(arn);
        yield matcher.matches() && matcher.group(1).equals(service);
      }
      default -> false;
    };
  }
}
