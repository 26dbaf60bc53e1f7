package io.lambdaguard.strip;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lambdaguard.config.Config;
import io.lambdaguard.lambda.FunctionReader;
import io.lambdaguard.rules.Rule;
import io.lambdaguard.testkit.TemplatePolicies;
import io.lambdaguard.tickets.TicketsModule;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** Least privilege: the template grants the strip-personal-data role exactly the actions its code declares. */
class StripPersonalDataPermissionsTest {
  /**
   * What Lambda itself does with the role: the on-failure destination, the function's own log lines, and
   * decrypting the function's own variables (they are encrypted with the service's key).
   */
  private static final Set<String> PLATFORM =
      Set.of("sqs:SendMessage", "logs:CreateLogStream", "logs:PutLogEvents", "kms:Decrypt");

  @Test
  void stripRole_shouldGrantExactlyWhatReaderRulesTicketsAndPlatformDeclare() {
    // given: the function's real graph, so every rule registered in its module counts
    Config config = Config.from(Map.of("AWS_REGION", "us-east-1", "MODE", "enforce", "TICKET_TABLE", "lambdaguard-tickets"));
    Set<String> declared = new TreeSet<>(PLATFORM);
    declared.addAll(FunctionReader.PERMISSIONS);
    declared.addAll(TicketsModule.permissions());
    StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
    for (Rule rule : DaggerStripPersonalDataComponent.factory().create(config, credentials).catalogue().all()) {
      declared.addAll(rule.permissions());
    }
    // then
    assertEquals(declared, TemplatePolicies.ofProject().actions("StripPersonalDataRole"));
  }
}
