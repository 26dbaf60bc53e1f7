package io.lambdaguard.tickets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lambdaguard.config.TicketConfig;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TicketRendererTest {

  @Test
  void identicalFindings_shouldRenderIdenticalTickets() {
    // given two findings built independently
    Ticket first = Findings.ticket(Findings.credentials());
    Ticket second = Findings.ticket(Findings.credentials());
    // then
    assertEquals(first, second);
    assertEquals(first.plainText(), second.plainText());
    assertEquals(first.markdown(), second.markdown());
  }

  @Test
  void dedupKey_shouldDependOnRuleOutcomeFunctionSubjectAndSinkOnly() {
    Finding finding = Findings.credentials();
    Finding laterEvent =
        new Finding(
            finding.ruleId(),
            finding.functionArn(),
            finding.account(),
            finding.region(),
            Optional.of("arn:aws:iam::123456789012:user/bob"),
            Instant.parse("2026-12-01T08:00:00Z"),
            "another-event",
            finding.severity(),
            finding.category(),
            finding.subject(),
            finding.found(),
            finding.notFixedBecause(),
            finding.outcome(),
            finding.fixSteps());
    Finding wouldFix =
        new Finding(
            finding.ruleId(),
            finding.functionArn(),
            finding.account(),
            finding.region(),
            finding.actorArn(),
            finding.eventTime(),
            finding.eventId(),
            finding.severity(),
            finding.category(),
            finding.subject(),
            finding.found(),
            finding.notFixedBecause(),
            Finding.WOULD_FIX,
            finding.fixSteps());
    Tickets securityHub = tickets(new TicketConfig.SecurityHub());

    assertEquals(securityHub.dedupKey(finding), securityHub.dedupKey(laterEvent));
    assertNotEquals(
        securityHub.dedupKey(finding), securityHub.dedupKey(Findings.credentials("API_TOKEN")));
    assertNotEquals(securityHub.dedupKey(finding), securityHub.dedupKey(wouldFix));
    assertNotEquals(
        securityHub.dedupKey(finding), tickets(new TicketConfig.OpsCenter()).dedupKey(finding));
    assertTrue(securityHub.dedupKey(finding).matches("[0-9a-f]{64}"));
  }

  private static Tickets tickets(TicketConfig.Sink sink) {
    return new Tickets(
        new TicketConfig(sink, Optional.of("lambdaguard-tickets"), false),
        () -> null,
        () -> null,
        Findings.PSEUDONYMS,
        Clock.systemUTC());
  }

  @Test
  void ticket_shouldStateRuleFunctionActorTimeWhyAndSteps() {
    String text = Findings.ticket(Findings.credentials()).plainText();
    for (String expected :
        new String[] {
          "env-vars-no-credentials",
          Findings.FUNCTION,
          "account 123456789012",
          "region us-east-1",
          "arn:aws:sts::123456789012:assumed-role/DeployRole/alice",
          "2026-11-27T10:00:03Z",
          "6f1c2a9e-3b1d-4f7a-9c2e-1a5b8d7e0f01",
          "severity HIGH",
          "Environment variable DATABASE_URL holds a URL with embedded credentials.",
          "No automatic fix: only the owner can move a secret out of the configuration.",
          "1. Rotate",
          "2. Remove",
          "   aws lambda get-function-configuration"
        }) {
      assertTrue(text.contains(expected), () -> "missing " + expected + " in:\n" + text);
    }
  }

  @Test
  void title_shouldNameRuleFunctionAndWhatWasFound() {
    assertEquals(
        "[env-vars-no-credentials] orders-api: environment variable DATABASE_URL holds a URL with embedded credentials",
        Findings.ticket(Findings.credentials()).title());
  }

  @Test
  void truncate_shouldCutDeterministicallyAndMarkTheCut() {
    String cut = Ticket.truncate("x".repeat(300), 100);
    assertEquals(100, cut.length());
    assertTrue(cut.endsWith(" [...]"));
    assertEquals("short", Ticket.truncate("short", 100));
  }
}
