package io.lambdaguard.ticketing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lambdaguard.config.TicketConfig;
import io.lambdaguard.events.QueueMessage;
import io.lambdaguard.events.QueueMessages;
import io.lambdaguard.events.SweepMessage;
import io.lambdaguard.personaldata.RuleBasedDetector;
import io.lambdaguard.pseudonyms.Pseudonyms;
import io.lambdaguard.remediation.FunctionLabels;
import io.lambdaguard.tickets.Finding;
import io.lambdaguard.tickets.Ticket;
import io.lambdaguard.tickets.TicketRenderer;
import io.lambdaguard.tickets.Tickets;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Both dead-letter shapes, read from the recorded SQS events, and the findings they become. */
class DeadLettersTest {
  private static final String ENCRYPTION_FUNCTION =
      "arn:aws:lambda:us-east-1:123456789012:function:lambdaguard-EncryptionFunction-Q1w2E3r4T5y6";
  private static final String ORDERS_API =
      "arn:aws:lambda:us-east-1:123456789012:function:orders-api";
  private static final String EVENT_ID = "6f1c2a9e-3b1d-4f7a-9c2e-1a5b8d7e0f01";

  /** The ticket service's dedup keys under a fixed pseudonym key: rendering needs no ledger. */
  private static final Tickets TICKETS =
      new Tickets(
          new TicketConfig(new TicketConfig.OpsCenter(), Optional.of("tickets"), false),
          () -> null,
          () -> null,
          Pseudonyms.withKey(
              "a-test-key-that-no-stack-has-ever-used".getBytes(StandardCharsets.UTF_8)),
          Clock.systemUTC());

  private static Ticket render(Finding finding) {
    return TicketRenderer.render(finding, TICKETS.dedupKey(finding));
  }

  private static DeadLetter only(String file) {
    List<QueueMessage> messages = SqsEvents.messages(file);
    assertEquals(1, messages.size());
    return DeadLetters.parse(messages.getFirst());
  }

  @Test
  void lambdaOnFailureRecord_shouldNameTheFailedFunctionErrorTypeAndTheOriginalEvent() {
    DeadLetter dead = only(SqsEvents.FROM_LAMBDA);

    assertEquals(
        new DeadLetter.Failure.FunctionFailed(
            ENCRYPTION_FUNCTION + ":$LATEST",
            "software.amazon.awssdk.core.exception.SdkClientException",
            "RetriesExhausted",
            3),
        dead.failure());
    assertEquals(EVENT_ID, dead.event().orElseThrow().eventId());
    assertEquals(Optional.of(ORDERS_API), dead.event().orElseThrow().functionArn());
    assertEquals(Instant.parse("2026-11-27T10:00:03Z"), dead.time());
  }

  @Test
  void eventBridgeDeadLetter_shouldNameTheRuleTargetAndErrorCode() {
    DeadLetter dead = only(SqsEvents.FROM_EVENTBRIDGE);

    DeadLetter.Failure.DeliveryFailed failure =
        assertInstanceOf(DeadLetter.Failure.DeliveryFailed.class, dead.failure());
    assertEquals("SDK_CLIENT_ERROR", failure.errorCode());
    assertEquals(Optional.of(ENCRYPTION_FUNCTION), failure.targetArn());
    assertTrue(
        failure
            .ruleArn()
            .orElseThrow()
            .startsWith("arn:aws:events:us-east-1:123456789012:rule/lambdaguard-"));
    assertEquals(EVENT_ID, dead.event().orElseThrow().eventId());
  }

  @Test
  void bothShapesOfOneDeadEvent_shouldShareTheDedupKey() {
    Finding fromLambda = DeadLetterConsumer.finding(only(SqsEvents.FROM_LAMBDA), arn -> arn);
    Finding fromEventBridge =
        DeadLetterConsumer.finding(only(SqsEvents.FROM_EVENTBRIDGE), arn -> arn);
    assertEquals(TICKETS.dedupKey(fromLambda), TICKETS.dedupKey(fromEventBridge));
    assertEquals(EVENT_ID, fromLambda.subject());
  }

  @Test
  void finding_shouldStateEventFunctionActorAndFailureButNoFreeFormField() {
    // given: the original event has tags (team=payments, cost-center=4711), a user agent and an IP
    // address;
    // the failure has an error message and a stack trace
    Finding finding = DeadLetterConsumer.finding(only(SqsEvents.FROM_LAMBDA), arn -> arn);
    // when
    String ticket = render(finding).plainText() + render(finding).title();
    // then
    assertEquals(ORDERS_API, finding.functionArn());
    assertEquals(
        Optional.of("arn:aws:sts::123456789012:assumed-role/DeployRole/alice"), finding.actorArn());
    assertTrue(
        ticket.contains(
            "the CreateFunction20150331 call was never checked: lambdaguard function "
                + ENCRYPTION_FUNCTION
                + ":$LATEST failed with software.amazon.awssdk.core.exception.SdkClientException after 3 attempts (RetriesExhausted)"),
        ticket);
    assertTrue(ticket.contains(EVENT_ID));
    for (String freeForm :
        List.of(
            "payments",
            "4711",
            "Read timed out",
            "198.51.100.23",
            "aws-cli",
            "SdkClientException.java")) {
      assertFalse(ticket.contains(freeForm), () -> "copied " + freeForm + " into:\n" + ticket);
    }
  }

  @Test
  void eventBridgeFinding_shouldNotCopyTheErrorMessage() {
    String ticket =
        render(DeadLetterConsumer.finding(only(SqsEvents.FROM_EVENTBRIDGE), arn -> arn))
            .plainText();
    assertTrue(
        ticket.contains("could not deliver it to " + ENCRYPTION_FUNCTION + " (SDK_CLIENT_ERROR)"),
        ticket);
    assertTrue(
        ticket.contains(
            "aws events list-targets-by-rule --rule lambdaguard-EncryptionFunctionFunctionCreatedOrR-8Kd3Lm5Np7Qr"));
    assertFalse(ticket.contains("Rate Exceeded"));
  }

  @Test
  void unreadableMessage_shouldStillBecomeATicketKeyedByTheMessage() {
    DeadLetter dead =
        DeadLetters.parse(
            new QueueMessage(
                "m-1",
                "not json: alice@example.com",
                Map.of(),
                Optional.empty(),
                "arn:aws:sqs:us-east-1:123456789012:lambdaguard-DeadLetterQueue-X"));

    Finding finding = DeadLetterConsumer.finding(dead, arn -> arn);

    assertInstanceOf(DeadLetter.Failure.Unrecognised.class, dead.failure());
    assertEquals("sqs-message/m-1", finding.subject());
    assertEquals(Finding.NO_FUNCTION, finding.functionArn());
    assertEquals("123456789012", finding.account());
    assertFalse(render(finding).plainText().contains("alice@example.com"));
  }

  @Test
  void malformedAttributes_shouldBeDroppedNotEchoed() {
    DeadLetter dead =
        DeadLetters.parse(
            new QueueMessage(
                "m-2",
                SqsEvents.messages(SqsEvents.FROM_EVENTBRIDGE).getFirst().body(),
                Map.of("ERROR_CODE", "bob@example.com wrote this", "RULE_ARN", "not an arn"),
                Optional.empty(),
                ""));

    DeadLetter.Failure.DeliveryFailed failure =
        assertInstanceOf(DeadLetter.Failure.DeliveryFailed.class, dead.failure());

    assertEquals("unrecognised", failure.errorCode());
    assertEquals(Optional.empty(), failure.ruleArn());
  }

  @Test
  void sweepMessageMovedByTheRedrive_shouldBeASweepTicketNamingTheFunctionByItsLabel() {
    String arn = "arn:aws:lambda:us-east-1:123456789012:function:payroll-536-22-8741";
    SweepMessage sweep = new SweepMessage("sweep-1", arn, Instant.parse("2026-12-01T09:00:00Z"));
    DeadLetter dead =
        DeadLetters.parse(
            new QueueMessage(
                "m-3",
                sweep.toJson(),
                Map.of(),
                Optional.empty(),
                "arn:aws:sqs:us-east-1:123456789012:lambdaguard-DeadLetterQueue-X"));
    FunctionLabels labels =
        new FunctionLabels(
            RuleBasedDetector::withDefaultPhoneRegions,
            Pseudonyms.withKey(
                "a-test-key-that-no-stack-has-ever-used".getBytes(StandardCharsets.UTF_8)),
            true);

    Finding finding = labels.label(DeadLetterConsumer.finding(dead, labels::label));
    String ticket = render(finding).plainText();

    assertEquals(new DeadLetter.Failure.SweepFailed("sweep-1"), dead.failure());
    assertEquals("m-3", finding.subject());
    assertEquals(Instant.parse("2026-12-01T09:00:00Z"), finding.eventTime());
    assertTrue(
        ticket.contains("Sweep sweep-1 listed this function, but no check of it completed"),
        ticket);
    assertTrue(ticket.contains("The sweep message failed at every delivery"), ticket);
    assertTrue(
        ticket.contains("aws lambda get-function --function-name " + labels.label(arn)), ticket);
    assertFalse(ticket.contains("536-22-8741"), ticket);
    assertFalse(ticket.contains("could not be read"), ticket);
  }

  @Test
  void inputThatIsNoSqsEvent_shouldFailLoudly() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            QueueMessages.parse(
                new ByteArrayInputStream("{\"detail\":{}}".getBytes(StandardCharsets.UTF_8))));
  }
}
