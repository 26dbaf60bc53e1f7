package io.lambdaguard.encryption;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lambdaguard.config.Config;
import io.lambdaguard.encryption.keys.KmsKeyLookup;
import io.lambdaguard.lambda.FunctionReader;
import io.lambdaguard.pseudonyms.PseudonymSecret;
import io.lambdaguard.rules.Rule;
import io.lambdaguard.testkit.TemplatePolicies;
import io.lambdaguard.tickets.TicketsModule;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Least privilege: the template grants the encryption function's role exactly the actions its code declares. */
class EncryptionPermissionsTest {
  /**
   * What Lambda itself does with the role: the on-failure destination (a queue on the stack's key: a data key
   * to send) and the function's own log lines.
   */
  private static final Set<String> PLATFORM =
      Set.of("sqs:SendMessage", "kms:GenerateDataKey", "logs:CreateLogStream", "logs:PutLogEvents");

  @Test
  void encryptionRole_shouldGrantExactlyWhatReaderRulesTicketsAndPlatformDeclare() {
    // given: the function's real graph, so every rule registered in its module counts
    Config config = Config.from(Map.of("AWS_REGION", "us-east-1", "MODE", "enforce", "TICKET_TABLE", "lambdaguard-tickets",
        "LOG_GROUP_RETENTION_DAYS", "30",
        "KMS_KEY_ARN", "arn:aws:kms:us-east-1:123456789012:key/0b3c8f4e-5a2d-4c6e-9f1a-7d2b9e4c1a55"));
    Set<String> declared = new TreeSet<>(PLATFORM);
    declared.addAll(FunctionReader.PERMISSIONS);
    declared.addAll(KmsKeyLookup.PERMISSIONS);
    declared.addAll(TicketsModule.permissions());
    declared.addAll(PseudonymSecret.PERMISSIONS);
    for (Rule rule : DaggerEncryptionComponent.factory().create(config, Emulator.CREDENTIALS).catalogue().all()) {
      declared.addAll(rule.permissions());
    }
    // then
    assertEquals(declared, TemplatePolicies.ofProject().actions("EncryptionRole"));
  }
}
