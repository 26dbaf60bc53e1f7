package io.lambdaguard.strip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lambdaguard.config.Config;
import io.lambdaguard.testkit.FunctionPrincipal;
import io.lambdaguard.testkit.LogCapture;
import io.lambdaguard.testkit.MotoServer;
import io.lambdaguard.testkit.SqsEventSource;
import io.lambdaguard.testkit.TestContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.securityhub.SecurityHubClient;

/**
 * Unique canary values of every kind, planted in tag keys and values, the description and the name,
 * and repeated in the triggering event, reach no log line, result, ticket, ledger item or
 * exception: in enforce and in report mode.
 */
class StripPersonalDataCanaryTest {
  private static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));

  @Test
  void plantedCanaries_shouldNeverLeaveTheFunction() throws Exception {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String email = "canary." + tag + "@example.com";
    String phone = "+44 20 7946 0" + (100 + Math.abs(tag.hashCode()) % 900);
    String iban = "GB82WEST12345698765432";
    String card = "4111-1111-1111-1111";
    String name = "canary-" + card;
    List<String> canaries = List.of(email, phone, iban, card, name, "canary." + tag);
    List<String> leaked = new ArrayList<>();
    try (MotoServer moto = MotoServer.start();
        LogCapture logs = new LogCapture()) {
      LambdaClient lambda = client(LambdaClient.builder(), moto);
      IamClient iam =
          IamClient.builder()
              .endpointOverride(moto.endpoint())
              .region(Region.AWS_GLOBAL)
              .credentialsProvider(CREDENTIALS)
              .httpClientBuilder(UrlConnectionHttpClient.builder())
              .build();
      DynamoDbClient dynamo = client(DynamoDbClient.builder(), moto);
      SecurityHubClient securityHub = client(SecurityHubClient.builder(), moto);
      for (String mode : List.of("report", "enforce")) {
        // given
        moto.reset();
        moto.createTicketTable("tickets");
        moto.createPseudonymSecret();
        securityHub.enableSecurityHub(e -> e.enableDefaultStandards(false));
        String role =
            iam.createRole(r -> r.roleName("canary-role").assumeRolePolicyDocument("{}"))
                .role()
                .arn();
        lambda.createFunction(
            f ->
                f.functionName(name)
                    .role(role)
                    .runtime(Runtime.JAVA21)
                    .handler("a.B::c")
                    .description("owner " + email + ", phone " + phone)
                    .tags(
                        Map.of(
                            "owner",
                            email,
                            "payout",
                            iban,
                            "contact:" + email,
                            "yes",
                            "x",
                            phone,
                            "team",
                            "payments"))
                    .code(c -> c.zipFile(SdkBytes.fromByteArray(new byte[] {'P', 'K', 5, 6}))));
        String event =
            Files.readString(
                    Path.of(
                        getClass()
                            .getResource(
                                "/events/lambda/create_function_with_personal_data_in_name.json")
                            .toURI()))
                .replace("refund-4111-1111-1111-1111", name)
                .replace("\"team\": \"billing\"", "\"owner\": \"" + email + "\"");
        // when
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Map<String, String> env =
            Map.of(
                "AWS_REGION",
                "us-east-1",
                "MODE",
                mode,
                "AWS_ENDPOINT_URL",
                moto.endpoint().toString(),
                "TICKET_SINK",
                "securityhub",
                "TICKET_TABLE",
                "tickets",
                "PSEUDONYM_SECRET_ARN",
                MotoServer.PSEUDONYM_SECRET_ARN,
                "TICKET_IN_REPORT_MODE",
                "true",
                "TICKET_QUEUE_URL",
                TicketsFunction.queue(moto));
        try {
          new StripPersonalDataHandler(
                  DaggerStripPersonalDataComponent.factory()
                      .create(
                          Config.from(env),
                          FunctionPrincipal.credentials(StripPersonalDataPermissionsTest.ROLE, env))
                      .runner())
              .handleRequest(
                  new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)),
                  out,
                  new TestContext("strip-personal-data").remainingTime(Duration.ofSeconds(30)));
        } catch (Exception e) {
          for (Throwable t = e; t != null; t = t.getCause()) {
            leaked.add(String.valueOf(t));
          }
        }
        // the tickets queue's messages, then the tickets the tickets function raises from them
        SqsEventSource.Delivery delivery = TicketsFunction.drain(env, moto);
        assertFalse(delivery.bodies().isEmpty(), "control: the function queued its findings");
        leaked.addAll(delivery.bodies());
        leaked.add(out.toString(StandardCharsets.UTF_8));
        var findings = securityHub.getFindings(g -> g.maxResults(100)).findings();
        leaked.add(findings.toString());
        leaked.add(dynamo.scan(s -> s.tableName("tickets")).items().toString());
        // then: each ticket path raised its own ticket (report mode: tags, description and name;
        // enforce: the name), so
        // the search is not vacuous and no path hides behind another's count
        Set<String> ticketed =
            findings.stream()
                .map(f -> f.generatorId().replace("lambdaguard/", ""))
                .collect(Collectors.toSet());
        assertEquals(
            mode.equals("report")
                ? Set.of(
                    "tags-no-personal-data",
                    "description-no-personal-data",
                    "name-no-personal-data")
                : Set.of("name-no-personal-data"),
            ticketed,
            mode);
      }
      leaked.add(logs.text());
      assertTrue(
          logs.text().contains("name-no-personal-data"), "control: the log lines were captured");
    }
    for (int c = 0; c < canaries.size(); c++) {
      for (int o = 0; o < leaked.size(); o++) {
        // Names the canary and the output by position only: the message itself must not leak.
        assertFalse(
            leaked.get(o).contains(canaries.get(c)),
            "planted value #" + c + " leaked into output #" + o);
      }
    }
  }

  private static <
          B extends
              software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, C>
                  & software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<B, C>,
          C>
      C client(B builder, MotoServer moto) {
    return builder
        .endpointOverride(moto.endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(CREDENTIALS)
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .build();
  }
}
