package io.lambdaguard.strip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.lambdaguard.config.Config;
import io.lambdaguard.testkit.FunctionPrincipal;
import io.lambdaguard.testkit.JiraStub;
import io.lambdaguard.testkit.LeastPrivilege;
import io.lambdaguard.testkit.MotoServer;
import io.lambdaguard.testkit.SqsEventSource;
import io.lambdaguard.testkit.TestContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.securityhub.SecurityHubClient;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * Each ticket sink the template offers, with the strip-personal-data function: a name holding
 * personal data opens one ticket in the configured sink and touches no other. These runs are also
 * what StripPersonalDataPermissionsTest reads for each sink's branch of the template.
 */
class StripPersonalDataTicketSinksTest {
  static final List<String> SINKS = LeastPrivilege.SINKS;
  private static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
  private static final String TABLE = "lambdaguard-tickets";

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

  private static <
          B extends
              software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, C>
                  & software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<B, C>,
          C>
      C client(B builder, Region region) {
    return builder
        .endpointOverride(moto.endpoint())
        .region(region)
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
                "SERVICE_ROLE_ARNS",
                "arn:aws:iam::123456789012:role/StripPersonalDataRole",
                "AWS_ENDPOINT_URL",
                moto.endpoint().toString(),
                "WAITER_POLL_MILLIS",
                "20",
                "TICKET_SINK",
                sink,
                "PSEUDONYM_SECRET_ARN",
                moto.createPseudonymSecret()));
    if (sink.equals("none")) {
      return env;
    }
    moto.createTicketTable(TABLE);
    env.put("TICKET_TABLE", TABLE);
    env.put("TICKET_QUEUE_URL", TicketsFunction.queue(moto));
    switch (sink) {
      case "securityhub" -> {
        try (SecurityHubClient securityHub =
            client(SecurityHubClient.builder(), Region.US_EAST_1)) {
          securityHub.enableSecurityHub(e -> e.enableDefaultStandards(false));
        }
      }
      case "sns" -> {
        try (SnsClient sns = client(SnsClient.builder(), Region.US_EAST_1)) {
          env.put(
              "TICKET_TOPIC_ARN", sns.createTopic(t -> t.name("lambdaguard-tickets")).topicArn());
        }
      }
      case "jira" -> {
        try (SecretsManagerClient secrets =
            client(SecretsManagerClient.builder(), Region.US_EAST_1)) {
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

  private static void createFunction(String name) {
    try (IamClient iam = client(IamClient.builder(), Region.AWS_GLOBAL);
        LambdaClient lambda = client(LambdaClient.builder(), Region.US_EAST_1)) {
      String role =
          iam.createRole(
                  r ->
                      r.roleName(name + "-role")
                          .assumeRolePolicyDocument(
                              "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},"
                                  + "\"Action\":\"sts:AssumeRole\"}]}"))
              .role()
              .arn();
      lambda.createFunction(
          f ->
              f.functionName(name)
                  .role(role)
                  .runtime(Runtime.JAVA21)
                  .handler("a.B::c")
                  .code(c -> c.zipFile(SdkBytes.fromByteArray(new byte[] {'P', 'K', 5, 6}))));
    }
  }

  private static JsonNode invoke(Map<String, String> env, String eventFile) throws Exception {
    RequestStreamHandler handler =
        TicketsFunction.behind(
            new StripPersonalDataHandler(
                DaggerStripPersonalDataComponent.factory()
                    .create(
                        Config.from(env),
                        FunctionPrincipal.credentials(StripPersonalDataPermissionsTest.ROLE, env))
                    .runner()),
            env,
            moto);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] event =
        Files.readAllBytes(
            Path.of(
                StripPersonalDataTicketSinksTest.class
                    .getResource("/events/lambda/" + eventFile)
                    .toURI()));
    try {
      handler.handleRequest(
          new ByteArrayInputStream(event),
          out,
          new TestContext("strip-personal-data").remainingTime(Duration.ofSeconds(30)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return JsonNode.parser().parse(out.toString(StandardCharsets.UTF_8));
  }

  static List<Arguments> sinksWithAndWithoutComprehend() {
    return SINKS.stream()
        .flatMap(sink -> Stream.of(Arguments.of(sink, "off"), Arguments.of(sink, "on")))
        .toList();
  }

  @ParameterizedTest(name = "TicketSink={0}, ComprehendPii={1}")
  @MethodSource("sinksWithAndWithoutComprehend")
  void nameWithPersonalData_shouldOpenOneTicketInTheConfiguredSinkOnly(
      String sink, String comprehendPii) throws Exception {
    // given
    moto.reset();
    Map<String, String> env = prepare(sink);
    env.put("COMPREHEND_PII", comprehendPii);
    createFunction("refund-4111-1111-1111-1111");
    int jiraIssues = jira.issues().size();
    moto.resetCalls();
    // when
    JsonNode result = invoke(env, "create_function_with_personal_data_in_name.json");
    // then: the ticket reached this sink, and no other sink was called
    JsonNode name =
        result.field("outcomes").orElseThrow().asArray().stream()
            .filter(o -> o.field("rule").orElseThrow().asString().equals("name-no-personal-data"))
            .findFirst()
            .orElseThrow();
    assertEquals(
        sink.equals("none") ? "none" : "queued",
        name.field("ticket").orElseThrow().asString(),
        result::toString);
    List<String> delivered =
        moto.calls().stream()
            .filter(call -> FunctionPrincipal.signerOf(call).isPresent())
            .map(call -> call.iamAction().orElseThrow())
            .filter(DELIVERY::containsValue)
            .toList();
    assertEquals(DELIVERY.containsKey(sink) ? List.of(DELIVERY.get(sink)) : List.of(), delivered);
    assertEquals(sink.equals("jira") ? 1 : 0, jira.issues().size() - jiraIssues);
    assertEquals(
        comprehendPii.equals("on"),
        moto.calls("comprehend").stream().anyMatch(c -> FunctionPrincipal.signerOf(c).isPresent()));
  }

  @Test
  void sinkThatFails_shouldNotFailTheRemediationAndReleaseItsClaimSoTheRedeliveryCanTicket()
      throws Exception {
    // given: the topic is gone
    moto.reset();
    Map<String, String> env = prepare("sns");
    env.put("TICKET_TOPIC_ARN", "arn:aws:sns:us-east-1:123456789012:missing");
    createFunction("refund-4111-1111-1111-1111");
    // when: the rule function queues its finding; the tickets function fails to publish it
    JsonNode result = invoke(env, "create_function_with_personal_data_in_name.json");
    // then: the remediation is not failed, the report waits on the tickets queue for its redelivery
    assertTrue(
        result.toString().replace(" ", "").contains("\"ticket\":\"queued\""), result::toString);
    assertEquals(1, SqsEventSource.peek(moto, env.get("TICKET_QUEUE_URL")).size());
    // and no ticket is recorded as claimed or opened, so the redelivery is not swallowed as a
    // duplicate
    try (DynamoDbClient dynamo = client(DynamoDbClient.builder(), Region.US_EAST_1)) {
      assertEquals(List.of(), dynamo.scan(scan -> scan.tableName(TABLE)).items());
    }
  }
}
