package io.lambdaguard.strip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.lambdaguard.config.Config;
import io.lambdaguard.testkit.FunctionPrincipal;
import io.lambdaguard.testkit.LogCapture;
import io.lambdaguard.testkit.MotoServer;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.securityhub.SecurityHubClient;
import software.amazon.awssdk.services.securityhub.model.AwsSecurityFinding;

/**
 * Published versions keep the description they were published with: the real handler and SDK
 * clients against the patched moto (ListVersionsByFunction as AWS documents it), driven by the
 * recorded PublishVersion event.
 */
class StripPersonalDataVersionsIntegrationTest {
  private static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
  private static final String TABLE = "lambdaguard-tickets";
  private static final String FUNCTION = "search-indexer";
  private static final String PUBLISHED = "publish_version_description_with_personal_data.json";

  /** A canary the detector finds (an e-mail address) that must never leave the emulator. */
  private static final String CANARY = "canary.4e8a1d55@example.com";

  private static MotoServer moto;
  private static LambdaClient lambda;
  private static IamClient iam;
  private static SecurityHubClient securityHub;

  @BeforeAll
  static void startEmulator() {
    moto = MotoServer.start();
    lambda =
        LambdaClient.builder()
            .endpointOverride(moto.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(CREDENTIALS)
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .build();
    iam =
        IamClient.builder()
            .endpointOverride(moto.endpoint())
            .region(Region.AWS_GLOBAL)
            .credentialsProvider(CREDENTIALS)
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .build();
    securityHub =
        SecurityHubClient.builder()
            .endpointOverride(moto.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(CREDENTIALS)
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .build();
  }

  @AfterAll
  static void stopEmulator() {
    moto.close();
  }

  @BeforeEach
  void resetEmulator() {
    moto.reset();
    moto.createTicketTable(TABLE);
    moto.createPseudonymSecret();
    securityHub.enableSecurityHub(e -> e.enableDefaultStandards(false));
  }

  private static void createFunction(String description) {
    String role =
        iam.createRole(
                r ->
                    r.roleName(FUNCTION + "-role")
                        .assumeRolePolicyDocument(
                            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},"
                                + "\"Action\":\"sts:AssumeRole\"}]}"))
            .role()
            .arn();
    lambda.createFunction(
        f ->
            f.functionName(FUNCTION)
                .role(role)
                .runtime(Runtime.JAVA21)
                .handler("a.B::c")
                .description(description)
                .code(c -> c.zipFile(SdkBytes.fromByteArray(new byte[] {'P', 'K', 5, 6}))));
  }

  private static void publishWith(String description) {
    lambda.updateFunctionConfiguration(u -> u.functionName(FUNCTION).description(description));
    lambda.publishVersion(p -> p.functionName(FUNCTION));
  }

  private static JsonNode invoke(String eventFile) {
    Map<String, String> variables =
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
                "securityhub",
                "TICKET_TABLE",
                TABLE,
                "PSEUDONYM_SECRET_ARN",
                MotoServer.PSEUDONYM_SECRET_ARN));
    variables.put("TICKET_QUEUE_URL", TicketsFunction.queue(moto));
    // The function, then its tickets queue delivered to the tickets function, as the stack runs
    // them.
    RequestStreamHandler handler =
        TicketsFunction.behind(
            new StripPersonalDataHandler(
                DaggerStripPersonalDataComponent.factory()
                    .create(
                        Config.from(variables),
                        FunctionPrincipal.credentials(
                            StripPersonalDataPermissionsTest.ROLE, variables))
                    .runner()),
            variables,
            moto);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      byte[] event =
          Files.readAllBytes(
              Path.of(
                  StripPersonalDataVersionsIntegrationTest.class
                      .getResource("/events/lambda/" + eventFile)
                      .toURI()));
      handler.handleRequest(
          new ByteArrayInputStream(event),
          out,
          new TestContext("strip-personal-data").remainingTime(Duration.ofSeconds(30)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    return JsonNode.parser().parse(out.toString(StandardCharsets.UTF_8));
  }

  private static JsonNode outcome(JsonNode result, String rule) {
    return result.field("outcomes").orElseThrow().asArray().stream()
        .filter(o -> o.field("rule").orElseThrow().asString().equals(rule))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no outcome of " + rule + " in " + result));
  }

  private static String text(JsonNode node, String field) {
    return node.field(field).orElseThrow().asString();
  }

  private static List<AwsSecurityFinding> findings() {
    return securityHub.getFindings(g -> g.maxResults(100)).findings();
  }

  @Test
  void twoVersionsWithPersonalData_shouldRaiseOneTicketNamingBothVersionsAndTheKindNeverTheData() {
    createFunction("Reindexes search");
    publishWith("Reindexes search; questions to " + CANARY);
    publishWith("Reindexes search; ask " + CANARY);
    publishWith("Reindexes search, third release");
    lambda.updateFunctionConfiguration(
        u -> u.functionName(FUNCTION).description("Reindexes search"));

    JsonNode result;
    String logs;
    try (LogCapture captured = new LogCapture()) {
      result = invoke(PUBLISHED);
      logs = captured.text();
    }

    JsonNode versions = outcome(result, PublishedVersionDescriptionsHoldNoPersonalData.ID);
    assertEquals("error", text(versions, "outcome"));
    assertEquals("queued", text(versions, "ticket"));
    List<JsonNode> tickets = versions.field("tickets").orElseThrow().asArray();
    assertEquals(1, tickets.size(), "one ticket per function, not per version");
    assertEquals("versions 1, 2", text(tickets.getFirst(), "subject"));
    List<AwsSecurityFinding> findings = findings();
    assertEquals(1, findings.size());
    assertTrue(findings.getFirst().title().contains("versions 1, 2"), findings.getFirst().title());
    assertTrue(findings.getFirst().title().endsWith("hold email"), findings.getFirst().title());
    for (String seen : List.of(result.toString(), findings.toString(), logs)) {
      assertFalse(seen.contains(CANARY), "the description's data leaked");
      assertFalse(seen.contains("4e8a1d55"), "part of the description's data leaked");
    }
  }

  @Test
  void redactingLatest_shouldLeaveThePublishedVersionToTheTicket() {
    createFunction("Reindexes search; questions to " + CANARY);
    lambda.publishVersion(p -> p.functionName(FUNCTION));

    JsonNode redacted = invoke("update_function_configuration_description_with_personal_data.json");
    JsonNode published = invoke(PUBLISHED);

    assertEquals("fixed", text(outcome(redacted, DescriptionHoldsNoPersonalData.ID), "outcome"));
    assertFalse(
        lambda
            .getFunctionConfiguration(g -> g.functionName(FUNCTION))
            .description()
            .contains(CANARY));
    JsonNode versions = outcome(published, PublishedVersionDescriptionsHoldNoPersonalData.ID);
    assertEquals("error", text(versions, "outcome"));
    assertEquals(
        "versions 1",
        text(versions.field("tickets").orElseThrow().asArray().getFirst(), "subject"));
  }

  @Test
  void versionsWithoutPersonalData_shouldRaiseNothingAndWriteNothing() {
    createFunction("Reindexes search");
    publishWith("Reindexes search, release 1");
    publishWith("Reindexes search, release 2");
    moto.resetCalls();

    JsonNode result = invoke(PUBLISHED);

    assertEquals(
        "compliant",
        text(outcome(result, PublishedVersionDescriptionsHoldNoPersonalData.ID), "outcome"));
    assertEquals(
        List.of(),
        moto.calls().stream()
            .filter(MotoServer::isWrite)
            .filter(call -> !"sqs".equals(call.service()))
            .toList(),
        "no write to the account (the tickets queue's own traffic aside)");
    assertEquals(List.of(), findings());
  }
}
