package io.lambdaguard.deadletters;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lambdaguard.config.Config;
import io.lambdaguard.testkit.LeastPrivilege;
import io.lambdaguard.testkit.TemplatePolicies;
import io.lambdaguard.tickets.TicketLedger;
import io.lambdaguard.tickets.TicketsModule;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Least privilege from what the code does: per ticket sink, what the dead-letter function called in this module's
 * integration tests (the emulator's call log, by the function's credentials) is declared by its code, and the template
 * grants its role exactly what is declared, on scoped resources. Runs after the other test classes, whose calls it reads.
 */
@Order(Integer.MAX_VALUE)
class DeadLettersPermissionsTest {
  /** The function's execution role in the template. */
  static final String ROLE = "DeadLettersRole";
  /** What Lambda does with the role: the SQS event source mapping polls and deletes; the function's log lines. */
  private static final Set<String> PLATFORM = Set.of("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes",
      "logs:CreateLogStream", "logs:PutLogEvents");

  /** The sinks that ticket: with {@code none} the function calls nothing (and its queue mapping is disabled). */
  static final List<String> TICKETING_SINKS = LeastPrivilege.SINKS.stream().filter(s -> !s.equals("none")).toList();

  private static Set<String> declared(String sink) {
    Map<String, String> env = new HashMap<>(Map.of("AWS_REGION", "us-east-1", "MODE", "enforce", "TICKET_SINK", sink,
        "TICKET_TOPIC_ARN", "arn:aws:sns:us-east-1:123456789012:lambdaguard-tickets",
        "JIRA_BASE_URL", "https://example.atlassian.net", "JIRA_PROJECT_KEY", "SEC",
        "JIRA_SECRET_ARN", "arn:aws:secretsmanager:us-east-1:123456789012:secret:lambdaguard/jira-AbCdEf"));
    if (!sink.equals("none")) {
      env.put("TICKET_TABLE", "lambdaguard-tickets");
    }
    Set<String> declared = new TreeSet<>(PLATFORM);
    declared.addAll(TicketsModule.permissions(Config.from(env).tickets().sink()));
    return declared;
  }

  @ParameterizedTest(name = "TicketSink={0}")
  @FieldSource("TICKETING_SINKS")
  void deadLettersRole_shouldCallOnlyWhatItDeclaresAndBeGrantedExactlyThat(String sink) {
    Set<String> sinkActions = new TreeSet<>(declared(sink));
    sinkActions.removeAll(PLATFORM);
    sinkActions.removeAll(TicketLedger.PERMISSIONS);
    assertEquals(List.of(), LeastPrivilege.problems(ROLE, sink, declared(sink), sinkActions,
        TemplatePolicies.ofProject(), Map.of("TicketSink", sink)));
  }

  @Test
  void deadLettersRoleWithoutTickets_shouldBeGrantedOnlyWhatLambdaDoesWithIt() {
    TemplatePolicies template = TemplatePolicies.ofProject();
    Map<String, String> none = Map.of("TicketSink", "none");
    assertEquals(PLATFORM, declared("none"));
    assertEquals(PLATFORM, template.grantedActions(ROLE, none));
    assertEquals(List.of(), LeastPrivilege.unscoped(template, template.statements(ROLE, none)));
    // DeadLettersTicketSinksTest runs the function without tickets: it called nothing
    assertEquals(Set.of(), LeastPrivilege.calledBySink(ROLE).getOrDefault("none", Set.of()));
  }

  @Test
  void everyDeclaredAction_shouldBeCalledByTheFunctionOrByLambdaForIt() {
    Set<String> declared = new TreeSet<>();
    LeastPrivilege.SINKS.forEach(sink -> declared.addAll(declared(sink)));
    assertEquals(PLATFORM, LeastPrivilege.neverCalled(ROLE, declared));
  }
}
