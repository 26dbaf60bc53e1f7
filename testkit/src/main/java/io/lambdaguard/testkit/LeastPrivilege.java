package io.lambdaguard.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Least privilege from what the code does: the actions a role's function called in this JVM's
 * integration tests ({@link RecordedCalls}), per ticket sink, and the scoping of the resources a
 * template grants them on.
 */
public final class LeastPrivilege {
  /** Every {@code TicketSink} the template offers; each grants its own branch. */
  public static final List<String> SINKS =
      List.of("opscenter", "securityhub", "sns", "jira", "none");

  /**
   * Actions that support no resource-level permissions (Service Authorization Reference: no
   * resource type listed), so {@code "*"} is the only resource a statement can name for them.
   */
  public static final Set<String> WITHOUT_RESOURCE_LEVEL_PERMISSIONS =
      Set.of(
          "ssm:CreateOpsItem",
          "comprehend:DetectPiiEntities",
          "xray:GetEncryptionConfig",
          "xray:PutEncryptionConfig",
          "logs:CreateLogDelivery",
          "logs:PutResourcePolicy",
          "logs:DescribeResourcePolicies");

  /**
   * KMS actions a service performs with the caller's permissions on what it keeps encrypted with a
   * customer managed key: SNS publishing to an encrypted topic, Secrets Manager returning a secret,
   * SQS taking a message, Lambda setting or returning a function's variables. The function never
   * calls them itself, so no call log shows them.
   */
  public static final Set<String> KMS_THROUGH_SERVICES =
      Set.of("kms:Decrypt", "kms:GenerateDataKey", "kms:Encrypt", "kms:CreateGrant");

  private static final Pattern SUB_ARN =
      Pattern.compile(
          "arn:\\$\\{AWS::Partition}:([a-z0-9-]+):\\$\\{AWS::Region}:\\$\\{AWS::AccountId}:.+");

  private LeastPrivilege() {}

  /** What the role called, per ticket sink, over every emulator of this JVM. */
  public static Map<String, Set<String>> calledBySink(String role) {
    Map<String, Set<String>> bySink = new java.util.TreeMap<>();
    RecordedCalls.actionsByPrincipal(RecordedCalls.ofThisJvm())
        .forEach(
            (principal, actions) -> {
              if (principal.role().equals(role)) {
                bySink
                    .computeIfAbsent(principal.ticketSink(), s -> new TreeSet<>())
                    .addAll(actions);
              }
            });
    return bySink;
  }

  /**
   * What breaks least privilege for the role's function running with one ticket sink, in a stack
   * deployed with {@code stackParameters} (which name that sink): it called nothing here (the check
   * would pass vacuously), it called an action its code does not declare, the template grants other
   * actions than declared, the sink's own actions never ran (its branch is untested), or a resource
   * is not scoped. Empty when everything holds.
   *
   * @param declared what the function's code declares for this configuration, platform actions
   *     included
   * @param sinkActions what only this sink needs (empty for {@code none}); its {@link
   *     #KMS_THROUGH_SERVICES} are the sink's service's, so only the others must have been called
   */
  public static List<String> problems(
      String role,
      String sink,
      Set<String> declared,
      Set<String> sinkActions,
      TemplatePolicies template,
      Map<String, String> stackParameters) {
    List<String> problems = new ArrayList<>();
    Set<String> called = calledBySink(role).getOrDefault(sink, Set.of());
    if (called.isEmpty()) {
      problems.add(
          role
              + " with TICKET_SINK="
              + sink
              + " called nothing in this test run: run the module's integration tests"
              + " with this test, and let one of them run the function with this sink");
    }
    Set<String> undeclared = new TreeSet<>(called);
    undeclared.removeAll(declared);
    if (!undeclared.isEmpty()) {
      problems.add("called but not declared by the code: " + undeclared);
    }
    Set<String> granted = template.grantedActions(role, stackParameters);
    if (!granted.equals(declared)) {
      Set<String> extra = new TreeSet<>(granted);
      extra.removeAll(declared);
      Set<String> missing = new TreeSet<>(declared);
      missing.removeAll(granted);
      problems.add("granted but not declared: " + extra + "; declared but not granted: " + missing);
    }
    Set<String> sinkNeverRan = new TreeSet<>(sinkActions);
    sinkNeverRan.removeAll(called);
    sinkNeverRan.removeAll(KMS_THROUGH_SERVICES);
    if (!sinkNeverRan.isEmpty()) {
      problems.add("the sink's own actions never ran, its branch is untested: " + sinkNeverRan);
    }
    unscoped(template, template.statements(role, stackParameters))
        .forEach(problem -> problems.add("resource not scoped: " + problem));
    return problems;
  }

  /** What the role's code declares that its function never called here, over every sink. */
  public static Set<String> neverCalled(String role, Set<String> declared) {
    Set<String> never = new TreeSet<>(declared);
    calledBySink(role).values().forEach(never::removeAll);
    return never;
  }

  /**
   * The statements whose resource is broader than one resource of the stack or one parameter of the
   * action's own service, or ARNs of that service in the stack's account and region; {@code "*"}
   * passes only for actions without resource-level permissions.
   */
  public static List<String> unscoped(
      TemplatePolicies template, List<TemplatePolicies.Statement> statements) {
    List<String> problems = new ArrayList<>();
    for (TemplatePolicies.Statement statement : statements) {
      for (String action : statement.actions()) {
        if (!scoped(template, action, statement.resource())) {
          problems.add(statement.sid() + ": " + action + " on " + statement.resource());
        }
      }
    }
    return problems;
  }

  private static boolean scoped(TemplatePolicies template, String action, Object resource) {
    String service = action.substring(0, action.indexOf(':'));
    return switch (resource) {
      case String literal when literal.equals("*") ->
          WITHOUT_RESOURCE_LEVEL_PERMISSIONS.contains(action);
      case String literal ->
          literal.startsWith("arn:")
              && literal.split(":")[2].equals(service)
              && !literal.contains("*");
      case List<?> several -> several.stream().allMatch(one -> scoped(template, action, one));
      case Map<?, ?> intrinsic when intrinsic.get("Ref") instanceof String name ->
          template.serviceOf(name).filter(service::equals).isPresent();
      case Map<?, ?> intrinsic
          when intrinsic.get("Fn::GetAtt") instanceof List<?> path
              && path.getFirst() instanceof String name ->
          template.serviceOf(name).filter(service::equals).isPresent();
      case Map<?, ?> intrinsic when intrinsic.containsKey("Fn::If") -> {
        List<?> branches = (List<?>) intrinsic.get("Fn::If");
        yield scoped(template, action, branches.get(1))
            && scoped(template, action, branches.get(2));
      }
      case Map<?, ?> intrinsic when intrinsic.get("Fn::Sub") instanceof String arn -> {
        Matcher matcher = SUB_ARN.matcher(arn);
        yield matcher.matches() && matcher.group(1).equals(service);
      }
      default -> false;
    };
  }
}
