package io.lambdaguard.remediation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lambdaguard.remediation.Outcome.Status;
import io.lambdaguard.remediation.OutcomeMetrics.Trigger;
import io.lambdaguard.tickets.TicketRef;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/** The EMF lines: what CloudWatch turns into the metrics the dashboard and alarms read. */
class OutcomeMetricsTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final OutcomeMetrics metrics =
      new OutcomeMetrics(
          new PrintStream(bytes, true, StandardCharsets.UTF_8),
          Clock.fixed(Instant.parse("2026-12-01T09:00:00Z"), ZoneOffset.UTC));

  private JsonNode onlyLine() {
    String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
    assertEquals(1, lines.length);
    return JsonNode.parser().parse(lines[0]);
  }

  private static List<String> strings(JsonNode array) {
    return array.asArray().stream().map(JsonNode::asString).toList();
  }

  private static JsonNode directive(JsonNode line) {
    return line.field("_aws")
        .orElseThrow()
        .field("CloudWatchMetrics")
        .orElseThrow()
        .asArray()
        .get(0);
  }

  @Test
  void outcome_shouldCountByRuleOutcomeReasonAndTrigger_withTheFindingsItQueuedForTickets() {
    Outcome outcome =
        new Outcome(
            "env-vars-customer-key",
            "fn",
            Status.ERROR,
            "cannot-fix",
            "refused",
            List.of(
                new TicketRef("A", TicketRef.State.QUEUED, "securityhub", ""),
                new TicketRef("B", TicketRef.State.DUPLICATE, "securityhub", "t2"),
                new TicketRef("C", TicketRef.State.QUEUED, "securityhub", "")));

    metrics.count(outcome, Trigger.SWEEP);

    JsonNode line = onlyLine();
    JsonNode directive = directive(line);
    assertEquals("lambdaguard", directive.field("Namespace").orElseThrow().asString());
    assertEquals(
        List.of(
            List.of("rule", "outcome"),
            List.of("outcome", "reasonCode"),
            List.of("trigger", "rule", "outcome")),
        directive.field("Dimensions").orElseThrow().asArray().stream()
            .map(OutcomeMetricsTest::strings)
            .toList());
    assertEquals(
        List.of("Outcomes", "TicketsQueued"),
        directive.field("Metrics").orElseThrow().asArray().stream()
            .map(m -> m.field("Name").orElseThrow().asString())
            .toList());
    assertEquals("sweep", line.field("trigger").orElseThrow().asString());
    assertEquals("env-vars-customer-key", line.field("rule").orElseThrow().asString());
    assertEquals("error", line.field("outcome").orElseThrow().asString());
    assertEquals("cannot-fix", line.field("reasonCode").orElseThrow().asString());
    assertEquals("1", line.field("Outcomes").orElseThrow().asNumber());
    assertEquals("2", line.field("TicketsQueued").orElseThrow().asNumber());
    assertEquals(
        "1796115600000",
        line.field("_aws").orElseThrow().field("Timestamp").orElseThrow().asNumber());
  }

  @Test
  void eventOutcome_shouldSayTriggerEvent_andOpenNoTicketWhenItRaisedNone() {
    metrics.count(
        new Outcome("tags-no-personal-data", "fn", Status.FIXED, "fixed", "stripped"),
        Trigger.EVENT);

    JsonNode line = onlyLine();
    assertEquals("event", line.field("trigger").orElseThrow().asString());
    assertEquals("0", line.field("TicketsQueued").orElseThrow().asNumber());
  }

  @Test
  void sweepBatch_shouldCountCheckedAndFailedMessages_byFunction() {
    metrics.sweepBatch("lambdaguard-encryption", 9, 1);

    JsonNode line = onlyLine();
    assertEquals(
        List.of(List.of("function")),
        directive(line).field("Dimensions").orElseThrow().asArray().stream()
            .map(OutcomeMetricsTest::strings)
            .toList());
    assertEquals("lambdaguard-encryption", line.field("function").orElseThrow().asString());
    assertEquals("9", line.field("FunctionsChecked").orElseThrow().asNumber());
    assertEquals("1", line.field("SweepMessagesFailed").orElseThrow().asNumber());
  }
}
