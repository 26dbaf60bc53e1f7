package io.lambdaguard.tickets;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
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
import io.lambdaguard.aws.Deadline;
import io.lambdaguard.aws.SdkClients;
import io.lambdaguard.config.Config;
import io.lambdaguard.config.TicketConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The Jira sink at the HTTP level against a stub server that plays both Jira Cloud and Secrets
 * Manager. Waits go through a fake clock: no test sleeps.
 */
class JiraSinkTest {
  private static final String SECRET_ARN =
      "arn:aws:secretsmanager:us-east-1:123456789012:secret:lambdaguard/jira-AbCdEf";
  private static final String EMAIL = "ticket-bot@example.com";
  private static final String TOKEN = "jira-api-token-for-tests";
  private static WireMockServer stub;

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T10:00:05Z"));
  private final List<Duration> waits = new ArrayList<>();
  private JiraSink sink;

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
    secret("{\"email\":\"" + EMAIL + "\",\"apiToken\":\"" + TOKEN + "\"}");
    Config config =
        Config.from(
            Map.of(
                "AWS_REGION",
                "us-east-1",
                "MODE",
                "enforce",
                "AWS_ENDPOINT_URL",
                stub.baseUrl(),
                "TICKET_SINK",
                "jira",
                "JIRA_BASE_URL",
                stub.baseUrl(),
                "JIRA_PROJECT_KEY",
                "SEC",
                "JIRA_SECRET_ARN",
                SECRET_ARN));
    SecretsManagerClient secrets =
        SdkClients.build(
            SecretsManagerClient.builder(),
            config,
            TicketEmulator.CREDENTIALS,
            SdkClients.httpClient());
    sink =
        new JiraSink(
            SdkClients.httpClient(),
            (TicketConfig.Jira) config.tickets().sink(),
            new JiraCredentials(secrets, config),
            d -> {
              waits.add(d);
              clock.advance(d);
            });
  }

  private static void secret(String value) {
    String json = "{\"ARN\":\"" + SECRET_ARN + "\",\"SecretString\":" + quote(value) + "}";
    stub.stubFor(
        post("/")
            .withHeader("X-Amz-Target", equalTo("secretsmanager.GetSecretValue"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/x-amz-json-1.1")
                    .withBody(json)));
  }

  private static String quote(String value) {
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private Deadline deadline() {
    return Deadline.in(Duration.ofSeconds(30), clock);
  }

  private static ResponseDefinitionBuilder created(String key) {
    return aResponse()
        .withStatus(201)
        .withHeader("Content-Type", "application/json")
        .withBody(
            "{\"id\":\"10042\",\"key\":\""
                + key
                + "\",\"self\":\""
                + stub.baseUrl()
                + "/rest/api/3/issue/10042\"}");
  }

  private static int issueRequests() {
    return stub.findAll(postRequestedFor(urlEqualTo(JiraSink.PATH))).size();
  }

  private static int secretReads() {
    return stub.findAll(
            postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("secretsmanager.GetSecretValue")))
        .size();
  }

  private String open() {
    return sink.open(Findings.ticket(Findings.credentials()), deadline());
  }

  @Test
  void ticket_shouldBeOnePostWithBasicAuthAndAnAdfIssue() {
    // given
    stub.stubFor(post(JiraSink.PATH).willReturn(created("SEC-42")));
    Ticket ticket = Findings.ticket(Findings.credentials());
    // when
    String key = sink.open(ticket, deadline());
    // then
    assertEquals("SEC-42", key);
    String basic =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((EMAIL + ":" + TOKEN).getBytes(StandardCharsets.UTF_8));
    stub.verify(
        1,
        postRequestedFor(urlEqualTo("/rest/api/3/issue"))
            .withHeader("Authorization", equalTo(basic))
            .withHeader("Content-Type", equalTo("application/json"))
            .withHeader("Accept", equalTo("application/json"))
            .withRequestBody(matchingJsonPath("$.fields.project.key", equalTo("SEC")))
            .withRequestBody(matchingJsonPath("$.fields.issuetype.name", equalTo("Task")))
            .withRequestBody(matchingJsonPath("$.fields.summary", equalTo(ticket.title())))
            .withRequestBody(matchingJsonPath("$.fields.description.type", equalTo("doc")))
            .withRequestBody(matchingJsonPath("$.fields.description.version", equalTo("1")))
            .withRequestBody(
                matchingJsonPath("$.fields.description.content[0].type", equalTo("heading")))
            .withRequestBody(
                matchingJsonPath(
                    "$.fields.description.content[0].content[0].text", equalTo("What was found")))
            .withRequestBody(
                matchingJsonPath("$.fields.description.content[1].type", equalTo("paragraph")))
            .withRequestBody(
                matchingJsonPath(
                    "$.fields.description.content[8].content[0].text", equalTo("How to fix")))
            .withRequestBody(
                matchingJsonPath("$.fields.description.content[9].type", equalTo("orderedList")))
            .withRequestBody(
                matchingJsonPath(
                    "$.fields.description.content[9].content[1].content[1].type",
                    equalTo("codeBlock")))
            .withRequestBody(
                matchingJsonPath(
                    "$.fields.description.content[10].content[0].marks[0].type", equalTo("em")))
            .withRequestBody(matchingJsonPath("$.fields.labels[0]", equalTo("lambdaguard")))
            .withRequestBody(
                matchingJsonPath(
                    "$.fields.labels[1]", equalTo("lambdaguard-env-vars-no-credentials")))
            .withRequestBody(
                matchingJsonPath(
                    "$.fields.labels[2]",
                    equalTo("lambdaguard-" + ticket.dedupKey().substring(0, 16)))));
    assertTrue(waits.isEmpty());
  }

  @Test
  void secret_shouldBeReadOncePerContainer() {
    stub.stubFor(post(JiraSink.PATH).willReturn(created("SEC-1")));
    open();
    open();
    assertEquals(1, secretReads());
    assertEquals(2, issueRequests());
  }

  @Test
  void rotatedToken_shouldBeReadAgainAfterA401AndCreateTheIssue() {
    // given: this container read the old token; then the secret was rotated and Jira only takes the
    // new one
    stub.stubFor(post(JiraSink.PATH).willReturn(created("SEC-1")));
    open();
    String rotated = "jira-api-token-rotated";
    secret("{\"email\":\"" + EMAIL + "\",\"apiToken\":\"" + rotated + "\"}");
    stub.stubFor(post(JiraSink.PATH).willReturn(aResponse().withStatus(401)));
    stub.stubFor(
        post(JiraSink.PATH)
            .withHeader("Authorization", equalTo(basic(EMAIL, rotated)))
            .willReturn(created("SEC-2")));
    // when
    String key = open();
    // then: one rejected post with the old token, one read of the secret, one post with the new
    // token
    assertEquals("SEC-2", key);
    assertEquals(2, secretReads());
    stub.verify(
        2,
        postRequestedFor(urlEqualTo(JiraSink.PATH))
            .withHeader("Authorization", equalTo(basic(EMAIL, TOKEN))));
    stub.verify(
        1,
        postRequestedFor(urlEqualTo(JiraSink.PATH))
            .withHeader("Authorization", equalTo(basic(EMAIL, rotated))));
    assertTrue(waits.isEmpty());
  }

  @Test
  void tokenStillRejectedAfterTheReread_shouldFailWithoutAThirdTry() {
    stub.stubFor(post(JiraSink.PATH).willReturn(aResponse().withStatus(401)));

    TicketSinkException e = assertThrows(TicketSinkException.class, this::open);

    assertEquals("ticket sink jira: Jira refused the issue (401)", e.getMessage());
    assertEquals(2, issueRequests());
    assertEquals(2, secretReads());
    assertFalse(e.getMessage().contains(TOKEN));
  }

  private static String basic(String email, String token) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((email + ":" + token).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void rateLimitedWithRetryAfter_shouldWaitThatLongThenCreateOneIssue() {
    stub.stubFor(
        post(JiraSink.PATH)
            .inScenario("429")
            .whenScenarioStateIs(STARTED)
            .willSetStateTo("ok")
            .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")));
    stub.stubFor(
        post(JiraSink.PATH)
            .inScenario("429")
            .whenScenarioStateIs("ok")
            .willReturn(created("SEC-7")));

    assertEquals("SEC-7", open());

    assertEquals(List.of(Duration.ofSeconds(1)), waits);
    assertEquals(2, issueRequests());
  }

  @Test
  void retryAfterBeyondTheDeadline_shouldFailAtOnceWithoutWaiting() {
    stub.stubFor(
        post(JiraSink.PATH)
            .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "120")));

    TicketSinkException e = assertThrows(TicketSinkException.class, this::open);

    assertTrue(e.getMessage().contains("rate limited (429)"), e.getMessage());
    assertTrue(waits.isEmpty());
    assertEquals(1, issueRequests());
  }

  @Test
  void serverErrors_shouldBeRetriedWithExponentialBackoff() {
    stub.stubFor(
        post(JiraSink.PATH)
            .inScenario("5xx")
            .whenScenarioStateIs(STARTED)
            .willSetStateTo("2")
            .willReturn(aResponse().withStatus(500)));
    stub.stubFor(
        post(JiraSink.PATH)
            .inScenario("5xx")
            .whenScenarioStateIs("2")
            .willSetStateTo("3")
            .willReturn(aResponse().withStatus(502)));
    stub.stubFor(
        post(JiraSink.PATH)
            .inScenario("5xx")
            .whenScenarioStateIs("3")
            .willSetStateTo("4")
            .willReturn(aResponse().withStatus(503)));
    stub.stubFor(
        post(JiraSink.PATH)
            .inScenario("5xx")
            .whenScenarioStateIs("4")
            .willReturn(created("SEC-9")));

    assertEquals("SEC-9", open());

    assertEquals(
        List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4)), waits);
    assertEquals(4, issueRequests());
  }

  @Test
  void persistentServerError_shouldGiveUpAfterTheLastAttempt() {
    stub.stubFor(post(JiraSink.PATH).willReturn(aResponse().withStatus(503)));

    TicketSinkException e = assertThrows(TicketSinkException.class, this::open);

    assertEquals("ticket sink jira: server error (503) after 4 attempts", e.getMessage());
    assertEquals(JiraSink.MAX_ATTEMPTS, issueRequests());
  }

  @Test
  void refusedIssue_shouldFailAtOnceWithoutEchoingJirasAnswer() {
    stub.stubFor(
        post(JiraSink.PATH)
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"errors\":{\"summary\":\"[env-vars-no-credentials] orders-api: environment variable DATABASE_URL\"}}")));

    TicketSinkException e = assertThrows(TicketSinkException.class, this::open);

    assertEquals("ticket sink jira: Jira refused the issue (400)", e.getMessage());
    assertEquals(1, issueRequests());
    assertTrue(waits.isEmpty());
  }

  @Test
  void malformedSecret_shouldFailWithoutEchoingIt() {
    stub.resetAll();
    secret("not json but " + TOKEN);

    TicketSinkException e = assertThrows(TicketSinkException.class, this::open);

    assertFalse(e.getMessage().contains(TOKEN), e.getMessage());
    assertEquals(0, issueRequests());
  }

  @Test
  void account_shouldNeverPrintItsSecrets() {
    String printed = new JiraSink.Account(EMAIL, TOKEN).toString();
    assertFalse(printed.contains(EMAIL) || printed.contains(TOKEN));
  }
}
