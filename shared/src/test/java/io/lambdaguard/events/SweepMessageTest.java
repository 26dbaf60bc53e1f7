package io.lambdaguard.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lambdaguard.events.InvalidSweepMessageException.Reason;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The sweep queue's message body: written by the sweep, read by the functions that check rules. */
class SweepMessageTest {
  private static final String ARN = "arn:aws:lambda:us-east-1:123456789012:function:orders-api";
  private static final Instant LISTED = Instant.parse("2026-12-01T09:00:00Z");

  @Test
  void toJson_shouldWriteTheDocumentedVersionOneDocument() {
    SweepMessage message = new SweepMessage("5b9d6a1e-0c1f-4a7b-9e2d-3f4a5b6c7d8e", ARN, LISTED);

    assertEquals(
        "{\"version\":\"1\",\"kind\":\"sweep\",\"sweepId\":\"5b9d6a1e-0c1f-4a7b-9e2d-3f4a5b6c7d8e\","
            + "\"functionArn\":\""
            + ARN
            + "\",\"listedAt\":\"2026-12-01T09:00:00Z\"}",
        message.toJson());
  }

  @Test
  void parse_shouldReadWhatToJsonWrites() {
    SweepMessage message = new SweepMessage(UUID.randomUUID().toString(), ARN, LISTED);

    assertEquals(message, SweepMessage.parse(message.toJson()));
  }

  @Test
  void parse_shouldIgnoreFieldsItDoesNotKnow() {
    String body =
        "{\"version\":\"1\",\"kind\":\"sweep\",\"sweepId\":\"s1\",\"functionArn\":\""
            + ARN
            + "\",\"listedAt\":\"2026-12-01T09:00:00Z\",\"addedLater\":{\"x\":1}}";

    assertEquals(new SweepMessage("s1", ARN, LISTED), SweepMessage.parse(body));
  }

  @Test
  void parse_shouldAcceptOtherPartitions() {
    String govArn = "arn:aws-us-gov:lambda:us-gov-west-1:123456789012:function:f";

    assertEquals(
        govArn, SweepMessage.parse(new SweepMessage("s1", govArn, LISTED).toJson()).functionArn());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "not json|{oops|NOT_JSON|$",
        "array|[1,2]|NOT_AN_OBJECT|$",
        "null|null|NOT_AN_OBJECT|$",
        "no version|{\"kind\":\"sweep\"}|MISSING_FIELD|version",
        "numeric version|{\"version\":1}|WRONG_TYPE|version",
        "future version|{\"version\":\"2\",\"kind\":\"sweep\"}|UNSUPPORTED_VERSION|version",
        "other kind|{\"version\":\"1\",\"kind\":\"event\"}|WRONG_KIND|kind",
        "no function|{\"version\":\"1\",\"kind\":\"sweep\",\"sweepId\":\"s\",\"listedAt\":\"2026-12-01T09:00:00Z\"}|MISSING_FIELD|functionArn",
        "qualified ARN|{\"version\":\"1\",\"kind\":\"sweep\",\"sweepId\":\"s\",\"listedAt\":\"2026-12-01T09:00:00Z\",\"functionArn\":\"arn:aws:lambda:us-east-1:123456789012:function:f:7\"}|BAD_VALUE|functionArn",
        "layer ARN|{\"version\":\"1\",\"kind\":\"sweep\",\"sweepId\":\"s\",\"listedAt\":\"2026-12-01T09:00:00Z\",\"functionArn\":\"arn:aws:lambda:us-east-1:123456789012:layer:f\"}|BAD_VALUE|functionArn",
        "bad sweep id|{\"version\":\"1\",\"kind\":\"sweep\",\"sweepId\":\"a b\",\"listedAt\":\"2026-12-01T09:00:00Z\",\"functionArn\":\"arn:aws:lambda:us-east-1:123456789012:function:f\"}|BAD_VALUE|sweepId",
        "bad time|{\"version\":\"1\",\"kind\":\"sweep\",\"sweepId\":\"s\",\"listedAt\":\"yesterday\",\"functionArn\":\"arn:aws:lambda:us-east-1:123456789012:function:f\"}|BAD_VALUE|listedAt",
      })
  void parse_shouldRejectWhatIsNoSweepMessage_withReasonAndField(
      String name, String body, Reason reason, String field) {
    InvalidSweepMessageException e =
        assertThrows(InvalidSweepMessageException.class, () -> SweepMessage.parse(body));

    assertEquals(reason, e.reason(), e.getMessage());
    assertEquals(field, e.field());
  }

  @Test
  void parse_shouldRejectAnOversizedBodyWithoutReadingIt() {
    String body = "{\"version\":\"1\",\"pad\":\"" + "x".repeat(SweepMessage.MAX_BYTES) + "\"}";

    assertEquals(
        Reason.NOT_JSON,
        assertThrows(InvalidSweepMessageException.class, () -> SweepMessage.parse(body)).reason());
  }

  @Test
  void errors_shouldNeverQuoteTheValue() {
    String canary = "canary." + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    String body =
        "{\"version\":\"1\",\"kind\":\"sweep\",\"sweepId\":\"s\",\"listedAt\":\"2026-12-01T09:00:00Z\","
            + "\"functionArn\":\"arn:aws:lambda:us-east-1:123456789012:function:"
            + canary
            + "\"}";

    InvalidSweepMessageException e =
        assertThrows(InvalidSweepMessageException.class, () -> SweepMessage.parse(body));

    assertEquals(Reason.BAD_VALUE, e.reason());
    assertFalse(e.getMessage().contains(canary), e.getMessage());
  }

  @Test
  void accountMessage_shouldWriteItsDocumentAndReadBackAsTheRunsAccountCheck() {
    AccountSweepMessage message = new AccountSweepMessage("s1", LISTED);

    assertEquals(
        "{\"version\":\"1\",\"kind\":\"sweep-account\",\"sweepId\":\"s1\",\"listedAt\":\"2026-12-01T09:00:00Z\"}",
        message.toJson());
    assertEquals(message, SweepCheck.parse(message.toJson()));
  }

  @Test
  void accountMessage_shouldBeAnAccountLevelTriggerWithoutFunction() {
    CloudTrailEvent event =
        new AccountSweepMessage("s1", LISTED).toEvent("msg-1", "123456789012", "eu-west-1");

    assertEquals(LambdaOperation.SWEEP_ACCOUNT, event.operation());
    assertTrue(event.operation().accountLevel());
    assertEquals(Optional.empty(), event.function());
    assertEquals("123456789012", event.account());
    assertEquals("eu-west-1", event.region());
    assertEquals("msg-1", event.eventId());
  }

  @Test
  void functionMessage_shouldNotWakeAccountLevelRules() {
    assertFalse(new SweepMessage("s1", ARN, LISTED).toEvent("msg-1").operation().accountLevel());
  }

  @Test
  void parseOfAFunctionMessage_shouldRefuseTheAccountMessage() {
    String body = new AccountSweepMessage("s1", LISTED).toJson();

    assertEquals(
        Reason.WRONG_KIND,
        assertThrows(InvalidSweepMessageException.class, () -> SweepMessage.parse(body)).reason());
  }

  @Test
  void accountMessageWithBadSweepId_shouldBeRefused() {
    String body =
        "{\"version\":\"1\",\"kind\":\"sweep-account\",\"sweepId\":\"a b\",\"listedAt\":\"2026-12-01T09:00:00Z\"}";

    InvalidSweepMessageException e =
        assertThrows(InvalidSweepMessageException.class, () -> SweepCheck.parse(body));
    assertEquals(Reason.BAD_VALUE, e.reason());
    assertEquals("sweepId", e.field());
  }
}
