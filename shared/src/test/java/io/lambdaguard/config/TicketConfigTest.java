package io.lambdaguard.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TicketConfigTest {
  private static final String TOPIC = "arn:aws:sns:us-east-1:123456789012:lambdaguard-tickets";
  private static final String SECRET =
      "arn:aws:secretsmanager:us-east-1:123456789012:secret:lambdaguard/jira-AbCdEf";

  private static TicketConfig tickets(String... pairs) {
    Map<String, String> env = new HashMap<>(Map.of("AWS_REGION", "us-east-1", "MODE", "enforce"));
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return Config.from(env).tickets();
  }

  @Test
  void nothingSet_shouldDefaultToOpsCenterWithoutReportModeTickets() {
    TicketConfig config = tickets();
    assertInstanceOf(TicketConfig.OpsCenter.class, config.sink());
    assertFalse(config.inReportMode());
    assertEquals(Optional.empty(), config.table());
  }

  @Test
  void missingTable_shouldFailWhenTheTicketServiceNeedsItNamingTheVariable() {
    ConfigException e = assertThrows(ConfigException.class, () -> tickets().requireTable());
    assertTrue(e.getMessage().contains("TICKET_TABLE"), e.getMessage());
  }

  @Test
  void sns_shouldCarryTheTopic() {
    TicketConfig config =
        tickets(
            "TICKET_SINK", "SNS", "TICKET_TOPIC_ARN", TOPIC, "TICKET_TABLE", "lambdaguard-tickets");
    assertEquals(new TicketConfig.Sns(TOPIC), config.sink());
    assertEquals("lambdaguard-tickets", config.requireTable());
  }

  @Test
  void snsWithoutTopic_shouldFailAtInit() {
    ConfigException e = assertThrows(ConfigException.class, () -> tickets("TICKET_SINK", "sns"));
    assertTrue(e.getMessage().contains("TICKET_TOPIC_ARN"));
  }

  @Test
  void jira_shouldCarryItsSettingsAndDefaultTheIssueType() {
    TicketConfig config =
        tickets(
            "TICKET_SINK",
            "jira",
            "JIRA_BASE_URL",
            "https://example.atlassian.net/",
            "JIRA_PROJECT_KEY",
            "SEC",
            "JIRA_SECRET_ARN",
            SECRET);
    assertEquals(
        new TicketConfig.Jira(URI.create("https://example.atlassian.net"), "SEC", "Task", SECRET),
        config.sink());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://example.atlassian.net",
        "https://user:pw@example.atlassian.net",
        "https://example.atlassian.net/jira",
        "tickets.example.com"
      })
  void jiraUrlThatIsNotAPlainHttpsSite_shouldFailWithoutEchoingIt(String url) {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                tickets(
                    "TICKET_SINK",
                    "jira",
                    "JIRA_BASE_URL",
                    url,
                    "JIRA_PROJECT_KEY",
                    "SEC",
                    "JIRA_SECRET_ARN",
                    SECRET));
    assertTrue(e.getMessage().contains("JIRA_BASE_URL"));
    assertFalse(e.getMessage().contains(url));
  }

  @Test
  void jiraOnLoopbackHttp_shouldBeAcceptedForStubServers() {
    TicketConfig config =
        tickets(
            "TICKET_SINK",
            "jira",
            "JIRA_BASE_URL",
            "http://127.0.0.1:8089",
            "JIRA_PROJECT_KEY",
            "SEC",
            "JIRA_SECRET_ARN",
            SECRET);
    assertEquals(
        URI.create("http://127.0.0.1:8089"), ((TicketConfig.Jira) config.sink()).baseUrl());
  }

  @Test
  void unknownSink_shouldFail() {
    assertThrows(ConfigException.class, () -> tickets("TICKET_SINK", "email"));
  }

  @Test
  void reportModeTickets_shouldBeABoolean() {
    assertTrue(tickets("TICKET_IN_REPORT_MODE", "TRUE").inReportMode());
    assertThrows(ConfigException.class, () -> tickets("TICKET_IN_REPORT_MODE", "yes"));
  }

  @Test
  void none_shouldNeedNoTable() {
    assertInstanceOf(TicketConfig.NoSink.class, tickets("TICKET_SINK", "none").sink());
  }

  @Test
  void ticketQueue_shouldBeAFifoQueueUrlRequiredOnlyWhenAsked() {
    String url =
        "https://sqs.us-east-1.amazonaws.com/123456789012/lambdaguard-TicketQueue-AbC.fifo";
    assertEquals(url, tickets("TICKET_QUEUE_URL", url).requireQueueUrl());
    assertThrows(
        ConfigException.class, () -> tickets("TICKET_QUEUE_URL", url.replace(".fifo", "")));
    ConfigException e = assertThrows(ConfigException.class, () -> tickets().requireQueueUrl());
    assertTrue(e.getMessage().contains("TICKET_QUEUE_URL"), e.getMessage());
  }
}
