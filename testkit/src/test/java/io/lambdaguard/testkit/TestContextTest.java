package io.lambdaguard.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestContextTest {

  /** A clock the test moves by hand. */
  private static final class ManualClock extends Clock {
    private Instant now = Instant.parse("2026-03-01T10:00:00Z");

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }
  }

  @Test
  void remainingTime_shouldCountDownToTheDeadline() {
    ManualClock clock = new ManualClock();
    TestContext context = new TestContext("fn", clock).remainingTime(Duration.ofMillis(900));

    clock.advance(Duration.ofMillis(300));

    assertEquals(600, context.getRemainingTimeInMillis());
  }

  @Test
  void deadlinePassed_shouldReportZeroRemaining() {
    ManualClock clock = new ManualClock();
    TestContext context = new TestContext("fn", clock).remainingTime(Duration.ofSeconds(1));

    clock.advance(Duration.ofSeconds(5));

    assertEquals(0, context.getRemainingTimeInMillis());
  }

  @Test
  void newContext_shouldDescribeTheFunctionInTheEmulatedAccount() {
    TestContext context = new TestContext("encryption", new ManualClock());

    assertEquals(30_000, context.getRemainingTimeInMillis());
    assertEquals(
        "arn:aws:lambda:us-east-1:123456789012:function:encryption",
        context.getInvokedFunctionArn());
    assertEquals("/aws/lambda/encryption", context.getLogGroupName());
    assertEquals("$LATEST", context.getFunctionVersion());
  }

  @Test
  void logger_shouldCollectEachMessageAsALine() {
    TestContext context = new TestContext("fn");

    context.getLogger().log("first\n");
    context.getLogger().log("second".getBytes(StandardCharsets.UTF_8));

    assertEquals(List.of("first", "second"), context.logLines());
  }
}
