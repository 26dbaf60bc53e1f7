package io.lambdaguard.tickets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The tickets queue's message: what the tickets function reads is what the rule function sent. */
class TicketReportTest {
  private static final Instant CHECKED = Instant.parse("2026-12-01T10:00:00.123Z");

  @Test
  void report_shouldReadBackAsSent() {
    Finding withoutActor =
        new Finding(
            "xray-customer-managed-key",
            Findings.FUNCTION,
            "123456789012",
            "us-east-1",
            Optional.empty(),
            Instant.parse("2026-12-01T09:59:58Z"),
            "e-2",
            Severity.MEDIUM,
            Category.ENCRYPTION,
            "",
            "X-Ray encrypts with its own key",
            "report mode \"changes\" nothing\n",
            Finding.WOULD_FIX,
            List.of());
    TicketReport sent =
        new TicketReport(
            "orders-api",
            "e-1",
            CHECKED,
            List.of(Findings.credentials(), withoutActor),
            Map.of(
                "env-vars-no-credentials",
                Set.of("DATABASE_URL", "GITHUB_TOKEN"),
                "env-vars-customer-managed-key",
                Set.of()));

    TicketReport read = TicketReport.parse(sent.toJson());

    assertEquals(sent, read);
    assertTrue(TicketReport.isReport(sent.toJson()));
  }

  @Test
  void sameReport_shouldHaveTheSameBody() {
    // The queue's deduplication id is the body's hash: a retried send of the same check must give
    // the same body.
    TicketReport one =
        new TicketReport(
            "orders-api",
            "e-1",
            CHECKED,
            List.of(Findings.credentials()),
            Map.of("a", Set.of("x", "y", "z"), "b", Set.of()));
    TicketReport two =
        new TicketReport(
            "orders-api",
            "e-1",
            CHECKED,
            List.of(Findings.credentials()),
            Map.of("a", Set.of("z", "y", "x"), "b", Set.of()));
    assertEquals(TicketQueue.sha256(one.toJson()), TicketQueue.sha256(two.toJson()));
  }

  @Test
  void emptyReport_shouldSayItIsEmpty() {
    assertTrue(new TicketReport("f", "e", CHECKED, List.of(), Map.of()).isEmpty());
    assertFalse(new TicketReport("f", "e", CHECKED, List.of(), Map.of("rule", Set.of())).isEmpty());
  }

  @Test
  void deadLetters_shouldNotBeReports() {
    assertFalse(TicketReport.isReport("{\"requestContext\":{},\"kind\":\"sweep\"}"));
    assertFalse(TicketReport.isReport("not json \"ticket-report\""));
    assertFalse(TicketReport.isReport("{\"detail\":{\"note\":\"ticket-report\"}}"));
  }

  @Test
  void malformedReport_shouldNameTheFieldNeverItsValue() {
    String canary = "canary-4111111111111111";
    String body =
        new TicketReport("f", "e", CHECKED, List.of(Findings.credentials()), Map.of())
            .toJson()
            .replace("\"HIGH\"", "\"" + canary + "\"");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TicketReport.parse(body));
    assertEquals("severity: unknown value", e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> TicketReport.parse("{\"version\":\"2\",\"kind\":\"ticket-report\"}"));
    assertThrows(
        IllegalArgumentException.class,
        () -> TicketReport.parse(body.replace("\"stillFound\":{}", "\"stillFound\":[]")));
  }
}
