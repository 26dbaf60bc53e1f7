package io.lambdaguard.deadletters;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lambdaguard.pseudonyms.PseudonymSecret;
import io.lambdaguard.testkit.TemplatePolicies;
import io.lambdaguard.tickets.TicketsModule;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Least privilege: the template grants the dead-letter function's role exactly what it needs. */
class DeadLettersPermissionsTest {
  /**
   * What Lambda does with the role: the SQS event source mapping polls and deletes (the queue is on the stack's
   * key: Decrypt to receive); the function's log lines.
   */
  private static final Set<String> PLATFORM = Set.of("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes",
      "kms:Decrypt", "logs:CreateLogStream", "logs:PutLogEvents");

  @Test
  void deadLettersRole_shouldGrantExactlyTicketsAndPlatformActions() {
    Set<String> declared = new TreeSet<>(PLATFORM);
    declared.addAll(TicketsModule.permissions());
    declared.addAll(PseudonymSecret.PERMISSIONS);
    assertEquals(declared, TemplatePolicies.ofProject().actions("DeadLettersRole"));
  }
}
