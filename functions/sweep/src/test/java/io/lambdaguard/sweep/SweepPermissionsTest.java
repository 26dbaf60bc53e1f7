package io.lambdaguard.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lambdaguard.testkit.TemplatePolicies;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Least privilege: the template grants the sweep's role exactly the actions its code declares. */
class SweepPermissionsTest {
  /**
   * What Lambda itself does with the role: the on-failure destination (the dead-letter queue, on
   * the stack's key: SendMessage and a data key, both already declared by the queue writer) and the
   * function's own log lines.
   */
  private static final Set<String> PLATFORM =
      Set.of("sqs:SendMessage", "kms:GenerateDataKey", "logs:CreateLogStream", "logs:PutLogEvents");

  @Test
  void sweepRole_shouldGrantExactlyWhatTheListerTheQueueAndThePlatformDeclare() {
    Set<String> declared = new TreeSet<>(PLATFORM);
    declared.addAll(Sweep.PERMISSIONS);
    declared.addAll(SweepQueue.PERMISSIONS);
    assertEquals(declared, TemplatePolicies.ofProject().actions("SweepRole"));
  }
}
