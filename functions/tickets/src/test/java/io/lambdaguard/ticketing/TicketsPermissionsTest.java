package io.lambdaguard.ticketing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lambdaguard.config.Config;
import io.lambdaguard.pseudonyms.PseudonymSecret;
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
 * Least privilege from what the code does: per ticket sink, what the tickets function called in
 * this module's integration tests (the emulator's call log, by the function's credentials) is
 * declared by its code, and the template grants its role exactly what is declared, on scoped
 * resources. Runs after the other test classes, whose calls it reads.
 */
@Order(Integer.MAX_VALUE)
class TicketsPermissionsTest {
  /** The function's execution role in the template. */
  static final String ROLE = "TicketsRole";

  /**
   * What Lambda does with the role: the SQS event source mappings poll and delete (the tickets
   * queue and the dead-letter queue are on the stack's key: Decrypt to receive); the function's log
   * lines.
   */
  private static final Set<String> PLATFORM =
      Set.of(
          "sqs:ReceiveMessage",
          "sqs:DeleteMessage",
          "sqs:GetQueueAttributes",
          "kms:Decrypt",
          "logs:CreateLogStream",
          "logs:PutLogEvents");

  /**
   * What SNS does with the role publishing to the topic on the key (its Decrypt is in {@link
   * #PLATFORM}).
   */
  private static final Set<String> THROUGH_SNS = Set.of("kms:GenerateDataKey");

  /**
   * The sinks that ticket: with {@code none} the function calls nothing (and its queue mapping is
   * disabled).
   */
  static final List<String> TICKETING_SINKS =
      LeastPrivilege.SINKS.stream().filter(s -> !s.equals("none")).toList();

  private static Config config(String sink) {
    Map<String, String> env =
        new HashMap<>(
            Map.of(
                "AWS_REGION",
                "us-east-1",
                "MODE",
                "enforce",
                "TICKET_SINK",
                sink,
                "TICKET_TOPIC_ARN",
                "arn:aws:sns:us-east-1:123456789012:lambdaguard-tickets",
                "JIRA_BASE_URL",
                "https://example.atlassian.net",
                "JIRA_PROJECT_KEY",
                "SEC",
                "JIRA_SECRET_ARN",
                "arn:aws:secretsmanager:us-east-1:123456789012:secret:lambdaguard/jira-AbCdEf"));
    if (!sink.equals("none")) {
      env.put("TICKET_TABLE", "lambdaguard-tickets");
    }
    return Config.from(env);
  }

  /**
   * What the function's code declares with this sink: tickets (raising and forgetting) and
   * pseudonyms, plus what Lambda does with the role.
   */
  private static Set<String> declared(String sink) {
    Set<String> declared = new TreeSet<>(PLATFORM);
    declared.addAll(TicketsModule.permissions(config(sink).tickets().sink()));
    declared.addAll(TicketsModule.forgetPermissions(config(sink).tickets().sink()));
    declared.addAll(PseudonymSecret.PERMISSIONS);
    return declared;
  }

  @ParameterizedTest(name = "TicketSink={0}")
  @FieldSource("TICKETING_SINKS")
  void ticketsRole_shouldCallOnlyWhatItDeclaresAndBeGrantedExactlyThat(String sink) {
    Set<String> sinkActions =
        new TreeSet<>(TicketsModule.permissions(config(sink).tickets().sink()));
    sinkActions.removeAll(TicketLedger.PERMISSIONS);
    assertEquals(
        List.of(),
        LeastPrivilege.problems(
            ROLE,
            sink,
            declared(sink),
            sinkActions,
            TemplatePolicies.ofProject(),
            Map.of("TicketSink", sink)));
  }

  @Test
  void ticketsRoleWithoutTickets_shouldBeGrantedOnlyWhatLambdaDoesWithItAndThePseudonymRead() {
    TemplatePolicies template = TemplatePolicies.ofProject();
    Map<String, String> none = Map.of("TicketSink", "none");
    Set<String> expected = new TreeSet<>(PLATFORM);
    expected.addAll(PseudonymSecret.PERMISSIONS);
    assertEquals(expected, declared("none"));
    assertEquals(expected, template.grantedActions(ROLE, none));
    assertEquals(List.of(), LeastPrivilege.unscoped(template, template.statements(ROLE, none)));
    // DeadLettersTicketSinksTest runs the function without tickets: it called nothing
    assertEquals(Set.of(), LeastPrivilege.calledBySink(ROLE).getOrDefault("none", Set.of()));
  }

  @Test
  void everyDeclaredAction_shouldBeCalledByTheFunctionOrByLambdaForIt() {
    Set<String> declared = new TreeSet<>();
    LeastPrivilege.SINKS.forEach(sink -> declared.addAll(declared(sink)));
    Set<String> expected = new TreeSet<>(PLATFORM);
    expected.addAll(THROUGH_SNS);
    assertEquals(expected, LeastPrivilege.neverCalled(ROLE, declared));
  }
}
