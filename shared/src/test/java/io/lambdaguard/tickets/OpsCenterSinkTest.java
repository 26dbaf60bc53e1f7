package io.lambdaguard.tickets;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.lambdaguard.aws.Deadline;
import io.lambdaguard.aws.SdkClients;
import io.lambdaguard.config.Config;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.SsmException;

/** The OpsCenter sink at the HTTP level, against a stub server (moto has no OpsCenter). */
class OpsCenterSinkTest {
  private static final String TARGET = "AmazonSSM.CreateOpsItem";
  private static WireMockServer stub;

  private OpsCenterSink sink;

  @BeforeAll
  static void startStub() {
    stub =
        new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
    stub.start();
  }

  @AfterAll
  static void stopStub() {
    stub.stop();
  }

  @BeforeEach
  void newContainer() {
    stub.resetAll();
    Config config =
        Config.from(
            Map.of(
                "AWS_REGION", "us-east-1", "MODE", "enforce", "AWS_ENDPOINT_URL", stub.baseUrl()));
    sink =
        new OpsCenterSink(
            SdkClients.build(
                SsmClient.builder(), config, TicketEmulator.CREDENTIALS, SdkClients.httpClient()));
  }

  private static Deadline deadline() {
    return Deadline.in(Duration.ofSeconds(30), Clock.systemUTC());
  }

  private static ResponseDefinitionBuilder created(String id) {
    return aResponse()
        .withStatus(200)
        .withHeader("Content-Type", "application/x-amz-json-1.1")
        .withBody("{\"OpsItemId\":\"" + id + "\"}");
  }

  private static ResponseDefinitionBuilder awsError(int status, String type) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/x-amz-json-1.1")
        .withBody("{\"__type\":\"" + type + "\",\"message\":\"stub\"}");
  }

  private static List<LoggedRequest> requests() {
    return stub.findAll(postRequestedFor(urlEqualTo("/")));
  }

  private static String text(JsonNode node, String... path) {
    JsonNode current = node;
    for (String field : path) {
      current = current.field(field).orElseThrow(() -> new AssertionError("missing " + field));
    }
    return current.asString();
  }

  @Test
  void ticket_shouldBeOneSignedCreateOpsItemWithDedupDataAndTheRenderedText() {
    // given
    stub.stubFor(
        post("/")
            .withHeader("X-Amz-Target", equalTo(TARGET))
            .willReturn(created("oi-0123456789ab")));
    Ticket ticket = Findings.ticket(Findings.credentials());
    // when
    String id = sink.open(ticket, deadline());
    // then
    assertEquals("oi-0123456789ab", id);
    stub.verify(
        1,
        postRequestedFor(urlEqualTo("/"))
            .withHeader("X-Amz-Target", equalTo(TARGET))
            .withHeader("Content-Type", equalTo("application/x-amz-json-1.1"))
            .withHeader(
                "Authorization",
                matching(
                    "AWS4-HMAC-SHA256 Credential=testing/\\d{8}/us-east-1/ssm/aws4_request, .*")));
    JsonNode body = JsonNode.parser().parse(requests().getFirst().getBodyAsString());
    assertEquals(ticket.title(), text(body, "Title"));
    assertEquals(ticket.markdown(), text(body, "Description"));
    assertEquals("lambdaguard", text(body, "Source"));
    assertEquals("Security", text(body, "Category"));
    assertEquals("2", text(body, "Severity"));
    assertEquals("SearchableString", text(body, "OperationalData", "/aws/dedup", "Type"));
    assertEquals(
        "{\"dedupString\":\"" + ticket.dedupKey() + "\"}",
        text(body, "OperationalData", "/aws/dedup", "Value"));
    assertEquals(
        "[{\"arn\":\"" + Findings.FUNCTION + "\"}]",
        text(body, "OperationalData", "/aws/resources", "Value"));
    assertEquals(
        "env-vars-no-credentials", text(body, "OperationalData", "lambdaguard:rule", "Value"));
  }

  @Test
  void functionNamedByARedactedLabel_shouldNotBeGivenAsARelatedResource() {
    stub.stubFor(
        post("/")
            .withHeader("X-Amz-Target", equalTo(TARGET))
            .willReturn(created("oi-0123456789ab")));
    Finding credentials = Findings.credentials();
    Finding labelled =
        new Finding(
            credentials.ruleId(),
            "arn:aws:lambda:us-east-1:123456789012:function:payroll-[redacted:us-ssn] (#3f2a9c0b1d4e)",
            credentials.account(),
            credentials.region(),
            credentials.actorArn(),
            credentials.eventTime(),
            credentials.eventId(),
            credentials.severity(),
            credentials.category(),
            credentials.subject(),
            credentials.found(),
            credentials.notFixedBecause(),
            credentials.outcome(),
            credentials.fixSteps());

    sink.open(Findings.ticket(labelled), deadline());

    JsonNode body = JsonNode.parser().parse(requests().getFirst().getBodyAsString());
    assertTrue(
        body.field("OperationalData").orElseThrow().field("/aws/resources").isEmpty(),
        body::toString);
  }

  @Test
  void identicalFindings_shouldSendIdenticalRequestBodies() {
    stub.stubFor(post("/").willReturn(created("oi-1")));
    sink.open(Findings.ticket(Findings.credentials()), deadline());
    sink.open(Findings.ticket(Findings.credentials()), deadline());
    assertEquals(requests().get(0).getBodyAsString(), requests().get(1).getBodyAsString());
  }

  @Test
  void itemThatExistsAlready_shouldAnswerItsId() {
    stub.stubFor(
        post("/")
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/x-amz-json-1.1")
                    .withBody(
                        "{\"__type\":\"OpsItemAlreadyExistsException\",\"Message\":\"exists\",\"OpsItemId\":\"oi-existing\"}")));
    assertEquals("oi-existing", sink.open(Findings.ticket(Findings.credentials()), deadline()));
  }

  @Test
  void throttledWith429AndRetryAfter_shouldBeRetriedAndCreateOneItem() {
    stub.stubFor(
        post("/")
            .inScenario("throttled")
            .whenScenarioStateIs(STARTED)
            .willSetStateTo("open")
            .willReturn(awsError(429, "ThrottlingException").withHeader("Retry-After", "0")));
    stub.stubFor(
        post("/")
            .inScenario("throttled")
            .whenScenarioStateIs("open")
            .willReturn(created("oi-after-429")));

    assertEquals("oi-after-429", sink.open(Findings.ticket(Findings.credentials()), deadline()));
    assertEquals(2, requests().size());
  }

  @Test
  void serverErrorOnce_shouldBeRetriedAndCreateOneItem() {
    stub.stubFor(
        post("/")
            .inScenario("flaky")
            .whenScenarioStateIs(STARTED)
            .willSetStateTo("up")
            .willReturn(awsError(500, "InternalServerError")));
    stub.stubFor(
        post("/")
            .inScenario("flaky")
            .whenScenarioStateIs("up")
            .willReturn(created("oi-after-500")));

    assertEquals("oi-after-500", sink.open(Findings.ticket(Findings.credentials()), deadline()));
    assertEquals(2, requests().size());
  }

  @Test
  void persistentServerError_shouldPropagateAfterTheSdkRetriesWithoutEchoingTheTicket() {
    stub.stubFor(post("/").willReturn(awsError(503, "ServiceUnavailable")));

    SsmException e =
        assertThrows(
            SsmException.class,
            () -> sink.open(Findings.ticket(Findings.credentials()), deadline()));

    assertEquals(503, e.statusCode());
    assertEquals(
        3,
        requests().size(),
        "the standard retry strategy of SdkClients: the first attempt and two retries");
    assertFalse(e.getMessage().contains("DATABASE_URL"));
  }
}
