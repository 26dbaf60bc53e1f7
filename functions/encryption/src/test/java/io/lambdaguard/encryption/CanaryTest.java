package io.lambdaguard.encryption;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.lambdaguard.config.Config;
import io.lambdaguard.testkit.LogCapture;
import io.lambdaguard.testkit.MotoServer;
import io.lambdaguard.testkit.SqsEventSource;
import io.lambdaguard.testkit.TestContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.securityhub.model.AwsSecurityFinding;

/**
 * Canaries: unique e-mail addresses, secrets and URL passwords planted in a function's variables,
 * tags and description and in the CloudTrail event's free-form fields, and a (fictional) social
 * security number in the name of the function with credentials, {@code payroll-<ssn>}. Every ticket
 * path runs (credentials rule, unusable key, report mode, a failing sink) through every sink that
 * runs here (Security Hub and SNS on the emulator, Jira on a stub), and no canary may appear in any
 * ticket title, body or attribute, DynamoDB item, handler result, log line or exception message.
 */
class CanaryTest {
  private static final String HEX =
      HexFormat.of().formatHex(UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8), 0, 8);
  private static final String EMAIL = "canary." + HEX + "@example.com";
  private static final String SECRET = "canarysecret" + HEX;
  private static final String URL_PASSWORD = "canarypw" + HEX;
  private static final String TOKEN =
      "gh" + "p_" + ("Canary" + HEX + "a1B2c3D4e5F6g7H8i9J0k1L2").substring(0, 36);
  private static final String JIRA_TOKEN = "canaryjira" + HEX;
  private static final java.util.Random RANDOM = new java.security.SecureRandom();

  /**
   * Issuable by the SSA's rules (area 100-599, group 10-99, serial 1000-9999), so the detector
   * finds it; made up.
   */
  private static final String SSN =
      (100 + RANDOM.nextInt(500))
          + "-"
          + (10 + RANDOM.nextInt(90))
          + "-"
          + (1000 + RANDOM.nextInt(9000));

  private static final String NAME = "payroll-" + SSN;
  private static final List<String> CANARIES =
      List.of(EMAIL, SECRET, URL_PASSWORD, TOKEN, JIRA_TOKEN, HEX, NAME, SSN, SSN.replace("-", ""));

  private static MotoServer moto;
  private static Emulator aws;
  private static WireMockServer jira;

  /** Everything that left the function, to be searched for canaries. */
  private final List<String> leaked = new ArrayList<>();

  /** The tickets already counted, so each path's own tickets are checked on their own. */
  private final Set<String> countedFindings = new HashSet<>();

  private int countedIssues;

  @BeforeAll
  static void start() {
    moto = MotoServer.start();
    aws = new Emulator(moto);
    jira =
        new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
    jira.start();
  }

  @AfterAll
  static void stop() {
    jira.stop();
    moto.close();
  }

  private static Map<String, String> variables() {
    return Map.of(
        "DATABASE_URL", "postgres://app:" + URL_PASSWORD + "@db.internal:5432/reports",
        "GITHUB_TOKEN", TOKEN,
        "CONTACT", EMAIL,
        "API_SECRET", SECRET);
  }

  /** A function carrying canaries in its variables, tags and description. */
  private static void plantedFunction(String name, String keyArn) {
    String arn = aws.createFunction(name, variables(), keyArn).functionArn();
    aws.lambda.tagResource(
        t -> t.resource(arn).tags(Map.of("owner", EMAIL, "note", SECRET, "team", "reporting")));
    aws.lambda.updateFunctionConfiguration(
        u -> u.functionName(arn).description("Contact " + EMAIL + " " + SECRET));
  }

  /**
   * A recorded event with canaries in its free-form fields (tags, description, user agent,
   * variables).
   */
  private static byte[] plantedEvent(String file) {
    String json =
        new String(Invoker.event(file), StandardCharsets.UTF_8)
            .replace("\"description\": \"\"", "\"description\": \"Contact " + EMAIL + "\"")
            .replace(
                "\"team\": ",
                "\"owner\": \"" + EMAIL + "\", \"note\": \"" + SECRET + "\", \"team\": ")
            .replace("\"userAgent\": \"", "\"userAgent\": \"" + SECRET + " ")
            .replace(
                "\"environment\": {}",
                "\"environment\": {\"variables\": {\"DATABASE_URL\": \"postgres://app:"
                    + URL_PASSWORD
                    + "@db\"}}")
            .replace("report-exporter", NAME);
    assertTrue(
        json.contains(EMAIL) && json.contains(SECRET) && json.contains(URL_PASSWORD),
        "canaries planted in " + file);
    return json.getBytes(StandardCharsets.UTF_8);
  }

  private static Map<String, String> env(String keyArn, String... pairs) {
    Map<String, String> env =
        new HashMap<>(
            Map.of(
                "AWS_REGION",
                "us-east-1",
                "MODE",
                "enforce",
                "KMS_KEY_ARN",
                keyArn,
                "SERVICE_ROLE_ARNS",
                Emulator.SERVICE_ROLE,
                "AWS_ENDPOINT_URL",
                moto.endpoint().toString(),
                "WAITER_POLL_MILLIS",
                "20",
                "TICKET_TABLE",
                Emulator.TICKET_TABLE,
                "LOG_GROUP_RETENTION_DAYS",
                "30",
                "PSEUDONYM_SECRET_ARN",
                MotoServer.PSEUDONYM_SECRET_ARN,
                "TICKET_QUEUE_URL",
                TicketsFunction.queue(moto)));
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return env;
  }

  /**
   * Runs the planted event in a new container, then the tickets function on what it queued; its
   * result, or its exception's messages, and the queued messages count as leaked output.
   */
  private void invoke(Map<String, String> env, String eventFile) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      new EncryptionHandler(
              DaggerEncryptionComponent.factory()
                  .create(Config.from(env), Emulator.functionCredentials(env))
                  .runner())
          .handleRequest(
              new ByteArrayInputStream(plantedEvent(eventFile)),
              out,
              new TestContext("encryption").remainingTime(Duration.ofSeconds(30)));
      leaked.add(out.toString(StandardCharsets.UTF_8));
    } catch (Exception e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        leaked.add(String.valueOf(t));
        for (Throwable suppressed : t.getSuppressed()) {
          leaked.add(String.valueOf(suppressed));
        }
      }
    }
    // The tickets queue's messages, as the tickets function receives them, then the tickets it
    // raises from them.
    SqsEventSource.Delivery delivery = TicketsFunction.drain(env, moto);
    assertFalse(delivery.bodies().isEmpty(), "control: the function queued its findings");
    leaked.addAll(delivery.bodies());
  }

  /**
   * The rules of the tickets each sink received since the last call: per path, so a path whose
   * tickets are silently dropped fails its own check instead of hiding behind another path's count.
   * SNS messages are drained into {@code leaked}.
   */
  private Map<String, Set<String>> newTickets(String queueUrl) {
    Map<String, Set<String>> rules = new TreeMap<>();
    for (AwsSecurityFinding finding : aws.findings()) {
      if (countedFindings.add(finding.id())) {
        rules
            .computeIfAbsent("securityhub", s -> new TreeSet<>())
            .add(finding.generatorId().replace("lambdaguard/", ""));
      }
    }
    for (String message : aws.drain(queueUrl)) {
      leaked.add(message);
      JsonNode attributes =
          JsonNode.parser().parse(message).field("MessageAttributes").orElseThrow();
      rules
          .computeIfAbsent("sns", s -> new TreeSet<>())
          .add(attributes.field("rule").orElseThrow().field("Value").orElseThrow().asString());
    }
    List<LoggedRequest> issues = jira.findAll(postRequestedFor(urlEqualTo("/rest/api/3/issue")));
    for (LoggedRequest issue : issues.subList(countedIssues, issues.size())) {
      JsonNode labels =
          JsonNode.parser()
              .parse(issue.getBodyAsString())
              .field("fields")
              .orElseThrow()
              .field("labels")
              .orElseThrow();
      labels.asArray().stream()
          .map(JsonNode::asString)
          .filter(
              label ->
                  label.startsWith("lambdaguard-")
                      && label.substring("lambdaguard-".length()).contains("-"))
          .forEach(
              label ->
                  rules
                      .computeIfAbsent("jira", s -> new TreeSet<>())
                      .add(label.substring("lambdaguard-".length())));
    }
    countedIssues = issues.size();
    return rules;
  }

  @Test
  void noCanary_shouldReachATicketAnItemALogLineOrAnException() throws Exception {
    moto.reset();
    aws.createTicketTargets();
    String keyArn = aws.createKey();
    String[] topic = aws.topicWithSubscriber("lambdaguard-tickets");
    SecretsManagerClient secrets =
        SecretsManagerClient.builder()
            .endpointOverride(moto.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(Emulator.CREDENTIALS)
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .build();
    String jiraSecret =
        secrets
            .createSecret(
                s ->
                    s.name("lambdaguard/jira")
                        .secretString(
                            "{\"email\":\"jira-bot@example.com\",\"apiToken\":\""
                                + JIRA_TOKEN
                                + "\"}"))
            .arn();
    jira.stubFor(
        post("/rest/api/3/issue")
            .willReturn(aResponse().withStatus(201).withBody("{\"id\":\"1\",\"key\":\"SEC-1\"}")));
    plantedFunction(NAME, keyArn);
    plantedFunction("orders-api", null);
    plantedFunction("payments-webhook", keyArn);
    assertTrue(
        aws.configuration(NAME)
            .environment()
            .variables()
            .get("DATABASE_URL")
            .contains(URL_PASSWORD),
        "control: the function really holds the canaries");

    try (LogCapture logs = new LogCapture()) {
      // credentials in variables, Security Hub
      invoke(
          env(keyArn, "TICKET_SINK", "securityhub"),
          "create_function_with_credentials_in_url.json");
      assertEquals(
          Map.of("securityhub", Set.of("env-vars-no-credentials")),
          newTickets(topic[1]),
          "credentials, Security Hub");
      // an unusable configured key and credentials, Security Hub
      aws.kms.disableKey(k -> k.keyId(keyArn));
      invoke(env(keyArn, "TICKET_SINK", "securityhub"), "create_function_without_key.json");
      aws.kms.enableKey(k -> k.keyId(keyArn));
      assertEquals(
          Map.of(
              "securityhub",
              Set.of("env-vars-customer-key", "env-vars-no-credentials", "log-group-customer-key")),
          newTickets(topic[1]),
          "unusable key and credentials, Security Hub");
      // report mode, would-fix and credentials tickets, SNS (the ledger is per finding, not per
      // sink: start afresh)
      leaked.add(aws.ticketItems().toString());
      aws.forgetTickets();
      invoke(
          env(
              keyArn,
              "MODE",
              "report",
              "TICKET_IN_REPORT_MODE",
              "true",
              "TICKET_SINK",
              "sns",
              "TICKET_TOPIC_ARN",
              topic[0]),
          "create_function_without_key.json");
      assertEquals(
          Map.of(
              "sns",
              Set.of("env-vars-customer-key", "env-vars-no-credentials", "log-group-customer-key")),
          newTickets(topic[1]),
          "report mode, SNS");
      // Jira
      leaked.add(aws.ticketItems().toString());
      aws.forgetTickets();
      invoke(
          env(
              keyArn,
              "TICKET_SINK",
              "jira",
              "JIRA_BASE_URL",
              jira.baseUrl(),
              "JIRA_PROJECT_KEY",
              "SEC",
              "JIRA_SECRET_ARN",
              jiraSecret),
          "update_function_configuration_with_api_token.json");
      assertEquals(
          Map.of("jira", Set.of("env-vars-no-credentials")),
          newTickets(topic[1]),
          "credentials, Jira");
      // a sink that fails: the tickets function leaves the report on the queue, the rule function
      // is not failed
      leaked.add(aws.ticketItems().toString());
      aws.forgetTickets();
      invoke(
          env(
              keyArn,
              "TICKET_SINK",
              "sns",
              "TICKET_TOPIC_ARN",
              "arn:aws:sns:us-east-1:123456789012:missing"),
          "update_function_configuration_with_api_token.json");
      assertEquals(Map.of(), newTickets(topic[1]), "a failing sink delivers nothing");
      leaked.add(logs.text());
      assertTrue(
          logs.text().contains("ticket opened in jira"), "control: the log lines were captured");
    }
    assertTrue(
        leaked.stream().anyMatch(l -> l.contains("NotFoundException")),
        "control: the failing sink's exception was caught");

    // then: each path raised its own tickets (checked above, per path and sink), so the search
    // below is not vacuous
    List<LoggedRequest> issues = jira.findAll(postRequestedFor(urlEqualTo("/rest/api/3/issue")));
    List<AwsSecurityFinding> findings = aws.findings();
    leaked.add(findings.toString());
    leaked.add(aws.ticketItems().toString());
    for (LoggedRequest issue : issues) {
      leaked.add(issue.getUrl() + " " + issue.getBodyAsString());
      issue.getHeaders().all().stream()
          .filter(h -> !h.key().equalsIgnoreCase("Authorization"))
          .forEach(h -> leaked.add(h.toString()));
    }
    for (String output : leaked) {
      for (String canary : CANARIES) {
        assertFalse(output.contains(canary), () -> "canary " + canary + " leaked into:\n" + output);
      }
    }
    // and the function named with personal data was ticketed, under its label
    assertTrue(
        findings.stream().anyMatch(f -> f.title().contains("payroll-[redacted:us-ssn] (#")),
        "control: the function named with personal data was ticketed");
  }
}
