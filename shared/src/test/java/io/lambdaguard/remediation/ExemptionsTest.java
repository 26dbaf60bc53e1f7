package io.lambdaguard.remediation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lambdaguard.lambda.FunctionSnapshot;
import io.lambdaguard.personaldata.PersonalDataDetector;
import io.lambdaguard.personaldata.RuleBasedDetector;
import io.lambdaguard.rules.Exemption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ExemptionsTest {
  private static final PersonalDataDetector DETECTOR = RuleBasedDetector.withDefaultPhoneRegions();
  private final AtomicInteger built = new AtomicInteger();
  private final Exemptions exemptions =
      new Exemptions(
          () -> {
            built.incrementAndGet();
            return DETECTOR;
          },
          Clock.fixed(Instant.parse("2026-12-01T11:00:00Z"), ZoneOffset.UTC));

  private static FunctionSnapshot function(Map<String, String> tags) {
    return new FunctionSnapshot(
        "orders-api",
        "arn:aws:lambda:us-east-1:123456789012:function:orders-api",
        "r1",
        "Active",
        "Successful",
        Optional.empty(),
        Map.of(),
        Optional.empty(),
        "",
        tags,
        Optional.empty());
  }

  @Test
  void reasonWithPersonalData_shouldBeShownRedacted() {
    Exemption.Valid valid =
        assertInstanceOf(
            Exemption.Valid.class,
            exemptions.of(
                function(
                    Map.of(
                        "lambdaguard:exempt", "all",
                        "lambdaguard:exempt-reason",
                            "vendor box, ask canary.owner.5521@example.com or +44 20 7946 0958"))));
    String shown = exemptions.reasonShown(valid);
    assertFalse(shown.contains("canary.owner.5521"), shown);
    assertFalse(shown.contains("7946"), shown);
    assertTrue(shown.startsWith("vendor box, ask [redacted:"), shown);
  }

  @Test
  void cleanReason_shouldBeShownAsWritten() {
    Exemption.Valid valid =
        assertInstanceOf(
            Exemption.Valid.class,
            exemptions.of(
                function(
                    Map.of(
                        "lambdaguard:exempt",
                        "all",
                        "lambdaguard:exempt-reason",
                        "vendor appliance CHG-1042"))));
    assertEquals("vendor appliance CHG-1042", exemptions.reasonShown(valid));
  }

  @Test
  void expiry_shouldBeJudgedAtTheClocksTime() {
    Map<String, String> tags =
        Map.of(
            "lambdaguard:exempt",
            "all",
            "lambdaguard:exempt-reason",
            "legacy",
            "lambdaguard:exempt-until",
            "2026-11-30");
    assertEquals(
        "exemption-ignored-expired",
        assertInstanceOf(Exemption.Ignored.class, exemptions.of(function(tags))).code());
  }

  @Test
  void functionWithoutExemption_shouldNotBuildTheDetector() {
    assertEquals(new Exemption.None(), exemptions.of(function(Map.of("team", "orders"))));
    assertEquals(0, built.get());
  }
}
