package io.lambdaguard.encryption;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lambdaguard.config.TicketConfig;
import io.lambdaguard.events.CloudTrailEvent;
import io.lambdaguard.events.CloudTrailEvents;
import io.lambdaguard.lambda.FunctionSnapshot;
import io.lambdaguard.pseudonyms.Pseudonyms;
import io.lambdaguard.remediation.RuleFindings;
import io.lambdaguard.rules.Verdict;
import io.lambdaguard.tickets.Finding;
import io.lambdaguard.tickets.Ticket;
import io.lambdaguard.tickets.TicketRenderer;
import io.lambdaguard.tickets.Tickets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The example ticket of docs/tickets.md is the renderer's real output for a recorded event: this
 * test renders it, writes it to {@code functions/encryption/target/example-ticket.txt}, and fails
 * when docs/tickets.md shows anything else.
 */
class ExampleTicketTest {

  @Test
  void docsExample_shouldBeTheRenderedTicketOfTheRecordedCredentialsEvent() throws IOException {
    // given: the recorded event and the function it names, with a URL holding a password
    Path root = Path.of(System.getProperty("lambdaguard.root"));
    CloudTrailEvent event =
        CloudTrailEvents.parse(
            Files.readString(
                root.resolve("events/lambda/create_function_with_credentials_in_url.json"),
                StandardCharsets.UTF_8));
    FunctionSnapshot function =
        new FunctionSnapshot(
            "report-exporter",
            event.functionArn().orElseThrow(),
            "rev-1",
            "Active",
            "Successful",
            Optional.of(
                "arn:aws:kms:us-east-1:123456789012:key/5f1e2d3c-4b5a-4968-8776-655443322110"),
            Map.of(
                "DATABASE_URL",
                "postgres://reporting:" + "example-password" + "@db.internal:5432/reports",
                "STAGE",
                "prod"),
            Optional.empty(),
            "",
            Map.of("team", "reporting"),
            Optional.empty());
    EnvVarsHoldNoCredentials rule = new EnvVarsHoldNoCredentials();
    Verdict.NonCompliant violation = (Verdict.NonCompliant) rule.check(function);
    // when: the runner turns it into a finding, the renderer into a ticket
    Finding finding =
        RuleFindings.of(
            rule,
            function,
            event,
            violation.evidence().getFirst(),
            rule.whyNoAutomaticFix(),
            Finding.CANNOT_FIX);
    Tickets opsCenter =
        new Tickets(
            new TicketConfig(
                new TicketConfig.OpsCenter(), Optional.of("lambdaguard-tickets"), false),
            () -> null,
            () -> null,
            Pseudonyms.withKey(
                "the example stack's pseudonym secret".getBytes(StandardCharsets.UTF_8)),
            Clock.systemUTC());
    Ticket ticket = TicketRenderer.render(finding, opsCenter.dedupKey(finding));
    String example = ticket.title() + "\n\n" + ticket.plainText();
    Files.writeString(
        root.resolve("functions/encryption/target/example-ticket.txt"),
        example,
        StandardCharsets.UTF_8);
    // then
    String doc = Files.readString(root.resolve("docs/tickets.md"), StandardCharsets.UTF_8);
    assertTrue(
        doc.contains("```text\n" + example + "```\n"),
        () ->
            "docs/tickets.md must show this ticket (functions/encryption/target/example-ticket.txt) in a ```text block:\n"
                + example);
  }
}
