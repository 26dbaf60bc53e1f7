package io.lambdaguard.strip;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lambdaguard.config.Config;
import io.lambdaguard.lambda.FunctionReader;
import io.lambdaguard.pseudonyms.PseudonymSecret;
import io.lambdaguard.rules.Rule;
import io.lambdaguard.strip.detector.PersonalDataModule;
import io.lambdaguard.testkit.TemplatePolicies;
import io.lambdaguard.tickets.TicketsModule;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** Least privilege: the template grants the strip-personal-data role exactly the actions its code declares. */
class StripPersonalDataPermissionsTest {
  /**
   * What Lambda itself does with the role: the on-failure destination (a queue on the service's key: a data key
   * to send), the function's own log lines, and decrypting the function's own variables (they are encrypted
   * with the service's key).
   */
  private static final Set<String> PLATFORM =
      Set.of("sqs:SendMessage", "kms:GenerateDataKey", "logs:CreateLogStream", "logs:PutLogEvents", "kms:Decrypt");

  @ParameterizedTest
  @ValueSource(strings = {"off", "on"})
  void stripRole_shouldGrantExactlyWhatReaderRulesDetectorTicketsAndPlatformDeclare(String comprehendPii) {
    // given: the function's real graph, so every rule registered in its module counts
    Map<String, String> env = new HashMap<>(Map.of("AWS_REGION", "us-east-1", "MODE", "enforce", "TICKET_TABLE", "lambdaguard-tickets"));
    if (comprehendPii.equals("on")) {
      env.put("COMPREHEND_PII", "on");
    }
    Config config = Config.from(env);
    Set<String> declared = new TreeSet<>(PLATFORM);
    declared.addAll(FunctionReader.PERMISSIONS);
    declared.addAll(TicketsModule.permissions());
    declared.addAll(PseudonymSecret.PERMISSIONS);
    declared.addAll(PersonalDataModule.permissions(config));
    StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
    for (Rule rule : DaggerStripPersonalDataComponent.factory().create(config, credentials).catalogue().all()) {
      declared.addAll(rule.permissions());
    }
    // then: the ComprehendPii parameter's condition resolved as the stack would resolve it
    Map<String, Boolean> conditions = Map.of("ComprehendPiiOn", comprehendPii.equals("on"));
    assertEquals(declared, TemplatePolicies.ofProject().actions("StripPersonalDataRole", conditions));
  }
}
