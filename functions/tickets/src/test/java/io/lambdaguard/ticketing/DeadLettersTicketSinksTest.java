package io.lambdaguard.ticketing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lambdaguard.config.Config;
import io.lambdaguard.testkit.FunctionPrincipal;
import io.lambdaguard.testkit.JiraStub;
import io.lambdaguard.testkit.LeastPrivilege;
import io.lambdaguard.testkit.MotoServer;
import io.lambdaguard.testkit.TestContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.securityhub.SecurityHubClient;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * Each ticket sink the template offers, with the tickets function: a dead event becomes one ticket
 * in the configured sink and touches no other. These runs are also what TicketsPermissionsTest
 * reads for each sink's branch of the template.
 */
class DeadLettersTicketSinksTest {
  static final List<String> SINKS = LeastPrivilege.SINKS;
  private static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
  private static final String TABLE = "lambdaguard-tickets";
  private static final String NO_FAILURES = "{\"batchItemFailures\":[]}";

  /**
   * What delivers a ticket to each AWS sink. Jira's is the stub's issue (its token's GetSecretValue
   * is the same action as the pseudonym secret's read, so the call log cannot tell them apart).
   */
  private static final Map<String, String> DELIVERY =
      Map.of(
          "opscenter",
          "ssm:CreateOpsItem",
          "securityhub",
          "securityhub:BatchImportFindings",
          "sns",
          "sns:Publish");

  private static MotoServer moto;
  private static JiraStub jira;

  @BeforeAll
  static void start() {
    moto = MotoServer.start();
    jira = new JiraStub();
  }

  @AfterAll
  static void stop() {
    jira.close();
    moto.close();
  }

  private static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C client(
      B builder) {
    return builder
        .endpointOverride(moto.endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(CREDENTIALS)
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .build();
  }

  /**
   * The sink's resources on the emulator, and the environment the template gives the function for
   * it.
   */
  private static Map<String, String> prepare(String sink) {
    Map<String, String> env =
        new HashMap<>(
            Map.of(
                "AWS_REGION",
                "us-east-1",
                "MODE",
                "enforce",
                "AWS_ENDPOINT_URL",
                moto.endpoint().toString(),
                "TICKET_SINK",
                sink,
                "PSEUDONYM_SECRET_ARN",
                moto.createPseudonymSecret()));
    if (sink.equals("none")) {
      return env;
    }
    moto.createTicketTable(TABLE);
    env.put("TICKET_TABLE", TABLE);
    switch (sink) {
      case "securityhub" -> {
        try (SecurityHubClient securityHub = client(SecurityHubClient.builder())) {
          securityHub.enableSecurityHub(e -> e.enableDefaultStandards(false));
        }
      }
      case "sns" -> {
        try (SnsClient sns = client(SnsClient.builder())) {
          env.put(
              "TICKET_TOPIC_ARN", sns.createTopic(t -> t.name("lambdaguard-tickets")).topicArn());
        }
      }
      case "jira" -> {
        try (SecretsManagerClient secrets = client(SecretsManagerClient.builder())) {
          env.put(
              "JIRA_SECRET_ARN",
              secrets
                  .createSecret(
                      s ->
                          s.name("lambdaguard/jira")
                              .secretString(
                                  "{\"email\":\"bot@example.com\",\"apiToken\":\"token\"}"))
                  .arn());
        }
        env.putAll(Map.of("JIRA_BASE_URL", jira.baseUrl(), "JIRA_PROJECT_KEY", "SEC"));
      }
      default -> {}
    }
    return env;
  }

  private static String invoke(Map<String, String> env) {
    TicketsHandler handler =
        new TicketsHandler(
            DaggerTicketsComponent.factory()
                .create(
                    Config.from(env),
                    FunctionPrincipal.credentials(TicketsPermissionsTest.ROLE, env))
                .consumer());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      handler.handleRequest(
          new ByteArrayInputStream(SqsEvents.batch(SqsEvents.FROM_LAMBDA)),
          out,
          new TestContext("dead-letters").remainingTime(Duration.ofSeconds(30)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString(java.nio.charset.StandardCharsets.UTF_8);
  }

  /** The ticket deliveries the function made since the last reset of the calls. */
  private static List<String> deliveries() {
    return moto.calls().stream()
        .filter(call -> FunctionPrincipal.signerOf(call).isPresent())
        .map(call -> call.iamAction().orElseThrow())
        .filter(DELIVERY::containsValue)
        .toList();
  }

  @ParameterizedTest(name = "TicketSink={0}")
  @FieldSource("SINKS")
  void deadEvent_shouldBecomeOneTicketInTheConfiguredSinkOnly(String sink) {
    // given
    moto.reset();
    Map<String, String> env = prepare(sink);
    int jiraIssues = jira.issues().size();
    moto.resetCalls();
    // when
    String response = invoke(env);
    // then
    assertEquals(NO_FAILURES, response);
    assertEquals(
        DELIVERY.containsKey(sink) ? List.of(DELIVERY.get(sink)) : List.of(), deliveries());
    assertEquals(sink.equals("jira") ? 1 : 0, jira.issues().size() - jiraIssues);
    if (sink.equals("none")) {
      assertEquals(List.of(), moto.calls(), "without tickets the function calls nothing");
    }
  }

  @Test
  void sinkThatFails_shouldLeaveTheMessageToSqsAndReleaseItsClaim() {
    // given: the topic is gone
    moto.reset();
    Map<String, String> env = prepare("sns");
    env.put("TICKET_TOPIC_ARN", "arn:aws:sns:us-east-1:123456789012:missing");
    // when
    String response = invoke(env);
    // then: SQS delivers the message again, and the ledger does not count it as ticketed meanwhile
    assertEquals(false, response.equals(NO_FAILURES), response);
    try (DynamoDbClient dynamo = client(DynamoDbClient.builder())) {
      assertEquals(List.of(), dynamo.scan(scan -> scan.tableName(TABLE)).items());
    }
  }
}
